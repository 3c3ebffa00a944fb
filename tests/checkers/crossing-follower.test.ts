// The IPC-state model run over the reference model's crossings (testbench/checkers/crossing-follower.ts,
// fast-forward.ts followModel), so that a fast-forwarded run's checkers start from the states the
// model's run left instead of "unknown":
// - on the kernel suite's generated operation sequences run on the model, the follower's states at
//   the end equal the kernel's own TCB states (the oracle the RTL view is held to in
//   rendezvous-scripts.test.ts), partner included;
// - a ping-pong fast-forwarded to its 7th IPC classifies every later window as the full RTL run
//   does (kind, path, what the destination was doing), with every state known at the hand-off;
//   without a follower the states are unknown there (what the judges take as "may have been waiting");
// - a kernel that ignores a closed wait, fast-forwarded past its first IPCs, is caught after the
//   hand-off with the follower and passes without one (every state unknown);
// - the comparison runs' boot on the model leaves every thread "not yet run", not unknown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTag } from '../../kernel/abi.ts';
import { buildSystem, type BuiltSystem } from '../../kernel/build.ts';
import { pingPongScenario } from '../../kernel/scenarios.ts';
import { CrossingFollower, type TrapCrossing } from '../../testbench/checkers/crossing-follower.ts';
import { HandoffMachine } from '../../testbench/checkers/handoff-machine.ts';
import { STATE_NAMES, T_UNKNOWN, T_WAIT } from '../../testbench/checkers/rendezvous.ts';
import { fastForwardInto, followModel, modelOnMachineRam } from '../../testbench/machine/fast-forward.ts';
import { IssMachine } from '../../testbench/machine/iss-machine.ts';
import { bootOnModel } from '../../testbench/scenarios/boot-on-model.ts';
import { buildIpcScenario, handoffConfigFor, runBuiltScenario, scenarioMachine, type RunKnobs } from '../../testbench/scenarios/ipc-scenario.ts';
import { REDTEAM_BROKEN } from './kernel-mutants-redteam.ts';
import { MUTANT_BASE } from './kernel-mutants-run.ts';
import { buildScripted } from '../kernel/script-harness.ts';
import { expectKernelStates, generatedSystemArb, wordReader, type Compared } from './kernel-states.ts';
import { seedBanner, TEST_SEED } from '../support/seed.ts';
import { benchScenario } from '../../testbench/ipcbench/measure/scenario.ts';
import { DEFAULT_BENCH } from '../../testbench/ipcbench/measure/spec.ts';
import { replace } from './kernel-mutants.ts';
import { rulesOf } from './rules-of.ts';

const RUNS = Number(process.env.HANDOFF_FOLLOWER_RUNS ?? 60);
const RAM = 8 << 20;

/**
 * Run `built` on the model with a follower whose every resume is checked: when a thread returns
 * to user mode the kernel has finished the window, and every thread's followed state must be its
 * TCB's (partner included). At the exit too. Returns what was compared.
 */
function followedRun(built: BuiltSystem, knobs: RunKnobs): Compared & { resumes: number } {
  const iss = new IssMachine({ ramBytes: RAM });
  iss.load({ image: built.image });
  iss.start(built.image.entry);
  const seen: Compared = { compared: 0, blocked: 0, pending: 0 };
  let resumes = 0;
  const read = wordReader((a, n) => iss.readMemory(a, n));
  const follower = followerFor(built, knobs);
  // The crossings so far, for a failure's message.
  const crossings: string[] = [];
  const name = (sp: number): string => built.threads[follower.threadOf(sp)]?.name ?? `sp 0x${(sp >>> 0).toString(16)}`;
  const checking = Object.assign(Object.create(follower) as CrossingFollower, {
    trapped(c: TrapCrossing): void {
      crossings.push(`${name(c.sp)} ${c.exception} ${c.swi} to 0x${(c.r0 >>> 0).toString(16)} from 0x${(c.r1 >>> 0).toString(16)} tmo 0x${(c.r2 >>> 0).toString(16)} lines 0x${c.lines.toString(16)} at 0x${c.pc.toString(16)}`);
      follower.trapped(c);
    },
    resumed(sp: number, pc: number): void {
      crossings.push(`-> ${name(sp)} at 0x${pc.toString(16)}`);
      follower.resumed(sp, pc);
      resumes++;
      expectKernelStates(follower.ipcStates(), built, read, `resume ${resumes} (at 0x${pc.toString(16)}, instruction ${iss.instructions}; crossings: ${crossings.slice(-8).join(' | ')})`, 'fail', seen);
    },
  });
  followModel(iss, checking);
  const end = iss.run([{ kind: 'exit' }], { maxCycles: 20_000_000 });
  expect(end.stop.kind, 'the kernel exits on the model').toBe('exit');
  expectKernelStates(follower.ipcStates(), built, read, 'at the exit', 'fail', seen);
  return { ...seen, resumes };
}

/** A follower of a built system's threads, as a scenario machine's message view makes it. */
function followerFor(built: BuiltSystem, knobs: RunKnobs): CrossingFollower {
  return scenarioMachine(knobs, built, handoffConfigFor(built)).top.msg!.follower();
}

describe('the IPC states followed on the reference model', () => {
  it(`equal the kernel's own TCB states at every resume, on generated operation sequences (${RUNS} runs)`, () => {
    process.stdout.write(seedBanner('crossing-follower', `, ${RUNS} runs (HANDOFF_FOLLOWER_RUNS=n runs more)`));
    const seen: Compared & { resumes: number } = { compared: 0, blocked: 0, pending: 0, resumes: 0 };
    fc.assert(
      fc.property(generatedSystemArb, ({ built, config }) => {
        const r = followedRun(built, { strategy: config.switchStrategy ?? 'fcse', registerMrs: config.nreg ?? 6 });
        seen.compared += r.compared;
        seen.blocked += r.blocked;
        seen.resumes += r.resumes;
      }),
      { numRuns: RUNS, seed: TEST_SEED },
    );
    expect(seen.resumes).toBeGreaterThan(RUNS * 3);
    expect(seen.compared).toBeGreaterThan(RUNS * 4 * 3);
    expect(seen.blocked).toBeGreaterThan(RUNS);
  }, 600_000);

  it('equal the kernel\'s on runs with interrupts (ipcbench\'s interrupt run, alone and with a second handler), restarted system calls (a red-team kernel) and overflowing messages', () => {
    const irq = (perturb: readonly ('irq' | 'dirty')[]) => buildSystem(benchScenario({ registerMrs: 6, words: 2, strategy: 'fcse', design: 'l4', bench: { ...DEFAULT_BENCH, run: 'irq', hot: 8, cold: 1, warm: 1, perturb: [...perturb] } }).scenario);
    const restart = REDTEAM_BROKEN.find((m) => m.name === 'leak-then-restart-swi')!;
    // An overflowing message to a waiting thread fails at once (its tag says 68 words): the receiver stays waiting.
    const ANY = 0xffff_ffff;
    const overflow = (nreg: number) =>
      buildScripted(
        [
          { name: 'waiter', space: 's1', priority: 2, ops: [{ kind: 'ipc', to: 0, from: ANY, timeouts: 0, tag: 0, words: [] }, { kind: 'end' }] },
          { name: 'sender', space: 's2', priority: 1, ops: [{ kind: 'ipc', to: 1, from: 0, timeouts: 0, tag: encodeTag({ label: 0, untyped: 60, typed: 8 }), words: Array.from({ length: 68 }, (_, i) => i) }, { kind: 'print', value: 7 }, { kind: 'end' }] },
        ],
        { nreg },
      );
    for (const [name, built] of [
      ['interrupts', irq([])],
      ['interrupts of two handlers', irq(['irq'])],
      ['restarts', buildIpcScenario({ ...MUTANT_BASE, patchKernel: restart.patch })],
      ['an overflow (tag in r3)', overflow(6)],
      ['an overflow (tag in the UTCB)', overflow(0)],
    ] as const) {
      const r = followedRun(built, { strategy: 'fcse', registerMrs: name.includes('UTCB') ? 0 : 6 });
      expect(r.resumes, name).toBeGreaterThan(name.startsWith('an overflow') ? 1 : 10);
      expect(r.blocked, name).toBeGreaterThan(0);
      if (name.startsWith('interrupts')) expect(r.pending, `${name}: an interrupt held pending at some resume`).toBeGreaterThan(0);
    }
  }, 120_000);

  it('a ping-pong fast-forwarded to its 7th IPC classifies every later window as the full RTL run, every state known at the hand-off', () => {
    const built = buildSystem(pingPongScenario({ tickShift: 0, switchStrategy: 'fcse' }, 10, 12));
    const point = { symbol: 'ipc_entry', hits: 7 };
    const states: Record<string, number[]> = {};
    const runs = (['full', 'followed', 'unfollowed'] as const).map((how) => {
      const start =
        how === 'full'
          ? undefined
          : (machine: HandoffMachine): void => {
              const iss = modelOnMachineRam(machine, { image: built.image });
              fastForwardInto(iss, point, () => machine, how === 'followed' ? { follow: machine.top.msg!.follower() } : {});
              states[how] = machine.top.msg!.ipcStates().threads.map((t) => t.state);
            };
      const run = runBuiltScenario({ strategy: 'fcse', registerMrs: 6, maxCycles: 4_000_000 }, built, handoffConfigFor(built, { judgeSlowPath: true }), undefined, start);
      expect(run.exited, how).toBe(true);
      return run.checker.report().ipcs.map((i) => `${i.kind}/${i.path}/${i.judged ? 'judged' : '-'}/${i.verdict}: ${i.summary}`);
    });
    const [full, followed, unfollowed] = runs as [string[], string[], string[]];
    expect(followed.length).toBeGreaterThan(10);
    expect(followed).toEqual(full.slice(full.length - followed.length));
    expect(states['followed']!.every((s) => s !== T_UNKNOWN)).toBe(true);
    expect(states['followed']).toContain(T_WAIT); // the server waits for the client's next Call
    expect(states['unfollowed']!.every((s) => s === T_UNKNOWN)).toBe(true);
    // Without a follower the windows are judged as before: no summary can say what a destination was doing.
    expect(unfollowed.length).toBe(followed.length);
  }, 120_000);

  it('a fast path that ignores a closed wait, fast-forwarded past its first IPCs: caught with the follower, passed without one', () => {
    // destination-waiting.test.ts's mutant (the queue run's server waits for the helper while the
    // client calls it; a 2-word message, all in registers): only the server's resume gives it away,
    // which needs the server's state, decided on the model before the hand-off.
    const ignoresClosedWait = replace('entry.S', '        cmp     r11, r12                        @ waits for us or for anyone ...\n        cmnne   r11, #1\n        cmpeq   r9, #ST_RECV', '        cmp     r9, #ST_RECV');
    const bs = benchScenario({ registerMrs: 6, words: 2, strategy: 'fcse', design: 'l4', bench: { ...DEFAULT_BENCH, run: 'queue', priority: 'equal', hot: 4, cold: 1, warm: 1 } });
    const built = buildSystem({ ...bs.scenario, patchKernel: ignoresClosedWait });
    const judged = (follow: boolean) => {
      const start = (machine: HandoffMachine): void => {
        const iss = modelOnMachineRam(machine, { image: built.image });
        fastForwardInto(iss, { symbol: 'ipc_entry', hits: 4 }, () => machine, follow ? { follow: machine.top.msg!.follower() } : {});
      };
      return runBuiltScenario({ strategy: 'fcse', registerMrs: 6, maxCycles: 3_000_000 }, built, handoffConfigFor(built), undefined, start).checker.report();
    };
    const caught = judged(true);
    expect(caught.verdict).toBe('fail');
    const failing = caught.ipcs.filter((w) => w.judged && w.verdict === 'fail');
    expect(failing.map(rulesOf)).toEqual(failing.map(() => ['delivery']));
    expect(failing[0]!.failures[0]).toMatch(/server \(id 2\) resumed, but client \(id 1\)'s IPC left it blocked \(when the window opened it was waiting for helper \(id 3\)\): a thread blocked in IPC ran/);
    // Without the follower every state is unknown at the hand-off: the same windows pass.
    expect(judged(false).verdict).toBe('pass');
  }, 120_000);

  it('a boot on the model leaves every thread not yet run (no thread ran before the hand-off)', () => {
    const built = buildSystem(pingPongScenario({ switchStrategy: 'fcse' }, 2));
    const machine = scenarioMachine({ strategy: 'fcse', registerMrs: 6 }, built, handoffConfigFor(built));
    bootOnModel(machine, built.image);
    expect(machine.top.msg!.ipcStates().threads.map((t) => STATE_NAMES[t.state])).toEqual(built.threads.map(() => 'new'));
  });
});
