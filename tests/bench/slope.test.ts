// The designs bench's least-squares slope (cycles per UTCB word) on data with known answers.
import { describe, expect, it } from 'vitest';
import { slope } from '../../testbench/bench/designs.bench.ts';

describe('least-squares slope', () => {
  it('a line gives its slope; a step inside the range raises it; noise around a line averages out', () => {
    expect(slope([[0, 5], [1, 7], [2, 9], [3, 11]])).toBeCloseTo(2, 12);
    const stepped = Array.from({ length: 10 }, (_, x) => [x, 2 * x + (x >= 3 ? 17 : 0)] as const);
    expect(slope(stepped)).toBeGreaterThan(2);
    expect(slope(stepped.filter(([x]) => x >= 3))).toBeCloseTo(2, 12);
    expect(slope([[0, 1], [1, 2], [2, 5], [3, 6]])).toBeCloseTo(1.8, 12);
  });
});
