// Scenario files (npm start -- --scenario FILE): every field checked with the field named, and the
// bundled two-clients file (three threads in two spaces) runs with a passing hand-off verdict.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as startMain } from '../../testbench/cli/main.ts';
import { buildIpcScenario, runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { applyScenarioKnobs, PINGPONG_SCENARIO, pingPongScenario, readScenarioFile, scenarioFromJson, scenarioSymbol } from '../../testbench/scenarios/scenario-file.ts';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';
import { call, oneLineError } from './call.ts';
import { tempDir } from '../studies/cli.ts';

const TWO_CLIENTS = join(REPO_ROOT, 'scenarios', 'two-clients.json');
const space = { name: 'a', sources: ['pingpong_server.S'] };
const thread = { name: 't', space: 'a', entry: 'server_start', priority: 1 };

describe('scenario files', () => {
  it('every field is checked, and the error names it', () => {
    const bad: [unknown, RegExp][] = [
      [[], /scenario: expected an object/],
      [{ spaces: [space], threads: [thread], extra: 1 }, /scenario\.extra: unknown field/],
      [{ spaces: [], threads: [thread] }, /scenario\.spaces: at least one space/],
      [{ spaces: [{ ...space, sources: ['../no-such-dir/evil.S'] }], threads: [thread] }, /scenario\.spaces\[0\]\.sources\[0\]: no file \/.*\/no-such-dir\/evil\.S/],
      [{ spaces: [{ ...space, sources: ['program.c'] }], threads: [thread] }, /scenario\.spaces\[0\]\.sources\[0\]: "program\.c" is not a program \(an assembly file name\.S\)/],
      [{ spaces: [{ ...space, sources: ['missing.S'] }], threads: [thread] }, /scenario\.spaces\[0\]\.sources\[0\]: no missing\.S in kernel\/user \(a program of one's own is a path: \.\/missing\.S\)/],
      [{ spaces: [{ ...space, isa: 'mips' }], threads: [thread] }, /scenario\.spaces\[0\]\.isa: "mips" is not allowed/],
      [{ spaces: [{ ...space, defsym: { ROUNDS: 'x' } }], threads: [thread] }, /scenario\.spaces\[0\]\.defsym\.ROUNDS: "x" is not allowed/],
      [{ spaces: [space, space], threads: [thread] }, /scenario\.spaces\[1\]\.name: "a" is used twice/],
      [{ spaces: [space], threads: [] }, /scenario\.threads: at least one thread/],
      [{ spaces: [space], threads: [{ ...thread, space: 'b' }] }, /scenario\.threads\[0\]\.space: "b" is not a space of the scenario \(a\)/],
      [{ spaces: [space], threads: [{ ...thread, priority: 256 }] }, /scenario\.threads\[0\]\.priority: 256 is not allowed \(an integer in 0\.\.255\)/],
      [{ spaces: [space], threads: [{ ...thread, irqs: [40] }] }, /scenario\.threads\[0\]\.irqs\[0\]: 40 is not allowed/],
      [{ spaces: [space], threads: [thread, { ...thread, name: 'T' }] }, /scenario\.threads\[1\]\.name: "T" is used twice/],
      [{ spaces: [space], threads: [{ ...thread, entry: 'no such' }] }, /scenario\.threads\[0\]\.entry: "no such" is not a name/],
      [{ spaces: [space], threads: [thread], verdicts: 'pingpong' }, /scenario\.verdicts: expected an array/],
      [{ spaces: [space], threads: [thread], verdicts: ['ping pong'] }, /scenario\.verdicts\[0\]: "ping pong" is not a program name/],
    ];
    for (const [raw, message] of bad) expect(() => scenarioFromJson(raw), JSON.stringify(raw)).toThrow(message);
    expect(scenarioFromJson({ spaces: [space], threads: [thread] })).toEqual({ spaces: [space], threads: [thread] });
    expect(scenarioFromJson({ spaces: [space], threads: [thread], verdicts: ['pingpong'] })).toEqual({ spaces: [space], threads: [thread], verdicts: ['pingpong'] });
  });

  it("the programs that must report a verdict are the file's to name: none by default, the ping-pong's in the bundled files", async () => {
    // A program of one's own that says nothing and ends its thread: the kernel then exits cleanly.
    const dir = tempDir('verdicts');
    writeFileSync(join(dir, 'quiet.S'), '        .include "user.inc"\n        .text\n        .global start\nstart:\n        SYS_THREAD_EXIT\n');
    const quiet = { spaces: [{ name: 'a', sources: ['./quiet.S'] }], threads: [{ name: 't', space: 'a', entry: 'start', priority: 3 }] };
    const run = async (verdicts?: string[]) => {
      const file = join(dir, `quiet-${verdicts?.length ?? 0}.json`);
      writeFileSync(file, JSON.stringify({ ...quiet, ...(verdicts ? { verdicts } : {}) }));
      return runIpcScenario({ registerMrs: 6, words: 0, strategy: 'fcse', rounds: 0, scenario: readScenarioFile(file), bootOnModel: true });
    };
    const free = await run();
    expect(free.outcome.kernelExit).toBe('clean');
    expect(free.outcome.problems).toEqual([]);
    const bound = await run(['quiet']);
    expect(bound.outcome.problems).toEqual(['program quiet reported no verdict']);
    expect(readScenarioFile(TWO_CLIENTS).verdicts).toEqual(['pingpong']);
    expect(readScenarioFile(PINGPONG_SCENARIO).verdicts).toEqual(['pingpong']);
    expect(pingPongScenario({ words: 2 }).verdicts).toEqual(['pingpong']);
  }, 120_000);

  it('a program that never exits stops at --max-cycles, and the report says what it measured: no IPC, one thread', async () => {
    const dir = tempDir('spin');
    // One thread that spins: only the timer's interrupts enter the kernel.
    writeFileSync(join(dir, 'spin.S'), '        .include "user.inc"\n        .text\n        .global start\nstart:\n        b       start\n');
    const file = join(dir, 'spin.json');
    writeFileSync(file, JSON.stringify({ spaces: [{ name: 'a', sources: ['./spin.S'] }], threads: [{ name: 't', space: 'a', entry: 'start', priority: 3 }] }));
    const r = await call('npm start', startMain, ['--scenario', file, '--max-cycles', '150000', '--vcd', join(dir, 's.vcd'), '--gtkw', join(dir, 's.gtkw')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Scenario (from a file): 1 thread in 1 address space (a: t (priority 3));');
    expect(r.out).toMatch(/Run: 150,00\d cycles, .*; kernel DID NOT EXIT \(stopped at the cycle limit, 150,000: --max-cycles\)/);
    expect(r.out).not.toContain('reported no verdict');
    const windows = /(\d+) kernel windows \(trap to resume\): 0 hand-offs/.exec(r.out)?.[1];
    expect(Number(windows)).toBeGreaterThan(10);
    expect(r.out).toContain(`hot  (median of the second half of the ${windows} kernel windows, none a hand-off):`);
    expect(r.out).toContain('cold (first kernel window):');
    expect(r.out).toContain(`NO fast-path IPC: no thread made a system call (the ${windows} kernel windows were interrupts)`);
    expect(r.out).not.toMatch(/hot .*fast path/);
    const json = JSON.parse((await call('npm start', startMain, ['--scenario', file, '--max-cycles', '150000', '--json', '--vcd', join(dir, 'j.vcd'), '--gtkw', join(dir, 'j.gtkw')])).out) as { options: { maxCycles: number }; run: { stop: string; exited: boolean }; ipc: { measured: string } };
    expect(json.options.maxCycles).toBe(150_000);
    expect(json.run).toMatchObject({ stop: 'cycle-limit', exited: false });
    expect(json.ipc.measured).toBe('kernel windows');
    // The window shown is one of those interrupts: its rules' result, and that it does not count.
    expect(r.out).toContain('re-checked from the VCD alone: the same report for that IPC (n/a; not counted in the verdict: no hand-off)');
  }, 120_000);

  it('a program of its own: a path relative to the scenario file, which includes user.inc and a file beside it', async () => {
    const dir = tempDir('own-program');
    // The ping-pong client, with its message length from a file of its own beside it.
    const client = readFileSync(join(REPO_ROOT, 'kernel', 'user', 'pingpong_client.S'), 'utf8').replace('.include "user.inc"', '.include "user.inc"\n        .include "my_words.inc"\nmy_client_marker:');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'my_client.S'), client);
    writeFileSync(join(dir, 'src', 'my_words.inc'), '        .set WORDS, 3\n        .set ROUNDS, 3\n');
    const file = join(dir, 'own.json');
    writeFileSync(file, JSON.stringify({ spaces: [{ name: 'client', sources: ['src/my_client.S'] }, { name: 'server', sources: ['pingpong_server.S'] }], threads: [{ name: 'client', space: 'client', entry: 'client_start', priority: 10 }, { name: 'server', space: 'server', entry: 'server_start', priority: 20 }] }));
    const scenario = readScenarioFile(file);
    expect(scenario.spaces[0]!.sources).toEqual([join(dir, 'src', 'my_client.S')]);
    const r = await runIpcScenario({ registerMrs: 6, words: 0, strategy: 'fcse', rounds: 0, scenario });
    // The image's line table names the program's own file (debuggers and the waveform's source view find it).
    expect(r.built.image.lines.some((l) => l.file === join(dir, 'src', 'my_client.S'))).toBe(true);
    expect(r.outcome.ok, r.outcome.problems.join('; ')).toBe(true);
    expect(r.report.verdict).toBe('pass');
    // 3 rounds of 3 words (the file's WORDS and ROUNDS, not the defaults): 3 calls and 3 replies of the tag and 3 words.
    const fast = r.report.ipcs.filter((i) => i.kind === 'hand-off' && i.path === 'fast');
    expect(fast.length).toBe(6);
    expect(fast.map((i) => i.delivery.mrs)).toEqual([4, 4, 4, 4, 4, 4]);
  }, 120_000);

  it('the knobs set the parameters a scenario declares, and name the missing ones', () => {
    const two = readScenarioFile(TWO_CLIENTS);
    const set = applyScenarioKnobs(two, { words: 3, rounds: 2 });
    expect(set.spaces.find((s) => s.name === 'clients')!.defsym).toEqual({ ROUNDS: 2, WORDS: 3 });
    expect(set.spaces.find((s) => s.name === 'server')!.defsym).toBeUndefined();
    expect(applyScenarioKnobs(two, {})).toEqual(two);
    expect(() => applyScenarioKnobs(two, { clientIsa: 'thumb' })).toThrow("--isa: the scenario has no space named 'client'");
    const bare = { spaces: [space], threads: [thread] };
    expect(() => applyScenarioKnobs(bare, { words: 1 })).toThrow('--words: no space of the scenario defines WORDS (defsym)');
    expect(() => applyScenarioKnobs(bare, { rounds: 1 })).toThrow('--rounds: no space of the scenario defines ROUNDS (defsym)');
    // The bundled ping-pong is a file: its parameters are the command line's defaults.
    const pp = readScenarioFile(PINGPONG_SCENARIO);
    expect([scenarioSymbol(pp, 'WORDS'), scenarioSymbol(pp, 'ROUNDS')]).toEqual([8, 6]);
    expect(pingPongScenario({ words: 2, clientIsa: 'thumb' }).spaces.map((s) => [s.name, s.defsym ?? {}, s.isa ?? 'arm'])).toEqual([
      ['client', { ROUNDS: 6, WORDS: 2 }, 'thumb'],
      ['server', {}, 'arm'],
    ]);
  });

  it('the bundled ping-pong is the file the default run builds', () => {
    const fromFile = readScenarioFile(PINGPONG_SCENARIO);
    const a = buildIpcScenario({ registerMrs: 6, words: 5, rounds: 2, strategy: 'fcse' });
    const b = buildIpcScenario({ registerMrs: 6, words: 5, rounds: 2, strategy: 'fcse', scenario: applyScenarioKnobs(fromFile, { words: 5, rounds: 2 }) });
    expect(a.image.segments.map((s) => [s.address, Buffer.from(s.data).toString('hex')])).toEqual(b.image.segments.map((s) => [s.address, Buffer.from(s.data).toString('hex')]));
    expect(a.threads.map((t) => [t.name, t.space])).toEqual(fromFile.threads.map((t) => [t.name, t.space]));
  });

  it('the bundled two-clients file: three threads in two spaces, both clients ok, the hand-off verdict passes', async () => {
    const scenario = readScenarioFile(TWO_CLIENTS);
    expect(scenario.threads.map((t) => t.space)).toEqual(['clients', 'clients', 'server']);
    const r = await runIpcScenario({ registerMrs: 6, words: 8, strategy: 'fcse', rounds: 4, scenario });
    expect(r.outcome.ok, r.outcome.problems.join('; ')).toBe(true);
    expect(r.uart.match(/pingpong: ok/g)?.length).toBe(2);
    expect(r.report.verdict).toBe('pass');
    // both clients' calls are judged hand-offs (4 rounds each, calls and replies)
    expect(r.report.ipcs.filter((i) => i.kind === 'hand-off' && i.path === 'fast').length).toBe(16);
  }, 120_000);

  it('npm start --scenario FILE reports the file\'s threads; a bad file is one line, exit 2', async () => {
    const dir = tempDir('scenario-file');
    const run = await call('npm start', startMain, ['--scenario', TWO_CLIENTS, '--vcd', join(dir, 's.vcd'), '--gtkw', join(dir, 's.gtkw')]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('Scenario (from a file): 3 threads in 2 address spaces (clients: client (priority 10), client2 (priority 10); server: server (priority 20));');
    expect(run.out).toContain('Zero-copy hand-off: PASS');
    // A bundled scenario by name, a knob it declares set from the command line, the JSON naming it.
    const named = await call('npm start', startMain, ['--scenario', 'two-clients', '--words', '3', '--json', '--compare', 'none', '--vcd', join(dir, 'n.vcd'), '--gtkw', join(dir, 'n.gtkw')]);
    expect(named.code, named.err).toBe(0);
    const json = JSON.parse(named.out) as { scenario: string; options: { words: number; rounds: number }; run: { stop: string }; ipc: { measured: string } };
    expect(json.scenario).toBe('two-clients');
    expect(json.options).toMatchObject({ words: 3, rounds: 4, maxCycles: 20_000_000 });
    expect(json.run.stop).toBe('exit');
    expect(json.ipc.measured).toBe('fast-path hand-offs');
    expect(oneLineError(await call('npm start', startMain, ['--scenario', 'two-clients', '--isa', 'thumb']))).toContain("--isa: the scenario has no space named 'client'");
    expect(oneLineError(await call('npm start', startMain, ['--scenario', 'no-such-scenario']))).toContain('no-such-scenario.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"spaces": [{"name": "a", "sources": ["nope.S"]}], "threads": []}');
    expect(oneLineError(await call('npm start', startMain, ['--scenario', bad]))).toContain(`${bad}: scenario.spaces[0].sources[0]: no nope.S in kernel/user`);
    writeFileSync(bad, '{"spaces": [');
    expect(oneLineError(await call('npm start', startMain, ['--scenario', bad]))).toMatch(/bad\.json:1:\d+: bad JSON/);
  }, 120_000);

  // The audit's F1, F7, F13: limits the kernel has were internal errors (exit 70 and a stack trace)
  // when the build met them, numbers that do not fit a word wrapped, generated symbols could be redefined.
  it("the kernel's limits, a thread's arg and the builder's symbols are checked at load, the field named", () => {
    const client = { name: 'client', sources: ['pingpong_client.S'], defsym: { ROUNDS: 2, WORDS: 8 } };
    const server = { name: 'server', sources: ['pingpong_server.S'] };
    const ct = { name: 'client', space: 'client', entry: 'client_start', priority: 10 };
    const st = { name: 'server', space: 'server', entry: 'server_start', priority: 20 };
    const extra = (n: number, sp: (k: number) => string) => Array.from({ length: n }, (_, k) => ({ name: `t${k}`, space: sp(k), entry: 'server_start', priority: 1, start: false }));
    const many = Array.from({ length: 8 }, (_, k) => ({ name: `s${k}`, sources: ['pingpong_server.S'] }));
    const bad: [unknown, RegExp][] = [
      [{ spaces: [client, server], threads: [{ ...ct, irqs: [5] }, { ...st, irqs: [5] }] }, /^scenario\.threads\[1\]\.irqs\[0\]: irq 5 has two handlers \(scenario\.threads\[0\]\.irqs\[0\] handles it already\)$/],
      [{ spaces: [client, server], threads: [{ ...ct, irqs: [5, 5] }, st] }, /^scenario\.threads\[0\]\.irqs\[1\]: irq 5 has two handlers/],
      [{ spaces: [client, server], threads: [{ ...ct, irqs: [4] }, st] }, /^scenario\.threads\[0\]\.irqs\[0\]: irq 4 is the kernel tick/],
      [{ spaces: [client, server], threads: [ct, st, ...extra(16, () => 'server')] }, /^scenario\.threads\[17\]\.space: space server: at most 16 threads$/],
      [{ spaces: [client, server, ...many], threads: [ct, st] }, /^scenario\.spaces: 10 spaces: the kernel has room for 1\.\.7$/],
      [{ spaces: [client, server, ...many.slice(0, 5)], threads: [ct, st, ...extra(63, (k) => `s${k % 5}`)] }, /^scenario\.threads: 65 threads: the kernel has room for 1\.\.64$/],
      [{ spaces: [client, server], threads: [{ ...ct, arg: 1e20 }, st] }, /^scenario\.threads\[0\]\.arg: 100000000000000000000 is not allowed \(an integer in -2147483648\.\.4294967295\)$/],
      [{ spaces: [client, server], threads: [{ ...ct, arg: -5e9 }, st] }, /^scenario\.threads\[0\]\.arg: -5000000000 is not allowed/],
      [{ spaces: [{ ...client, defsym: { ...client.defsym, TID_SERVER: 1 } }, server], threads: [ct, st] }, /^scenario\.spaces\[0\]\.defsym\.TID_SERVER: TID_SERVER is defined by the builder/],
      [{ spaces: [{ ...client, defsym: { NREG: 2 } }, server], threads: [ct, st] }, /^scenario\.spaces\[0\]\.defsym\.NREG: NREG is defined by the builder/],
      [{ spaces: [client, { ...server, defsym: { SPACE_ID: 1 } }], threads: [ct, st] }, /^scenario\.spaces\[1\]\.defsym\.SPACE_ID: /],
    ];
    for (const [raw, message] of bad) expect(() => scenarioFromJson(raw), JSON.stringify(raw).slice(0, 200)).toThrow(message);
    // The extremes of a word are allowed, as for defsym.
    expect(() => scenarioFromJson({ spaces: [client, server], threads: [{ ...ct, arg: -0x8000_0000 }, { ...st, arg: 0xffff_ffff }] })).not.toThrow();
  });

  it('what only the build knows (a missing entry or arg symbol, a program too large) is a user error naming the file and field, exit 2', async () => {
    const dir = tempDir('scenario-build');
    writeFileSync(join(dir, 'big.S'), '        .include "user.inc"\n        .text\n        .global bad_start\nbad_start:\n        SYS_EXIT\n        .space 0x200000\n');
    const client = { name: 'client', sources: ['pingpong_client.S'], defsym: { ROUNDS: 2, WORDS: 8 } };
    const server = { name: 'server', sources: ['pingpong_server.S'] };
    const st = { name: 'server', space: 'server', entry: 'server_start', priority: 20 };
    const cases: [string, unknown, string][] = [
      ['entry', { spaces: [client, server], threads: [{ name: 'client', space: 'client', entry: 'nosuch', priority: 10 }, st] }, "scenario.threads[0].entry: no symbol nosuch in space client's program"],
      ['arg', { spaces: [client, server], threads: [{ name: 'client', space: 'client', entry: 'client_start', priority: 10, arg: 'nosym' }, st] }, "scenario.threads[0].arg: no symbol nosym in space client's program"],
      ['big', { spaces: [{ name: 's', sources: ['./big.S'] }], threads: [{ name: 't', space: 's', entry: 'bad_start', priority: 10 }] }, 'scenario.spaces[0].sources: space s: the program is too large'],
    ];
    for (const [name, raw, message] of cases) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(raw));
      const c = await call('npm start', startMain, ['--scenario', file, '--compare', 'none', '--vcd', join(dir, `${name}.vcd`), '--gtkw', join(dir, `${name}.gtkw`)]);
      expect(oneLineError(c)).toContain(`${file}: ${message}`);
    }
  }, 120_000);
});
