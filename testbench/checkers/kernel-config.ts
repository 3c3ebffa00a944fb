// The hand-off checkers' configuration for a system built from the L4 kernel (kernel/build.ts):
// the ABI facts (threads with their ids, UTCBs, stacks and interrupt lines; MR0.. in r3..r(2+NREG);
// the IPC system call), where the page tables are, which address-space switch the hardware uses,
// the phase symbols, and names for kernel memory that evidence can mention. Nothing here tells the
// checkers where a kernel might keep a message: they follow the data.
import { KERNEL_L2, L2_TABLES, L2_TABLES_SIZE, PAGE_TABLES, SYSCALL } from '../../kernel/abi.ts';
import type { BuiltSystem } from '../../kernel/build.ts';
import type { AddressRange, HandoffConfig, ThreadInfo } from './config.ts';
import { resolvePhaseMarkers } from './phase-markers.ts';
import type { SwitchPolicyName } from './switch-policy.ts';

/** One 16 KB first-level table per space (0 = the kernel's, 1..7 user spaces). */
const PAGE_TABLE_BYTES = 8 * 16 * 1024;
const TCB_BYTES = 256;

export const POLICY_OF_STRATEGY: Readonly<Record<BuiltSystem['config']['switchStrategy'], SwitchPolicyName>> = { full: 'flush', fcse: 'fcse', asid: 'asid' };

export function kernelThreads(sys: BuiltSystem): ThreadInfo[] {
  return sys.threads.map((t) => ({ name: t.name, id: t.id, utcb: t.utcb, stackTop: t.stackTop, stackSize: t.stackSize, irqs: t.irqs }));
}

/** Kernel memory by physical address, for naming addresses in evidence (never used to judge). */
export function kernelRegions(sys: BuiltSystem): AddressRange[] {
  const sym = (n: string): number | undefined => sys.kernel.symbols.get(n);
  const out: AddressRange[] = [];
  const tcbs = sym('tcbs');
  if (tcbs !== undefined) {
    out.push({ name: 'TCB of the idle thread', base: tcbs, size: TCB_BYTES });
    for (const t of sys.threads) out.push({ name: `TCB of ${t.name}`, base: tcbs + t.id * TCB_BYTES, size: TCB_BYTES });
  }
  const scratch = sym('und_scratch');
  const top = sym('kstack_top');
  if (scratch !== undefined && top !== undefined) out.push({ name: 'kernel stack', base: scratch + 8, size: top - scratch - 8 });
  for (const t of sys.threads) out.push({ name: `UTCB of ${t.name}`, base: t.utcb, size: 512 });
  const text = sys.kernel.segments;
  for (const g of text) out.push({ name: `kernel ${g.name}`, base: g.address, size: Math.max(g.memSize, 1) });
  return out;
}

export function kernelHandoffConfig(sys: BuiltSystem, extra: HandoffConfig = {}): HandoffConfig {
  return {
    threads: kernelThreads(sys),
    mrRegisters: Array.from({ length: sys.config.nreg }, (_, k) => 3 + k),
    pageTables: [
      { name: 'first-level tables', base: PAGE_TABLES, size: PAGE_TABLE_BYTES },
      { name: 'second-level tables', base: L2_TABLES, size: L2_TABLES_SIZE },
      { name: 'kernel second-level table', base: KERNEL_L2, size: 1024 },
    ],
    switchPolicy: POLICY_OF_STRATEGY[sys.config.switchStrategy],
    regions: kernelRegions(sys),
    phases: resolvePhaseMarkers(sys.image),
    ipcSwis: [SYSCALL.ipc],
    ...extra,
  };
}
