// handoff: the zero-copy hand-off checkers on generated ping-pong scenarios that the kernel's fast
// path takes (register MRs, message lengths up to the fast path's limit, switch strategies with a
// fast path between address spaces, cache/TLB/latency knobs): every fast-path IPC passes the
// checkers, the program's own check prints ok, and the kernel exits.
// handoff-slow: the inputs the fast path refuses by design (no register MRs, 'full' switches that
// flush, the 'slow' kernel design, messages over the fast path's limit if it has one): the kernel still delivers every message (the program's check prints ok) and exits,
// and no IPC took the fast path. The zero-copy claims are the fast path's and are not asserted there.
// Both boot the kernel on the reference model up to init_devices in three runs of four
// (boot-on-model.ts: exact for everything after, and the boot's uncached page-table clearing is
// most of a short run's RTL cycles: a run takes a third to a quarter of the time) and on the RTL in
// the fourth, so the RTL boot stays under the property too; the input names which (bootOnModel).
import fc from 'fast-check';
import { fastPathMaxWords, MAX_MRS } from '../../../kernel/abi.ts';
import type { PartialConfig } from '../../../rtl/config.ts';
import { runIpcScenario, type IpcScenarioOptions } from '../../scenarios/ipc-scenario.ts';
import type { Suite } from '../suite.ts';

const hardware: fc.Arbitrary<PartialConfig> = fc.record({
  icache: fc.record({ sizeBytes: fc.constantFrom(4096, 16384) }),
  dcache: fc.record({ sizeBytes: fc.constantFrom(4096, 16384), writePolicy: fc.constantFrom('page' as const, 'write-through' as const) }),
  tlb: fc.record({ entries: fc.constantFrom(8, 64) }),
  memory: fc.record({ ramWaitStates: fc.integer({ min: 0, max: 2 }) }),
});

/** Untyped words a message may have: the tag is MR0, so MAX_MRS - 1. */
const MAX_WORDS = MAX_MRS - 1;
const rounds = fc.integer({ min: 2, max: 3 });

/** Boot on the model (3 in 4) or on the RTL; a counterexample shrinks towards the model's boot. */
const bootOnModel: fc.Arbitrary<boolean> = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 });

/** The fast path's limit; with 0 register MRs there is no fast path (0 words is over it). */
const limit = (registerMrs: number): number => fastPathMaxWords(registerMrs) ?? -1;

/** Messages the fast path takes: register MRs, and at most fastPathMaxWords(registerMrs) untyped words. */
const fastScenario: fc.Arbitrary<IpcScenarioOptions> = fc.integer({ min: 1, max: 6 }).chain((registerMrs) =>
  fc.record({
    registerMrs: fc.constant(registerMrs),
    words: fc.integer({ min: 0, max: limit(registerMrs) }),
    strategy: fc.constantFrom('fcse' as const, 'asid' as const),
    rounds,
    hardware,
    bootOnModel,
  }),
);

/**
 * Messages the fast path refuses: with no register MRs (the tag is in the UTCB) or flushing 'full'
 * switches, any length; longer than its limit, where there is one below the longest message; and
 * any message under the kernel design without a fast path ('slow').
 */
const slowScenario: fc.Arbitrary<IpcScenarioOptions> = fc.integer({ min: 0, max: 6 }).chain((registerMrs) => {
  const words = fc.integer({ min: 0, max: MAX_WORDS });
  const refused: fc.Arbitrary<IpcScenarioOptions>[] = [
    fc.record({ registerMrs: fc.constant(registerMrs), words, strategy: fc.constant('full' as const), rounds, hardware, bootOnModel }),
    fc.record({ registerMrs: fc.constant(registerMrs), words, strategy: fc.constantFrom('fcse' as const, 'asid' as const), rounds, hardware, design: fc.constant('slow' as const), bootOnModel }),
  ];
  if (limit(registerMrs) < MAX_WORDS) {
    refused.push(fc.record({ registerMrs: fc.constant(registerMrs), words: fc.integer({ min: limit(registerMrs) + 1, max: MAX_WORDS }), strategy: fc.constantFrom('fcse' as const, 'asid' as const), rounds, hardware, bootOnModel }));
  }
  return fc.oneof(...refused);
});

type ScenarioResult = Awaited<ReturnType<typeof runIpcScenario>>;

/** What both properties ask: the kernel ran the programs to their end and they saw the right words. */
function delivered(r: ScenarioResult): string[] {
  const problems: string[] = [];
  if (!r.exited) problems.push('the kernel did not exit');
  if (!r.uart.includes('pingpong: ok')) problems.push(`program output: ${JSON.stringify(r.uart)}`);
  return problems;
}

async function waveform(o: IpcScenarioOptions, path: string): Promise<string> {
  // The window of the hot IPC (as `npm start` writes it), with its GTKWave view.
  const gtkw = path.replace(/\.vcd$/, '.gtkw');
  const r = await runIpcScenario({ ...o, vcd: path, gtkw });
  return r.vcd ? `${path} (hot IPC, cycles ${r.vcd.from}..${Math.min(r.vcd.to, r.cycles) - 1}; view ${gtkw})` : 'no measured IPC: no waveform';
}

/** A suite over ping-pong scenarios: the delivery checks, plus what `judge` finds wrong. */
function scenarioSuite(name: string, description: string, arbitrary: fc.Arbitrary<IpcScenarioOptions>, judge: (o: IpcScenarioOptions, r: ScenarioResult) => string[]): Suite<IpcScenarioOptions> {
  return {
    name,
    description,
    arbitrary,
    async check(o) {
      const r = await runIpcScenario(o);
      const problems = [...delivered(r), ...judge(o, r)];
      return problems.length > 0 ? problems.join('\n') : undefined;
    },
    show: (o) => JSON.stringify(o),
    waveform,
  };
}

export const handoffSuite = scenarioSuite(
  'handoff',
  'hand-off checkers on generated ping-pong scenarios the fast path takes (MRs 1-6, words up to the fast-path limit, fcse/asid, l4 design, cache/TLB/latency knobs; boot on the model or the RTL)',
  fastScenario,
  (o, r) => [
    ...(r.report.judgedIpcs === 0 ? [`no fast-path IPC was judged (${o.words} words are within the fast path's limit of ${limit(o.registerMrs)})`] : []),
    ...(r.report.verdict !== 'pass' ? r.report.failures.slice(0, 5) : []),
  ],
);

export const handoffSlowSuite = scenarioSuite(
  'handoff-slow',
  "the slow path on generated ping-pong scenarios the fast path refuses (no register MRs, 'full' switches, the 'slow' design; boot on the model or the RTL): every message delivered, no fast-path IPC",
  slowScenario,
  (o, r) => (r.fastPathIpcs > 0 ? [`${r.fastPathIpcs} IPCs took the fast path, which refuses ${o.words} words with ${o.registerMrs} register MRs, '${o.strategy}' switches and the '${o.design ?? 'l4'}' design`] : []),
);
