// Lockstep comparison of the reference model with a QEMU trace: the model is started from the
// first record's state, then after every instruction its current-mode registers, PC and CPSR
// are compared with QEMU's next record, exceptions with QEMU's "Taking exception" lines, and at
// the end the UART and semihosting output and the exit.
import { hex32 } from '../reference/bits.ts';
import type { ExceptionKind } from '../reference/effects.ts';
import type { VersatileMachine } from '../reference/machine.ts';
import type { Divergence } from './divergence.ts';
import { QEMU_EXCEPTION, type QemuRecord, type QemuTrace } from './qemu-log.ts';
import type { QemuRun } from './qemu-run.ts';

export interface LockstepOptions {
  /** CPSR bits compared (default: all but bit 8, which QEMU shows set at boot and ARMv5 lacks). */
  readonly cpsrMask?: number;
  /** Instructions listed before a divergence (default 8). */
  readonly context?: number;
}

export interface LockstepResult {
  /** Instructions compared. */
  readonly compared: number;
  readonly divergence: Divergence | undefined;
}

const KIND_BY_QEMU: ReadonlyMap<number, ExceptionKind> = new Map([
  [QEMU_EXCEPTION.undefined, 'undefined'],
  [QEMU_EXCEPTION.swi, 'swi'],
  [QEMU_EXCEPTION.prefetchAbort, 'prefetch-abort'],
  [QEMU_EXCEPTION.dataAbort, 'data-abort'],
  [QEMU_EXCEPTION.irq, 'irq'],
  [QEMU_EXCEPTION.fiq, 'fiq'],
  [QEMU_EXCEPTION.breakpoint, 'prefetch-abort'],
]);

/**
 * Register reads whose value legitimately differs between QEMU and the ARM926EJ-S:
 * MRS (QEMU keeps CPSR bit 8 set), MRC of the CP15 control register (QEMU's reserved bits
 * 16-19 read 0x9, the TRM's 0x5) and of the cache type register (QEMU models other caches).
 */
export function knownDeviation(word: number, cpsrMask: number): { register: number; mask: number } | undefined {
  const rd = (word >>> 12) & 15;
  if ((word & 0x0fbf0fff) === 0x010f0000) return { register: rd, mask: cpsrMask };
  if ((word & 0x0fff0fff) === 0x0e110f10) return { register: rd, mask: ~0x000f0000 };
  if ((word & 0x0fff0fff) === 0x0e100f30) return { register: rd, mask: 0 };
  return undefined;
}

/** Put the model in the state of a QEMU record (registers of the current mode, CPSR, PC). */
export function startFromRecord(machine: VersatileMachine, record: QemuRecord, cpsrMask: number): void {
  const core = machine.core;
  core.setCpsr(record.cpsr & cpsrMask);
  for (let r = 0; r < 15; r++) core.setRegister(r, record.registers[r] ?? 0);
  core.setRegister(15, record.pc);
}

export function lockstepWithQemu(
  machine: VersatileMachine,
  trace: QemuTrace,
  run: QemuRun,
  options: LockstepOptions = {},
): LockstepResult {
  const cpsrMask = options.cpsrMask ?? ~0x100;
  const context = options.context ?? 8;
  const core = machine.core;
  const records = trace.records;
  const history: string[] = [];
  const maskedRegisters = new Map<number, number>();
  const describe = (pc: number, word: number | undefined): string => {
    const q = trace.disassembly.get(pc);
    const w = word ?? q?.word;
    return `${hex32(pc)}: ${w === undefined ? '????????' : (w >>> 0).toString(16).padStart(8, '0')}  ${q?.text ?? ''}`.trimEnd();
  };
  const diverge = (index: number, pc: number, word: number | undefined, field: string, qemu: string, model: string): LockstepResult => ({
    compared: index,
    divergence: {
      index,
      pc,
      disassembly: describe(pc, word).replace(/^0x[0-9a-f]+: /, ''),
      field,
      qemu,
      model,
      preceding: history.slice(-context - 1, -1),
    },
  });
  if (records.length === 0) return { compared: 0, divergence: undefined };
  startFromRecord(machine, records[0]!, cpsrMask);

  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const pc = core.pc >>> 0;
    let effects = core.step();
    if (effects === undefined) return diverge(i, pc, undefined, 'exit', 'running', 'stopped');
    // QEMU runs a Thumb BL/BLX prefix and its suffix as one instruction (unless the pair crosses
    // a page); the model, as the ARM926, as two.
    const next0 = records[i + 1];
    if (effects.thumb && effects.exception === undefined && (effects.instruction ?? 0) >>> 11 === 0x1e && next0 && core.pc >>> 0 !== next0.pc) {
      const suffix = core.step();
      if (suffix === undefined) return diverge(i, pc, undefined, 'exit', 'running', 'stopped');
      effects = suffix;
    }
    history.push(describe(pc, effects.instruction));
    const modelExceptions: ExceptionKind[] = effects.exception ? [effects.exception] : [];
    const qemuExceptions = record.exceptions.filter((e) => e !== QEMU_EXCEPTION.semihosting).map((e) => KIND_BY_QEMU.get(e) ?? `qemu-${e}`);
    // QEMU logs an interrupt, or the prefetch abort of the next fetch, after the instruction;
    // the model takes either as a step of its own.
    const separate = (k: string): boolean => k === 'irq' || k === 'fiq' || k === 'prefetch-abort';
    if (qemuExceptions.some(separate) && !modelExceptions.some(separate)) {
      const extra = core.step();
      if (extra?.exception) modelExceptions.push(extra.exception);
    }
    if (qemuExceptions.join(',') !== modelExceptions.join(',')) {
      return diverge(i, pc, effects.instruction, 'exception', qemuExceptions.join(',') || 'none', modelExceptions.join(',') || 'none');
    }
    const next = records[i + 1];
    if (next === undefined) break;
    if ((core.pc >>> 0) !== next.pc) return diverge(i, pc, effects.instruction, 'pc', hex32(next.pc), hex32(core.pc));
    // Registers loaded from state where QEMU knowingly differs from the ARM926 are compared under
    // a mask (also after they are computed on) until both sides agree exactly (see knownDeviation).
    const word = effects.instruction ?? 0;
    const deviation = effects.executed ? knownDeviation(word, cpsrMask) : undefined;
    if (deviation) maskedRegisters.set(deviation.register, deviation.mask);
    for (let r = 0; r < 15; r++) {
      const mask = maskedRegisters.get(r) ?? -1;
      if (mask !== -1 && core.register(r) === (next.registers[r] ?? 0) >>> 0) maskedRegisters.delete(r);
      const model = (core.register(r) & mask) >>> 0;
      const qemu = ((next.registers[r] ?? 0) & mask) >>> 0;
      if (model !== qemu) return diverge(i, pc, effects.instruction, `r${r}`, hex32(qemu), hex32(model));
    }
    if (((core.cpsr & cpsrMask) >>> 0) !== ((next.cpsr & cpsrMask) >>> 0)) {
      return diverge(i, pc, effects.instruction, 'cpsr', hex32(next.cpsr & cpsrMask), hex32(core.cpsr & cpsrMask));
    }
  }
  const last = records.length - 1;
  const lastPc = records[last]!.pc;
  if (run.exitCode !== null && !run.timedOut) {
    const stop = core.stop;
    const modelExit = stop?.kind === 'exit' ? String(stop.code) : 'running';
    if (modelExit !== String(run.exitCode)) return diverge(last, lastPc, undefined, 'exit', String(run.exitCode), modelExit);
  }
  if (machine.uartOutput() !== run.uart) return diverge(last, lastPc, undefined, 'uart', JSON.stringify(run.uart), JSON.stringify(machine.uartOutput()));
  if (machine.semihostOutput() !== run.semihost) {
    return diverge(last, lastPc, undefined, 'semihost', JSON.stringify(run.semihost), JSON.stringify(machine.semihostOutput()));
  }
  return { compared: records.length, divergence: undefined };
}
