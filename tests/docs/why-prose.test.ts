// docs/WHY.md's hand-written prose (outside the <!-- why:NAME --> blocks npm run why fills) states no
// measured count of the l4-spread layout: how many pages the spread fast path touches is measured
// (npm start prints it per design), so the prose says where the figure comes from instead of a
// fixed number (it said "11 pages" where a run reports more).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';

const page = readFileSync(join(REPO_ROOT, 'docs', 'WHY.md'), 'utf8');
const prose = page.replace(/<!-- why:([\w-]+) -->[\s\S]*?<!-- \/why:\1 -->/g, '');

describe('docs/WHY.md prose about l4-spread', () => {
  it('gives no fixed page count and no fixed per-step instruction claim', () => {
    expect(prose).not.toMatch(/over\s+\d+\s+pages/);
    expect(prose).not.toMatch(/a branch per step/);
  });

  it('says where the pages touched are measured', () => {
    const spread = prose.split('\n').filter((l) => l.includes('`l4-spread`'));
    expect(spread.length).toBeGreaterThan(0);
    expect(prose).toMatch(/pages a hot IPC touches[\s\S]{0,80}npm start/);
  });
});
