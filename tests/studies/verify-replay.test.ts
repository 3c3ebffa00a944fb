// A failing property (a test-only RTL model with an injected bug) through `npm run verify`: the
// printed command replays it and gives the same counterexample and the same waveform.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './cli.ts';

const MODULE = 'tests/studies/fixtures/broken-suite.ts';

function field(out: string, name: string): string {
  const m = new RegExp(`^${name}: (.*)$`, 'm').exec(out);
  if (!m) throw new Error(`no "${name}:" line in\n${out}`);
  return m[1]!;
}

describe('npm run verify: a failure replays from the printed command', () => {
  it('prints the shrunk counterexample, a replay command and a waveform; the replay gives the same', () => {
    const waves = tempDir('verify');
    const first = runCli('verify', ['--suite-module', MODULE, '--runs', '200', '--seed', '42', '--waves', waves]);
    expect(first.status, first.stderr).toBe(1);
    expect(first.stdout).toContain('verify broken-accumulator: FAIL');
    const counterexample = /counterexample \(shrunk\):\n(.*)\n/.exec(first.stdout)![1]!;
    // Shrunk: the smallest overflow fast-check finds is two bytes summing to 256.
    const bytes = JSON.parse(counterexample.replace('inputs ', '')) as number[];
    expect(bytes.reduce((a, b) => a + b, 0)).toBe(256);
    expect(first.stdout).toContain('failure:\nsum 0, the saturating reference says 255');
    expect(first.stderr).toMatch(/run \d+\/200/);
    const replay = field(first.stdout, 'replay');
    expect(replay).toMatch(/^npm run verify -- --suite broken-accumulator --suite-module tests\/studies\/fixtures\/broken-suite\.ts --seed 42 --runs 200 --path '[\d:]+'$/);
    const vcd = field(first.stdout, 'waveform');
    const wave1 = readFileSync(vcd, 'utf8');
    expect(wave1).toContain('$var');

    const args = replay.replace(/^npm run verify -- /, '').split(' ').map((a) => a.replace(/^'(.*)'$/, '$1'));
    const again = runCli('verify', [...args, '--waves', waves]);
    expect(again.status, again.stderr).toBe(1);
    expect(again.stderr).toContain('replaying path');
    expect(/counterexample \(shrunk\):\n(.*)\n/.exec(again.stdout)![1]).toBe(counterexample);
    expect(field(again.stdout, 'replay')).toBe(replay);
    expect(readFileSync(field(again.stdout, 'waveform'), 'utf8').replace(/\$date[\s\S]*?\$end/, '')).toBe(wave1.replace(/\$date[\s\S]*?\$end/, ''));
  }, 60_000);
});
