// The whole RTL system (core + memory system + Versatile PB) on a tight ALU/load/store loop:
// simulated cycles per second against the core alone on zero-wait memory, with caches on and off.
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import { RtlMachine } from '../machine/rtl-machine.ts';
import { recorderStats } from '../machine/schedule-recorder.ts';
import { describeSpecialization, recordingsMadeHere, SPECIALIZE_AFTER_CYCLES } from '../../rtl/hdl/index.ts';
import type { PartialConfig } from '../../rtl/config.ts';
import { measureInFreshIsolate } from './isolate.ts';
import type { BenchRow, BenchSuite } from './suite.ts';

/** A loop with loads, stores and ALU work; turns on the MMU (identity sections) and caches first. */
const LOOP = `
  .text
_start:
  ldr r0, =ttb
  mov r1, #0
  ldr r2, =0xc0e            @ section, AP=11, C=1, B=1
1: orr r3, r2, r1, lsl #20
  str r3, [r0, r1, lsl #2]
  add r1, r1, #1
  cmp r1, #4096
  bne 1b
  mcr p15, 0, r0, c2, c0, 0
  mvn r1, #0
  mcr p15, 0, r1, c3, c0, 0  @ all domains: manager
  mrc p15, 0, r1, c1, c0, 0
  orr r1, r1, #0x1000       @ I
  orr r1, r1, #0x5          @ C, M
  mcr p15, 0, r1, c1, c0, 0
  ldr r12, =buf
  mov r0, #0
2: add r0, r0, #1
  ldr r1, [r12]
  add r1, r1, r0
  str r1, [r12, #4]
  eor r2, r1, r0, lsl #3
  subs r3, r2, r0
  b 2b
  .ltorg
  .data
  .align 14
ttb: .space 16384
buf: .word 0, 0
`;

/** The steady-state row: cycles timed, and from which cycle of the run. */
const STEADY_FROM = 400_000;
const STEADY_CYCLES = 600_000;

type LoopOptions = { readonly memorySystem?: boolean; readonly hardware?: PartialConfig; readonly specialize?: 'now' | 'never' };

/** A machine built through the machine interface, as every run boots, started on the loop. */
function startLoop(options: LoopOptions, image: ReturnType<typeof assembleProgram>): RtlMachine {
  const machine = new RtlMachine({ ...options, ramBytes: 1 << 20 });
  machine.load({ image });
  machine.start(image.entry);
  return machine;
}

/**
 * Cycles per second on the loop. The speed rows say how the methods ran: compiled with constant
 * slots from the start ('now', a long run's speed: rtl/hdl/specialize.ts) or as written ('never', a
 * run's first SPECIALIZE_AFTER_CYCLES cycles).
 */
function rate(options: LoopOptions & { readonly specialize: 'now' | 'never' }, cycles: number, warmUp = 60_000): { rate: number; ipc: number; compiled: string } {
  // The simulator is clocked directly (no stop conditions).
  const { sys, sim } = startLoop(options, assembleProgram(LOOP, { textAddress: 0 }));
  sim.run(warmUp); // page table setup, warm caches and JIT
  const retired0 = sys.core.writeback.retired.v;
  const t0 = process.hrtime.bigint();
  sim.run(cycles);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rate: cycles / seconds, ipc: (sys.core.writeback.retired.v - retired0) / cycles, compiled: describeSpecialization(sim.specialization) };
}

/** A long run's steady state: cycles STEADY_FROM.. of one machine (the first of the process when in a fresh isolate). */
export function steadyRate(): { rate: number; ipc: number } {
  return rate({ specialize: 'now' }, STEADY_CYCLES, STEADY_FROM);
}

const COMPILED = import.meta.url.endsWith('.js');
const ISOLATES = 3;

/**
 * A long run alone in its process (what `npm run sim` on a long workload sees): past V8's tiering
 * (the rows above time cycles 60,000-260,000, which still include some of it), and the first
 * machine of its isolate (in one process, every machine built before it shares the project's code
 * with it, and their call sites see more than one design). Fresh isolates (worker threads), one after
 * another; the median of three, all three in the note. From the TypeScript sources (no compiled
 * worker) it is measured once, in this thread, after the machines above.
 */
function steadyRow(): BenchRow {
  const metric = `the same, a long run alone (cycles ${STEADY_FROM.toLocaleString('en-US')}-${(STEADY_FROM + STEADY_CYCLES).toLocaleString('en-US')}, a fresh isolate)`;
  if (!COMPILED) {
    const r = steadyRate();
    return { metric, value: r.rate, unit: 'cycles/s', note: `IPC ${r.ipc.toFixed(2)}; one run in this thread after the machines above (run from the sources: no fresh isolate)` };
  }
  const rates: number[] = [];
  let ipc = Number.NaN;
  for (let k = 0; k < ISOLATES; k++) {
    const [rate, runIpc] = measureInFreshIsolate(new URL('./system-loop-worker.js', import.meta.url), {}, 2, `system loop worker ${k + 1}`);
    rates.push(rate!);
    ipc = runIpc!;
  }
  return { metric, value: median(rates), unit: 'cycles/s', note: `IPC ${ipc.toFixed(2)}; median of ${ISOLATES} fresh isolates: ${rates.map((r) => Math.round(r).toLocaleString('en-US')).join(', ')}` };
}

/** Milliseconds from constructing a machine to `cycles` cycles run (its construction, recording and warm-up included). */
function buildAndRun(options: LoopOptions, cycles: number): number {
  const image = assembleProgram(LOOP, { textAddress: 0 });
  const t0 = process.hrtime.bigint();
  startLoop(options, image).sim.run(cycles);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
}

export const systemBench: BenchSuite = {
  name: 'system',
  description: 'the RTL system (core + memory system + Versatile PB), untraced',
  run(): BenchRow[] {
    const bare = rate({ memorySystem: false, specialize: 'now' }, 200_000);
    const full = rate({ specialize: 'now' }, 200_000);
    // A second machine of the same configuration: the steady state a sweep of many runs sees (the
    // first of a configuration in a process pays the JIT's warm-up inside its window).
    const again = rate({ specialize: 'now' }, 200_000);
    const written = rate({ specialize: 'never' }, 200_000);
    const steady = steadyRow();
    // A sweep's next point: a machine of a configuration not built before, from construction to
    // 40,000 cycles, beside one built before. Configurations that differ only in sizes, wait states
    // and the like share one comb recording (rtl/config.ts combStructure); a new structure (here the
    // asid and flush switches) needs its own, which, made in this thread, would discard the optimised
    // code of every design before it (rtl/hdl/elaborate.ts): from the process's second recording on
    // it is made in a worker thread (schedule-recorder.ts).
    const recordings = (): number => recordingsMadeHere() + recorderStats.fromWorker;
    const before = recordings();
    const sized = median([2, 4, 8].map((kb) => buildAndRun({ hardware: { dcache: { sizeBytes: kb * 1024 } } }, 40_000)));
    const sizedRecordings = recordings() - before;
    const fromWorker = recorderStats.fromWorker;
    const structures = [buildAndRun({ hardware: { addressSpaceSwitch: 'asid' } }, 40_000), buildAndRun({ hardware: { addressSpaceSwitch: 'flush' } }, 40_000)];
    const taken = recorderStats.fromWorker - fromWorker;
    const recorded = taken === 2 ? 'their comb recordings made in the worker thread' : `${2 - taken} of 2 comb recordings made in this thread (the worker runs from compiled JavaScript only)`;
    const repeated = median([2, 4, 8].map((kb) => buildAndRun({ hardware: { dcache: { sizeBytes: kb * 1024 } } }, 40_000)));
    return [
      { metric: 'core alone (zero-wait memory), cycles/s', value: bare.rate, unit: 'cycles/s', note: `IPC ${bare.ipc.toFixed(2)}; ${bare.compiled}` },
      { metric: 'core + MMU + caches + bus, cycles/s', value: full.rate, unit: 'cycles/s', note: `IPC ${full.ipc.toFixed(2)}; ${(bare.rate / full.rate).toFixed(2)}x slower than the core alone; the first machine of its configuration in the process; ${full.compiled} (a long run's: from cycle ${SPECIALIZE_AFTER_CYCLES.toLocaleString('en-US')} on by default)` },
      { metric: 'the same, a second machine of that configuration', value: again.rate, unit: 'cycles/s', note: `IPC ${again.ipc.toFixed(2)}; ${(again.rate / full.rate).toFixed(2)}x the first: the steady state of a sweep` },
      steady,
      { metric: `the same, methods as written (a run's first ${SPECIALIZE_AFTER_CYCLES.toLocaleString('en-US')} cycles)`, value: written.rate, unit: 'cycles/s', note: `IPC ${written.ipc.toFixed(2)}; the compiled methods ${(again.rate / written.rate).toFixed(2)}x as fast (the second machine against this third one)` },
      { metric: 'a configuration not built before (sizes only): built, loaded, 40,000 cycles run', value: sized, unit: 'ms', note: `median of 3 (2, 4, 8 KB D-cache), ${sizedRecordings === 0 ? 'no comb recording made (they share the default configuration\'s: rtl/config.ts combStructure)' : `${sizedRecordings} comb recordings made`}; the same configurations built again: ${repeated.toFixed(0)} ms` },
      { metric: 'a design structure not built before: built, loaded, 40,000 cycles run', value: (structures[0]! + structures[1]!) / 2, unit: 'ms', note: `mean of 2 (the asid and flush switches: ${structures.map((t) => t.toFixed(0)).join(' and ')} ms), ${recorded}` },
    ];
  },
};
