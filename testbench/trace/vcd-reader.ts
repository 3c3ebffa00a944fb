// Reads a whole VCD back into memory, for tests and small waveforms (the stream of changes comes from
// vcd-stream-reader.ts; long waveforms should be consumed from that stream directly).
import { streamVcd, type VcdDefinitions, type VcdVar } from './vcd-stream-reader.ts';

export type { VcdVar } from './vcd-stream-reader.ts';

export interface VcdTrace {
  readonly times: number[];
  readonly values: Array<bigint | string>;
}

export interface ParsedVcd {
  readonly timescale: string;
  /** Variables by full hierarchical path (top.core.pc). */
  readonly vars: ReadonlyMap<string, VcdVar>;
  /** Changes by id code, in time order; values are bigint (x/z bits as 0) or string (text). */
  readonly traces: ReadonlyMap<string, VcdTrace>;
  /** Value of a variable at `time` (the last change at or before it). */
  valueAt(path: string, time: number): bigint | string | undefined;
  /** Scope paths, in declaration order. */
  readonly scopes: readonly string[];
}

export async function readVcd(bytes: Uint8Array): Promise<ParsedVcd> {
  const traces = new Map<string, VcdTrace>();
  const push = (id: string, t: number, v: bigint | string): void => {
    let tr = traces.get(id);
    if (!tr) traces.set(id, (tr = { times: [], values: [] }));
    tr.times.push(t);
    tr.values.push(v);
  };
  let defs: VcdDefinitions | undefined;
  await streamVcd(bytes, { definitions: (d) => void (defs = d), numeric: push, text: push });
  for (const tr of traces.values()) sortByTime(tr);
  const { vars, scopes, timescale } = defs!;
  return {
    timescale,
    vars,
    traces,
    scopes,
    valueAt(path, t) {
      const v = vars.get(path);
      if (!v) throw new Error(`no variable ${path} in the VCD`);
      const tr = traces.get(v.id);
      if (!tr) return undefined;
      let lo = 0;
      let hi = tr.times.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (tr.times[mid]! <= t) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found < 0 ? undefined : tr.values[found];
    },
  };
}

function sortByTime(tr: VcdTrace): void {
  const order = tr.times.map((_, k) => k).sort((a, b) => tr.times[a]! - tr.times[b]! || a - b);
  const times = order.map((k) => tr.times[k]!);
  const values = order.map((k) => tr.values[k]!);
  for (let k = 0; k < order.length; k++) {
    tr.times[k] = times[k]!;
    tr.values[k] = values[k]!;
  }
}
