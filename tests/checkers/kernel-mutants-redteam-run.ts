// Runs the red-team variants (kernel-mutants-redteam.ts). A broken variant goes through the
// mutation suite's checkMutant (exact rules, evidence, VCD re-check); a correct one must pass and
// must have run its code in a judged hand-off. Known gaps of the checker stay as `it.fails`: their
// bodies first check that the variant ran as designed (kernel exit, program outcome, a judged
// hand-off) and *return* when it did not, so `it.fails` turns a broken variant into a failure
// instead of counting it as the recorded gap.
import { describe, expect, it } from 'vitest';
import { buildSystem, type BuiltSystem } from '../../kernel/build.ts';
import { buildIpcScenario, handoffConfigFor, runBuiltScenario, runIpcScenario, type IpcScenarioOptions, type IpcScenarioResult } from '../../testbench/scenarios/ipc-scenario.ts';
import { runOutcome } from '../../testbench/scenarios/outcome.ts';
import { assertCaught, assertFirstFailure, MUTANT_BASE, runMutant, type JudgedRun } from './kernel-mutants-run.ts';
import type { Patch } from './kernel-mutants.ts';
import type { CorrectVariant, RedteamMutant } from './kernel-mutants-redteam.ts';

const TIMEOUT = 180_000;

const optionsOf = (o: Partial<IpcScenarioOptions> | undefined): IpcScenarioOptions => ({ ...MUTANT_BASE, ...o });

/** A run judged online only (the same-space ping-pong has no waveform pass). */
type Run = JudgedRun & { readonly exited: boolean };

/**
 * The ping-pong with client and server in one address space, on the RTL with the checkers (the
 * scenario of ipc-scenario.ts otherwise: same programs, priorities, knobs).
 */
export function runSameSpace(o: IpcScenarioOptions, patch?: Patch): Run {
  const built = buildSameSpace(o, patch);
  const run = runBuiltScenario(o, built, handoffConfigFor(built));
  const outcome = runOutcome(run.bench.sys.soc.uart0.transmittedText(), run.exited, run.exitReason, ['pingpong']);
  return { built, report: run.checker.report(), outcome, exited: run.exited };
}

function buildSameSpace(o: IpcScenarioOptions, patch?: Patch): BuiltSystem {
  return buildSystem({
    spaces: [{ name: 'shared', sources: ['pingpong_client.S', 'pingpong_server.S'], defsym: { ROUNDS: o.rounds, WORDS: o.words } }],
    threads: [
      { name: 'client', space: 'shared', entry: 'client_start', priority: 10 },
      { name: 'server', space: 'shared', entry: 'server_start', priority: 20 },
    ],
    config: { nreg: o.registerMrs, switchStrategy: o.strategy },
    ...(patch ? { patchKernel: patch } : {}),
  });
}

/** The variant ran as designed: the kernel exited by itself, the programs said what the variant expects, and at least one hand-off was judged. */
function ranAsDesigned(r: Run, programOk: boolean): boolean {
  return r.exited && r.outcome.ok === programOk && r.report.ipcs.some((i) => i.judged);
}

/** Run and judge a broken variant: through the mutation suite's checks (with the VCD), or online only for a same-space one. */
async function runBroken(m: RedteamMutant): Promise<{ run: Run; judge: () => Promise<unknown> }> {
  if (m.inEntry) {
    const run = await runIpcScenario({ ...optionsOf(m.options), patchKernel: m.patch });
    return { run, judge: async () => assertEntryCaught(m, run) };
  }
  if (m.sameSpace) {
    const run = runSameSpace(optionsOf(m.options), m.patch);
    return { run, judge: async () => assertFirstFailure(m, run) };
  }
  const run = await runMutant(m, optionsOf(m.options));
  return { run, judge: () => assertCaught(m, run) };
}

/**
 * A variant caught in a kernel entry that is no IPC: the run fails, every IPC window passes, and the
 * first failing entry fails exactly `m.rules` with its first evidence in the injected site.
 */
function assertEntryCaught(m: RedteamMutant, r: IpcScenarioResult): void {
  expect(r.report.verdict, m.story).toBe('fail');
  expect(r.report.ipcs.filter((i) => i.verdict === 'fail').map((i) => i.failures), `${m.name}: the IPC windows pass`).toEqual([]);
  const failing = r.report.entries.find((e) => e.verdict === 'fail');
  expect(failing, `${m.name}: a kernel entry fails`).toBeDefined();
  const rules = [...new Set(failing!.failures.map((f) => /^kernel entry \d+ \([^)]*\): ([a-z-]+):/.exec(f)?.[1]))].sort();
  expect(rules, failing!.failures.join('\n')).toEqual([...m.rules].sort());
  const site = r.built.kernelSymbol('mutant_site');
  const end = r.built.kernelSymbol('mutant_end');
  const pc = failing!.firstFailure!.pc;
  expect(pc >= site && pc < end, `${m.name}: evidence at ${pc.toString(16)}, injected ${site.toString(16)}..${end.toString(16)}`).toBe(true);
  expect(r.report.failures).toEqual(expect.arrayContaining([...failing!.failures]));
  expect(r.outcome.ok, `${m.name}: ${r.outcome.problems.join('; ')}`).toBe(m.programOk);
}

/** One test per broken variant: caught exactly, or (a known escape) recorded as an expected failure. */
export function brokenTest(m: RedteamMutant): void {
  const title = `${m.name}: ${m.rules.join(', ')}`;
  if (m.escape === undefined) {
    it(title, async () => {
      await (await runBroken(m)).judge();
    }, TIMEOUT);
  } else {
    it.fails(`ESCAPE ${title} (${m.escape})`, async () => {
      const { run, judge } = await runBroken(m);
      if (!ranAsDesigned(run, m.programOk)) return; // not the recorded gap: it.fails reports this
      await judge();
    }, TIMEOUT);
  }
}

const baselines = new Map<string, Promise<IpcScenarioResult>>();
/** The unmodified kernel under the same options (one run per configuration). */
function baseline(o: IpcScenarioOptions): Promise<IpcScenarioResult> {
  const key = JSON.stringify(o);
  let b = baselines.get(key);
  if (!b) baselines.set(key, (b = runIpcScenario(o)));
  return b;
}

/** Kernel instructions per phase of each judged hand-off: a variant whose code ran in them changes this. */
const judgedInstructions = (r: IpcScenarioResult): string[] => r.report.ipcs.filter((i) => i.judged).map((i) => i.cost.phases.map((p) => `${p.phase}:${p.instructions}`).join(' '));

/** A correct variant: runs its code in judged hand-offs, the programs succeed, every claim passes. */
async function assertCorrect(v: CorrectVariant, r: IpcScenarioResult, base: IpcScenarioResult): Promise<void> {
  expect(r.report.failures, v.story).toEqual([]);
  expect(r.report.verdict).toBe('pass');
  expect(r.outcome.ok, r.outcome.problems.join('; ')).toBe(true);
  // Its code ran: in the judged hand-offs, or (a system call's) in the run's kernel entries.
  if (v.inEntry) expect(r.cycles).not.toBe(base.cycles);
  else expect(judgedInstructions(r)).not.toEqual(judgedInstructions(base));
}

export function correctTest(v: CorrectVariant): void {
  const o = optionsOf(v.options);
  if (v.falseAlarm === undefined) {
    it(`${v.name} passes`, async () => {
      const r = await runIpcScenario({ ...o, patchKernel: v.patch });
      await assertCorrect(v, r, await baseline(o));
    }, TIMEOUT);
  } else {
    it.fails(`FALSE ALARM ${v.name} (${v.falseAlarm})`, async () => {
      const r = await runIpcScenario({ ...o, patchKernel: v.patch });
      const base = await baseline(o);
      const ran = r.exited && r.outcome.ok && r.report.ipcs.some((i) => i.judged) && JSON.stringify(judgedInstructions(r)) !== JSON.stringify(judgedInstructions(base));
      if (!ran) return; // not the recorded gap: it.fails reports this
      await assertCorrect(v, r, base);
    }, TIMEOUT);
  }
}

/** The unmodified kernel passes under a variant's configuration. */
export function configTest(o: Partial<IpcScenarioOptions>): void {
  it(`the unmodified kernel passes with ${JSON.stringify(o)}`, async () => {
    const r = await baseline(optionsOf(o));
    expect(r.report.failures).toEqual([]);
    expect(r.report.verdict).toBe('pass');
    expect(r.outcome.ok, r.outcome.problems.join('; ')).toBe(true);
  }, TIMEOUT);
}

/** Every variant assembles and links as it runs (so no expected failure can come from a build error). */
export function buildsTest(variants: readonly { readonly name: string; readonly patch: Patch; readonly options?: Partial<IpcScenarioOptions>; readonly sameSpace?: boolean }[]): void {
  it.each(variants.map((v) => [v.name, v] as const))('%s builds', (_, v) => {
    const o = optionsOf(v.options);
    const built = v.sameSpace ? buildSameSpace(o, v.patch) : buildIpcScenario({ ...o, patchKernel: v.patch });
    expect(built.kernelSymbol('mutant_site')).toBeLessThan(built.kernelSymbol('mutant_end'));
  });
}

/** A red-team round's suites: every variant builds, the broken ones are caught (or kept as known escapes), the correct ones pass. */
export function roundTests(round: string, broken: readonly RedteamMutant[], correct: readonly CorrectVariant[]): void {
  describe(`red team, ${round}: every variant builds`, () => {
    buildsTest([...broken, ...correct]);
  });
  // (only when there are some: vitest refuses an empty suite)
  const caught = broken.filter((x) => x.escape === undefined);
  if (caught.length > 0) {
    describe(`red team, ${round}: broken kernels caught`, () => {
      for (const m of caught) brokenTest(m);
    });
  }
  const escapes = broken.filter((x) => x.escape !== undefined);
  if (escapes.length > 0) {
    describe(`red team, ${round}: known escapes, to fix in the checker`, () => {
      for (const m of escapes) brokenTest(m);
    });
  }
  if (correct.length > 0) {
    describe(`red team, ${round}: correct but unusual kernels pass`, () => {
      for (const v of correct) correctTest(v);
    });
  }
}
