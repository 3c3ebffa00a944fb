// Reads a VCD back, for tests and for checkers that assert on the waveform itself. Numeric changes
// go through vcd-stream's wasm parser (an independent reader); text (`s`) changes, which vcd-stream
// cannot take, are split off first and parsed here. vcd-stream limits: times saturate at 2^32 and
// writes over 64 KiB lose data, so the input is fed in 32 KiB pieces.
import { createRequire } from 'node:module';
import { unescapeVcdString } from './text-encoding.ts';

const require = createRequire(import.meta.url);

interface VcdStreamScope {
  kind: 'scope' | 'var';
  type: string;
  name: string;
  size?: number;
  link?: string;
  body?: VcdStreamScope[];
}

interface VcdStreamParser {
  change: { any(fn: (id: string, time: bigint, cmd: number, value?: bigint, mask?: bigint) => void): void };
  info: { wires: VcdStreamScope; timescale?: string };
  on(event: 'finish', fn: () => void): void;
  write(chunk: Uint8Array): boolean;
  end(): void;
}

type CreateVcd = () => Promise<unknown>;
type WebVcdParser = (wasm: unknown) => Promise<VcdStreamParser>;

export interface VcdVar {
  readonly path: string;
  readonly id: string;
  readonly width: number;
  readonly type: string;
}

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

const CHUNK = 32 * 1024;

export async function readVcd(bytes: Uint8Array): Promise<ParsedVcd> {
  const text = Buffer.from(bytes).toString('latin1');
  const endDefs = text.indexOf('$enddefinitions');
  if (endDefs < 0) throw new Error('VCD has no $enddefinitions');
  const bodyStart = text.indexOf('\n', endDefs) + 1;

  // Split off text changes (s<value> <id>) with the time they belong to.
  const textChanges: Array<{ id: string; time: number; value: string }> = [];
  const numeric: string[] = [];
  let time = 0;
  for (const line of text.slice(bodyStart).split('\n')) {
    if (line.startsWith('#')) time = Number(line.slice(1));
    if (line.startsWith('s') || line.startsWith('S')) {
      const space = line.lastIndexOf(' ');
      textChanges.push({ id: line.slice(space + 1), time, value: unescapeVcdString(line.slice(1, space)) });
    } else numeric.push(line);
  }
  const filtered = Buffer.from(text.slice(0, bodyStart) + numeric.join('\n'), 'latin1');

  const createVcd = require('vcd-stream/out/vcd.js') as CreateVcd;
  const webVcdParser = require('vcd-stream/lib/web-vcd-parser.js') as WebVcdParser;
  const parser = await webVcdParser(await createVcd());
  const traces = new Map<string, VcdTrace>();
  const push = (id: string, t: number, v: bigint | string): void => {
    let tr = traces.get(id);
    if (!tr) traces.set(id, (tr = { times: [], values: [] }));
    tr.times.push(t);
    tr.values.push(v);
  };
  parser.change.any((id, t, cmd, value) => {
    // cmd 14/15: scalar 0/1; 30..: vectors (value, mask); others: x/z scalars, read as 0.
    if (cmd === 15) push(id, Number(t), 1n);
    else if (cmd >= 14 && cmd <= 28) push(id, Number(t), 0n);
    else push(id, Number(t), value ?? 0n);
  });
  const finished = new Promise<void>((resolve) => parser.on('finish', resolve));
  for (let off = 0; off < filtered.length; off += CHUNK) parser.write(filtered.subarray(off, off + CHUNK));
  parser.end();
  await finished;

  for (const c of textChanges) push(c.id, c.time, c.value);
  for (const tr of traces.values()) sortByTime(tr);

  const vars = new Map<string, VcdVar>();
  const scopes: string[] = [];
  const walk = (node: VcdStreamScope, prefix: string): void => {
    for (const child of node.body ?? []) {
      if (child.kind === 'scope') {
        const path = prefix ? `${prefix}.${child.name}` : child.name;
        scopes.push(path);
        walk(child, path);
      } else {
        const path = `${prefix}.${child.name}`;
        vars.set(path, { path, id: child.link!, width: child.size!, type: child.type });
      }
    }
  };
  walk(parser.info.wires, '');
  return {
    timescale: (parser.info.timescale ?? '').trim(),
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
