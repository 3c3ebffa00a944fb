// Scenario files (npm start -- --scenario FILE): every field checked with the field named, and the
// bundled two-clients file (three threads in two spaces) runs with a passing hand-off verdict.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as startMain } from '../../testbench/cli/main.ts';
import { runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { readScenarioFile, scenarioFromJson } from '../../testbench/scenarios/scenario-file.ts';
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
      [{ spaces: [{ ...space, sources: ['../evil.S'] }], threads: [thread] }, /scenario\.spaces\[0\]\.sources\[0\]: "\.\.\/evil\.S" is not a program file name/],
      [{ spaces: [{ ...space, sources: ['missing.S'] }], threads: [thread] }, /scenario\.spaces\[0\]\.sources\[0\]: no missing\.S in kernel\/user/],
      [{ spaces: [{ ...space, isa: 'mips' }], threads: [thread] }, /scenario\.spaces\[0\]\.isa: "mips" is not allowed/],
      [{ spaces: [{ ...space, defsym: { ROUNDS: 'x' } }], threads: [thread] }, /scenario\.spaces\[0\]\.defsym\.ROUNDS: "x" is not allowed/],
      [{ spaces: [space, space], threads: [thread] }, /scenario\.spaces\[1\]\.name: "a" is used twice/],
      [{ spaces: [space], threads: [] }, /scenario\.threads: at least one thread/],
      [{ spaces: [space], threads: [{ ...thread, space: 'b' }] }, /scenario\.threads\[0\]\.space: "b" is not a space of the scenario \(a\)/],
      [{ spaces: [space], threads: [{ ...thread, priority: 256 }] }, /scenario\.threads\[0\]\.priority: 256 is not allowed \(an integer in 0\.\.255\)/],
      [{ spaces: [space], threads: [{ ...thread, irqs: [40] }] }, /scenario\.threads\[0\]\.irqs\[0\]: 40 is not allowed/],
      [{ spaces: [space], threads: [thread, { ...thread, name: 'T' }] }, /scenario\.threads\[1\]\.name: "T" is used twice/],
      [{ spaces: [space], threads: [{ ...thread, entry: 'no such' }] }, /scenario\.threads\[0\]\.entry: "no such" is not a name/],
    ];
    for (const [raw, message] of bad) expect(() => scenarioFromJson(raw), JSON.stringify(raw)).toThrow(message);
    expect(scenarioFromJson({ spaces: [space], threads: [thread] })).toEqual({ spaces: [space], threads: [thread] });
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
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"spaces": [{"name": "a", "sources": ["nope.S"]}], "threads": []}');
    expect(oneLineError(await call('npm start', startMain, ['--scenario', bad]))).toContain(`${bad}: scenario.spaces[0].sources[0]: no nope.S in kernel/user`);
    writeFileSync(bad, '{"spaces": [');
    expect(oneLineError(await call('npm start', startMain, ['--scenario', bad]))).toMatch(/bad\.json:1:\d+: bad JSON/);
  }, 120_000);
});
