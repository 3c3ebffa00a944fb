// A line chart as hand-written SVG: title, axes with ticks and labels, a grid, one coloured line
// with markers per series and a legend. X ticks at the knob's values (see xPositions); y starts at
// zero, or is logarithmic.
export interface LineChart {
  readonly title: string;
  readonly subtitle?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Logarithmic y axis: for metrics spanning orders of magnitude (full flush vs FCSE). */
  readonly logY?: boolean;
  readonly xs: readonly (number | string)[];
  readonly series: readonly { readonly name: string; readonly ys: readonly (number | null)[] }[];
}

const W = 760;
const H = 460;
const M = { left: 80, right: 190, top: 62, bottom: 64 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Round tick steps (1, 2, 5 x 10^k) giving about five intervals from `min` (0 or below) to `max`. */
export function niceTicks(max: number, min = 0): number[] {
  if (max <= min) return [min, min + 1];
  const raw = (max - min) / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v < max + step; v += step) ticks.push(v);
  return ticks;
}

/** 1, 2, 5 x 10^k ticks spanning [lo, hi] (lo > 0). */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) for (const m of [1, 2, 5]) ticks.push(m * 10 ** e);
  const first = ticks.filter((t) => t <= lo).pop() ?? ticks[0]!;
  const last = ticks.find((t) => t >= hi) ?? ticks[ticks.length - 1]!;
  return ticks.filter((t) => t >= first && t <= last);
}

/**
 * Where each x value goes, 0..1: numbers on a linear scale, or on a log2 scale when they are all
 * powers of two (cache and TLB sizes: one step per doubling); text evenly.
 */
export function xPositions(xs: readonly (number | string)[]): number[] {
  if (xs.length === 1) return [0.5];
  const nums = xs.every((x): x is number => typeof x === 'number') ? xs : undefined;
  if (!nums) return xs.map((_, i) => i / (xs.length - 1));
  const pow2 = nums.every((x) => x > 0 && Number.isInteger(Math.log2(x)));
  const v = nums.map((x) => (pow2 ? Math.log2(x) : x));
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return v.map((x) => (hi === lo ? 0.5 : (x - lo) / (hi - lo)));
}

export function renderLineChart(c: LineChart): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const all = c.series.flatMap((s) => s.ys.filter((y): y is number => y !== null));
  const log = c.logY === true && all.length > 0 && all.every((v) => v > 0);
  // (a linear axis starts at 0, or below it when a series goes negative: differences)
  const ticks = log ? logTicks(Math.min(...all), Math.max(...all)) : niceTicks(Math.max(1, ...all), Math.min(0, ...all));
  const ymin = ticks[0]!;
  const ymax = ticks[ticks.length - 1]!;
  const xPos = xPositions(c.xs);
  const xAt = (i: number): number => M.left + xPos[i]! * pw;
  const yAt = (v: number): number => M.top + ph - (log ? Math.log(v / ymin) / Math.log(ymax / ymin) : (v - ymin) / (ymax - ymin)) * ph;
  const o: string[] = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`);
  o.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  o.push(`<text x="${W / 2}" y="26" text-anchor="middle" font-size="17" font-weight="bold">${esc(c.title)}</text>`);
  if (c.subtitle) o.push(`<text x="${W / 2}" y="46" text-anchor="middle" font-size="12" fill="#555">${esc(c.subtitle)}</text>`);
  for (const t of ticks) {
    const y = yAt(t);
    o.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + pw}" y2="${y}" stroke="#e4e4e4"/>`);
    o.push(`<text x="${M.left - 8}" y="${y + 4}" text-anchor="end" font-size="12">${t}</text>`);
  }
  c.xs.forEach((x, i) => {
    o.push(`<line x1="${xAt(i)}" y1="${M.top + ph}" x2="${xAt(i)}" y2="${M.top + ph + 5}" stroke="black"/>`);
    o.push(`<text x="${xAt(i)}" y="${M.top + ph + 20}" text-anchor="middle" font-size="12">${esc(String(x))}</text>`);
  });
  o.push(`<line x1="${M.left}" y1="${M.top + ph}" x2="${M.left + pw}" y2="${M.top + ph}" stroke="black"/>`);
  o.push(`<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + ph}" stroke="black"/>`);
  o.push(`<text x="${M.left + pw / 2}" y="${H - 16}" text-anchor="middle" font-size="14">${esc(c.xLabel)}</text>`);
  o.push(`<text transform="translate(22 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="14">${esc(c.yLabel)}${log ? ", log scale" : ""}</text>`);
  c.series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const pts = s.ys.map((y, i) => (y === null ? null : ([xAt(i), yAt(y)] as const)));
    // Break the line at missing values.
    let path = '';
    let pen = false;
    for (const p of pts) {
      if (!p) {
        pen = false;
        continue;
      }
      path += `${pen ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)} `;
      pen = true;
    }
    o.push(`<path d="${path.trim()}" fill="none" stroke="${colour}" stroke-width="2.2"/>`);
    for (const [i, p] of pts.entries()) if (p) o.push(`<circle cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="3.6" fill="${colour}"><title>${esc(`${s.name}, ${c.xLabel} ${c.xs[i]}: ${s.ys[i]}`)}</title></circle>`);
    const ly = M.top + 10 + k * 22;
    o.push(`<line x1="${W - M.right + 18}" y1="${ly}" x2="${W - M.right + 44}" y2="${ly}" stroke="${colour}" stroke-width="2.2"/>`);
    o.push(`<circle cx="${W - M.right + 31}" cy="${ly}" r="3.6" fill="${colour}"/>`);
    o.push(`<text x="${W - M.right + 52}" y="${ly + 4}" font-size="12">${esc(s.name)}</text>`);
  });
  o.push('</svg>');
  return o.join('\n') + '\n';
}
