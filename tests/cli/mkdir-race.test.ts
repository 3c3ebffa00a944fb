// Two processes writing their first file into a directory neither has made yet (a study's workers
// and their shared cache): each looks, finds it missing, and makes it; the one that comes second
// gets EEXIST from mkdir. It must take the directory the other made and write its file (a study
// point once failed with "cannot write .../cache/<hash>.json: file already exists (EEXIST)").
// The race is made certain here: node:fs's mkdirSync makes the directory itself first, as the
// other process would have, whenever the test arms it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const race = vi.hoisted(() => ({ armed: false, lost: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const mkdirSync = ((path: string, options?: unknown) => {
    if (race.armed) {
      fs.mkdirSync(path); // the other process, just before us
      race.lost++;
    }
    return fs.mkdirSync(path, options as Parameters<typeof fs.mkdirSync>[1]);
  }) as typeof fs.mkdirSync;
  return { ...fs, default: { ...fs, mkdirSync }, mkdirSync };
});

const { writeFileAtomic } = await import('../../testbench/cli/atomic-file.ts');
const { tempDir } = await import('../studies/cli.ts');

describe('writing into directories another process makes at the same moment', () => {
  it('takes the directory the other process made, at every missing level, and writes the file', () => {
    const root = tempDir('mkdir-race');
    const file = join(root, 'cache', 'studies', 'point.json');
    race.armed = true;
    try {
      writeFileAtomic(file, '{"ok":true}');
    } finally {
      race.armed = false;
    }
    expect(race.lost).toBe(2); // cache and cache/studies were both made "by the other process"
    expect(readFileSync(file, 'utf8')).toBe('{"ok":true}');
  });

  it('still refuses a file where a directory must go', () => {
    const root = tempDir('mkdir-race');
    writeFileAtomic(join(root, 'blocker'), 'x');
    expect(() => writeFileAtomic(join(root, 'blocker', 'inner', 'f.json'), 'y')).toThrow(/blocker is not a directory/);
  });
});
