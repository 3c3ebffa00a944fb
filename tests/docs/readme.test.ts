// README.md's excerpt of `npm start` is what `npm start` prints on this commit: every line of the
// quoted block is a line of the default run's report (same programs, same model, deterministic).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as startMain } from '../../testbench/cli/main.ts';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';
import { call } from '../cli/call.ts';
import { tempDir } from '../studies/cli.ts';

describe('README.md', () => {
  it('quotes npm start as it runs (the default scenario, line for line)', async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /<!-- readme:start-excerpt -->\n```\n([\s\S]*?)\n```\n<!-- \/readme:start-excerpt -->/.exec(readme);
    expect(block, 'the marked excerpt').not.toBeNull();
    const quoted = block![1]!.split('\n');
    expect(quoted.length).toBeGreaterThan(5);
    const dir = tempDir('readme');
    const run = await call('npm start', startMain, ['--vcd', join(dir, 'h.vcd'), '--gtkw', join(dir, 'h.gtkw')]);
    expect(run.code, run.err).toBe(0);
    const printed = new Set(run.out.split('\n'));
    for (const line of quoted) expect(printed.has(line), `README line not printed by npm start:\n${line}`).toBe(true);
  }, 120_000);
});
