// Fixed-shape records: fields in order, duplicates refused, and no object of the system design left
// in V8's dictionary mode (per-cycle field reads there are hash lookups: issue 19).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ElaborationError, fixedRecord } from '../../rtl/hdl/index.ts';

describe('fixedRecord', () => {
  it('has one property per name, in order, with its value', () => {
    const names = Array.from({ length: 70 }, (_, k) => `f${k}`);
    const r = fixedRecord(names, (name, k) => `${name}:${k}`);
    expect(Object.keys(r)).toEqual(names);
    expect(r.f0).toBe('f0:0');
    expect(r.f69).toBe('f69:69');
  });

  it('refuses duplicate names', () => {
    expect(() => fixedRecord(['a', 'b', 'a'], () => 0)).toThrow(ElaborationError);
  });

  it('leaves no object of the RTL system in dictionary mode', () => {
    const script = fileURLToPath(new URL('./fixtures/record-shapes.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^checked \d{4,} objects$/);
    expect(lines.slice(0, -1)).toEqual([]);
  }, 60_000);
});
