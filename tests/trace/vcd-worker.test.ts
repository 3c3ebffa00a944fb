// A VCD formatted in a worker thread has the bytes of the one formatted in the simulation's thread.
// Workers run only compiled JavaScript, so the worker side runs over dist/ (built here if stale) in
// a child process (fixtures/vcd-worker-compare.mjs), for option sets covering both text encodings,
// windows, filters, the period and timescale, wide signals, tiny batches (the simulation waits for
// the worker), more distinct texts than the string table holds, and a full disk.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../scripts/launch.mjs';
import { Simulator } from '../../rtl/hdl/index.ts';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';
import { MemorySink } from '../../testbench/trace/byte-sink.ts';
import { VcdWriter } from '../../testbench/trace/vcd-writer.ts';
import { Mixed } from '../hdl/designs.ts';
import { tempDir } from '../studies/cli.ts';

interface Side {
  readonly path: string;
  readonly bytes: number;
  readonly inWorker: boolean;
}
type Row = { readonly name: string; readonly worker?: Side; readonly 'this-thread'?: Side; readonly error?: string };

describe('VCD formatted in a worker thread', () => {
  it('gives the same bytes as in the simulation thread, for every option set; a full disk fails with the file named', () => {
    expect(ensureBuilt(REPO_ROOT)).toBe(true);
    const dir = tempDir('vcd-worker');
    const run = spawnSync(process.execPath, [join('tests', 'trace', 'fixtures', 'vcd-worker-compare.mjs'), 'dist', dir, '3000'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 600_000 });
    expect(run.status, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as Row[];
    const compared = rows.filter((r) => r.worker !== undefined);
    expect(compared.map((r) => r.name)).toEqual(['system-default', 'system-vector', 'system-window', 'system-filtered', 'system-small-ring', 'wide-vector', 'wide-string', 'many-texts']);
    for (const r of compared) {
      const w = r.worker!;
      const t = r['this-thread']!;
      expect(w.inWorker, r.name).toBe(true);
      expect(t.inWorker, r.name).toBe(false);
      const a = readFileSync(w.path);
      const b = readFileSync(t.path);
      expect(a.length, r.name).toBeGreaterThan(1000);
      expect(w.bytes, r.name).toBe(a.length);
      expect(a.equals(b), `${r.name}: worker and in-thread VCDs differ`).toBe(true);
    }
    // The two encodings and the window really changed the output (the cases are not all one file).
    const size = (name: string): number => compared.find((r) => r.name === name)!.worker!.bytes;
    expect(new Set(['system-default', 'system-vector', 'system-window', 'system-filtered'].map(size)).size).toBe(4);
    expect(rows.find((r) => r.name === 'dev-full')?.error).toMatch(/^cannot write \/dev\/full: no space left on device \(ENOSPC\)$/);
    expect(rows.find((r) => r.name === 'bad-path')?.error).toMatch(/^cannot write \/proc\/nope\/w\.vcd: /);
  }, 600_000);

  it("from the TypeScript sources formats in this thread; 'worker' says why it cannot", () => {
    const sim = new Simulator(new Mixed(null, 'top'));
    const auto = new VcdWriter(sim, { output: join(tempDir('vcd-auto'), 'w.vcd') });
    expect(auto.inWorker).toBe(false);
    auto.close();
    expect(() => new VcdWriter(sim, { output: new MemorySink(), formatter: 'worker' })).toThrow(/a worker thread runs only from the compiled JavaScript/);
  });
});
