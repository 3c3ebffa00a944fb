// A distribution of measured cycles, summarised the way sel4bench and L4Re tables report them.

export interface Distribution {
  readonly n: number;
  readonly min: number;
  /** The middle sample (for an even count the upper of the two middle ones, as every figure of the project). */
  readonly median: number;
  readonly mean: number;
  readonly max: number;
  /** Sample standard deviation (n - 1); 0 for a single sample. */
  readonly stddev: number;
}

/** Rounded to hundredths: outputs stay short and byte-identical from run to run. */
const hundredths = (v: number): number => Math.round(v * 100) / 100;

export function distribution(xs: readonly number[]): Distribution | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const mean = s.reduce((a, v) => a + v, 0) / n;
  const variance = n > 1 ? s.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { n, min: s[0]!, median: s[Math.floor(n / 2)]!, mean: hundredths(mean), max: s[n - 1]!, stddev: hundredths(Math.sqrt(variance)) };
}
