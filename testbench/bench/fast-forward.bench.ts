// Fast-forward speed (testbench/machine/fast-forward.ts): the kernel ping-pong sized to 10^8
// instructions, run on the reference model to 10^8 instructions (the access tap on for the last ones), handed to the RTL
// (RAM copy, registers, CP15, devices, TLB and cache warming), then run on the RTL for 10^5 cycles
// (the workload is sized to end a little after them). Goal (issue 19): the whole in under 10 s.
// Also the access tap's cost on the model's speed (the same workload prefix with and without it),
// and a long study point run in full and fast-forwarded (`npm run study --fast-forward`).
import { buildSystem } from '../../kernel/build.ts';
import { pingPongScenario } from '../../kernel/scenarios.ts';
import { IssMachine } from '../machine/iss-machine.ts';
import { AccessRing } from '../machine/access-ring.ts';
import { handOff, runIssTo } from '../machine/fast-forward.ts';
import type { BenchRow, BenchSuite } from './suite.ts';
import { validatePoint, type PointConfig } from '../studies/point.ts';
import { runPoint } from '../studies/run-point.ts';

const RAM = 8 << 20;
const TARGET = 100_000_000;
const TAIL_INSTRUCTIONS = 150_000; // more than 10^5 RTL cycles of ping-pong (the sizing is linear in the rounds: a few 10^4 off)
const TAIL_CYCLES = 100_000;

const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;

/** Instructions the ping-pong takes for `rounds` (the model, to its exit). */
function instructionsFor(rounds: number): number {
  const built = buildSystem(pingPongScenario({}, rounds));
  const iss = new IssMachine({ ramBytes: RAM });
  iss.load({ image: built.image });
  iss.start(built.image.entry);
  return iss.run([], { maxInstructions: 1e9 }).instructions;
}

/** The model's speed on `instructions` of the workload, with or without the access tap. */
function issRate(image: ReturnType<typeof buildSystem>['image'], instructions: number, tap: boolean): number {
  const iss = new IssMachine({ ramBytes: RAM });
  iss.load({ image });
  iss.start(image.entry);
  if (tap) new AccessRing().attach(iss.iss.core);
  const t0 = process.hrtime.bigint();
  const r = iss.run([], { maxInstructions: instructions });
  return r.instructions / seconds(t0);
}

/** A long study point (ping-pong, STUDY_ROUNDS rounds) run in full on the RTL and fast-forwarded to its last 40 IPC entries: time and hot figures. */
const STUDY_ROUNDS = 1000;
async function studyPointRows(): Promise<BenchRow[]> {
  const point = `ipc_entry:${2 * STUDY_ROUNDS - 40}`;
  const time = async (p: PointConfig): Promise<{ s: number; hot: number | null }> => {
    const t0 = process.hrtime.bigint();
    const r = await runPoint(p);
    return { s: seconds(t0), hot: r.metrics.hotCycles };
  };
  const full = await time(validatePoint({ rounds: STUDY_ROUNDS }));
  const ff = await time(validatePoint({ rounds: STUDY_ROUNDS, fastForward: point }));
  return [
    { metric: `study point, ${STUDY_ROUNDS} rounds, full RTL`, value: Math.round(full.s * 100) / 100, unit: 's', note: `hot IPC ${full.hot} cycles` },
    { metric: `same point fast-forwarded to ${point}`, value: Math.round(ff.s * 100) / 100, unit: 's', note: `hot IPC ${ff.hot} cycles; ${Math.round((full.s / ff.s) * 10) / 10}x faster` },
  ];
}

export const fastForwardBench: BenchSuite = {
  name: 'ffwd',
  description: 'fast-forward a 10^8-instruction ping-pong on the ISS to its last ~10^5 cycles on the RTL (target < 10 s)',
  async run(): Promise<readonly BenchRow[]> {
    // Size the workload: instructions are linear in the rounds.
    const a = instructionsFor(100);
    const b = instructionsFor(300);
    const perRound = (b - a) / 200;
    const rounds = Math.ceil((TARGET + TAIL_INSTRUCTIONS - (a - 100 * perRound)) / perRound);
    const built = buildSystem(pingPongScenario({}, rounds));

    // Alternated, best of two each (the first run also warms the JIT).
    issRate(built.image, 2_000_000, true);
    let plain = 0;
    let tapped = 0;
    for (let k = 0; k < 2; k++) {
      plain = Math.max(plain, issRate(built.image, 5_000_000, false));
      tapped = Math.max(tapped, issRate(built.image, 5_000_000, true));
    }

    const t0 = process.hrtime.bigint();
    const iss = new IssMachine({ ramBytes: RAM });
    iss.load({ image: built.image });
    iss.start(built.image.entry);
    const ring = new AccessRing();
    const reached = runIssTo(iss, { instructions: TARGET }, { ring });
    const issSeconds = seconds(t0);
    const tHand = process.hrtime.bigint();
    const { rtl, warm } = handOff(iss, ring);
    const handOffSeconds = seconds(tHand);
    const t1 = process.hrtime.bigint();
    const r = rtl.run([{ kind: 'exit' }], { maxCycles: TAIL_CYCLES });
    const rtlSeconds = seconds(t1);
    const total = seconds(t0);
    if (r.stop.kind !== 'max-cycles') throw new Error(`fast-forward bench: the RTL stopped before ${TAIL_CYCLES} cycles (${JSON.stringify(r.stop)}): size the workload longer`);
    return [
      { metric: 'workload', value: TARGET, unit: 'instructions', note: `to the hand-off; ${rounds.toLocaleString('en-US')} ping-pong rounds in all` },
      { metric: 'iss ping-pong, no tap', value: Math.round(plain / 1e4) / 100, unit: 'M instr/s', note: 'first 5 M instructions, best of 2' },
      { metric: 'iss ping-pong, access tap on', value: Math.round(tapped / 1e4) / 100, unit: 'M instr/s', note: 'same prefix' },
      { metric: 'iss to 10^8 (tap on for the last 65,536)', value: Math.round(issSeconds * 100) / 100, unit: 's', note: `${Math.round(reached.instructions / issSeconds / 1e4) / 100} M instr/s` },
      { metric: 'hand-off (RTL, RAM, state, warming)', value: Math.round(handOffSeconds * 1000), unit: 'ms', note: `${RAM >> 20} MB RAM; ${warm?.tlbFills ?? 0} TLB entries, ${warm?.iLines ?? 0} I-lines, ${warm?.dLines ?? 0} D-lines warmed from ${warm?.accesses ?? 0} accesses` },
      { metric: 'rtl: the next 10^5 cycles', value: Math.round(rtlSeconds * 100) / 100, unit: 's', note: `${Math.round(r.cycles / rtlSeconds / 1000)}k cycles/s, ${r.instructions} instructions` },
      { metric: 'fast-forward total', value: Math.round(total * 100) / 100, unit: 's', note: 'goal < 10 s' },
      ...(await studyPointRows()),
    ];
  },
};
