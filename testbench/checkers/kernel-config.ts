// The hand-off checker's configuration for a system built from the L4 kernel (kernel/build.ts):
// which registers hold MRs (r3..r(2+NREG)), where each thread's UTCB is as the kernel addresses it,
// where the page tables are, the IPC system call and the phase symbols (kernel/ABI.md).
import { PAGE_TABLES, SYSCALL, UTCB_SIZE } from '../../kernel/abi.ts';
import type { BuiltSystem } from '../../kernel/build.ts';
import type { AddressRange, HandoffConfig } from './config.ts';
import { resolvePhaseMarkers } from './phase-markers.ts';

/** FCSE relocates VAs below 32 MB into slot s: the kernel reaches space s's UTCBs by that MVA. */
const FCSE_SLOT = 32 << 20;
/** With FCSE the kernel reaches its own data (and the page tables) at KDATA + physical address. */
const FCSE_KDATA = 0x2000_0000;
/** One 16 KB first-level table per space (0 = the kernel's, 1..7 user spaces). */
const PAGE_TABLE_BYTES = 8 * 16 * 1024;

export function kernelHandoffConfig(sys: BuiltSystem, extra: HandoffConfig = {}): HandoffConfig {
  const fcse = sys.config.switchStrategy === 'fcse';
  const utcbs: AddressRange[] = [];
  for (const t of sys.threads) {
    const name = `utcb_${t.name}`;
    utcbs.push({ name, base: t.utcb, size: UTCB_SIZE });
    if (fcse) utcbs.push({ name, base: t.spaceId * FCSE_SLOT + t.utcb, size: UTCB_SIZE });
  }
  const pageTables: AddressRange[] = [{ name: 'page_tables', base: PAGE_TABLES, size: PAGE_TABLE_BYTES }];
  if (fcse) pageTables.push({ name: 'page_tables', base: FCSE_KDATA + PAGE_TABLES, size: PAGE_TABLE_BYTES });
  return {
    mrRegisters: Array.from({ length: sys.config.nreg }, (_, k) => 3 + k),
    utcbs,
    pageTables,
    phases: resolvePhaseMarkers(sys.image),
    ipcSwis: [SYSCALL.ipc],
    ...extra,
  };
}
