// docs/CORE.md prints the timing table; it must say what the code does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TIMING } from '../../rtl/core/timing.ts';

describe('docs/CORE.md timing table', () => {
  const doc = readFileSync(new URL('../../docs/CORE.md', import.meta.url), 'utf8');
  it.each(Object.entries(TIMING))('%s', (name, row) => {
    const line = doc.split('\n').find((l) => l.startsWith(`| ${name} |`));
    expect(line, `row ${name} missing from docs/CORE.md`).toBeDefined();
    const cells = line!.split('|').map((c) => c.trim());
    expect(Number(cells[2])).toBe(row.cycles);
    expect(cells[3]).toBe(row.latency ? String(row.latency) : '-');
  });
});
