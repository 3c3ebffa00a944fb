// A disk that fills up part way through a write (ENOSPC injected into node:fs's writeSync after a
// number of bytes): the temporary file goes at once, the previous output stays whole, and the error
// is one line naming the file. Before, studies left 0-byte .tmp files and npm start a partial VCD.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const disk = vi.hoisted(() => ({ bytesLeft: Number.POSITIVE_INFINITY }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((fd: number, data: Uint8Array, offset?: number, length?: number) => {
    const n = length ?? data.length - (offset ?? 0);
    if (n > disk.bytesLeft) {
      disk.bytesLeft = 0;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }
    disk.bytesLeft -= n;
    return fs.writeSync(fd, data, offset, length);
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});

const { ResultCache } = await import('../../testbench/studies/cache.ts');
const { writeFileAtomic } = await import('../../testbench/cli/atomic-file.ts');
const { userErrorMessage } = await import('../../testbench/cli/run-main.ts');
const { VcdWriter } = await import('../../testbench/trace/vcd-writer.ts');
const { Simulator } = await import('../../rtl/hdl/index.ts');
const { Mixed } = await import('../hdl/designs.ts');
const { sealResult } = await import('../../testbench/studies/result-schema.ts');
const { METRIC_NAMES } = await import('../../testbench/studies/metrics.ts');
const { pointHash, validatePoint } = await import('../../testbench/studies/point.ts');
const { tempDir } = await import('../studies/cli.ts');

process.env.HANDOFF_STUDY_MODEL = 'test-enospc';

afterEach(() => {
  disk.bytesLeft = Number.POSITIVE_INFINITY;
});

function thrown(f: () => void): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('a disk that fills up during a write', () => {
  it('a study cache entry: no .tmp file, nothing stored, one line', () => {
    const dir = tempDir('enospc-cache');
    const point = validatePoint({ words: 2 });
    const metrics = Object.fromEntries(METRIC_NAMES.map((m) => [m, 1])) as never;
    const r = sealResult({ hash: pointHash(point), point, metrics, handoff: 'pass', exited: true, uart: '', seconds: 0 });
    disk.bytesLeft = 10;
    const e = thrown(() => new ResultCache(dir).put(r));
    expect(userErrorMessage(e)).toMatch(new RegExp(`cannot write ${dir}/${r.hash}\\.json: no space left on device \\(ENOSPC\\)$`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an output that existed keeps its previous content', () => {
    const dir = tempDir('enospc-out');
    const f = join(dir, 'results.csv');
    writeFileSync(f, 'previous\n');
    disk.bytesLeft = 4;
    expect(userErrorMessage(thrown(() => writeFileAtomic(f, 'a,b,c\n1,2,3\n')))).toMatch(/no space left on device/);
    expect(readdirSync(dir)).toEqual(['results.csv']);
    expect(readFileSync(f, 'utf8')).toBe('previous\n');
  });

  it('a VCD: no partial waveform, no temporary file', () => {
    const dir = tempDir('enospc-vcd');
    const f = join(dir, 'w.vcd');
    const sim = new Simulator(new Mixed(null, 'top'));
    const writer = new VcdWriter(sim, { output: f });
    sim.reset(1);
    disk.bytesLeft = 1000; // the header and a few cycles fit
    const e = thrown(() => {
      sim.run(20_000); // the buffer flushes part way through
      writer.close();
    });
    expect(userErrorMessage(e)).toMatch(/cannot write .*w\.vcd: no space left on device \(ENOSPC\)$/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
