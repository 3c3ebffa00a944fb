// Reads a VCD as a stream of changes in file order, in fixed-size pieces: memory stays bounded
// however long the waveform (the hand-off re-check of `npm start` reads windows of hundreds of MB).
// Numeric changes go through vcd-stream's wasm parser (an independent reader); text (`s`) changes,
// which vcd-stream cannot take, are split off line by line and parsed here. vcd-stream limits: times
// saturate at 2^32 (refused here) and writes over 64 KiB lose data, so it is fed 32 KiB at a time.
import { closeSync, openSync, readSync } from 'node:fs';
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
  write(chunk: Uint8Array): boolean;
  end(): void;
  on(event: 'finish', fn: () => void): void;
}

type CreateVcd = () => Promise<unknown>;
type WebVcdParser = (wasm: unknown) => Promise<VcdStreamParser>;

export interface VcdVar {
  readonly path: string;
  readonly id: string;
  readonly width: number;
  readonly type: string;
}

export interface VcdDefinitions {
  readonly timescale: string;
  /** Variables by full hierarchical path (top.core.pc). */
  readonly vars: ReadonlyMap<string, VcdVar>;
  /** Scope paths, in declaration order. */
  readonly scopes: readonly string[];
}

export interface VcdHandlers {
  /** Called once, after the header and before any change. */
  definitions?(d: VcdDefinitions): void;
  /** A numeric change (x/z bits read as 0), in file order. */
  numeric?(id: string, time: number, value: bigint): void;
  /** A text change, in file order among text changes. */
  text?(id: string, time: number, value: string): void;
}

/** The bytes of a VCD, or a file to read in pieces. */
export type VcdSource = Uint8Array | { readonly path: string };

const PIECE = 32 * 1024;
const READ = 1 << 20;
/** A header this long without $enddefinitions is not a VCD the project wrote. */
const MAX_HEADER = 64 << 20;
const MAX_TIME = 0xffff_ffffn;

function* chunksOf(source: VcdSource): Generator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let off = 0; off < source.length; off += READ) yield source.subarray(off, off + READ);
    return;
  }
  const fd = openSync(source.path, 'r');
  try {
    const buf = Buffer.alloc(READ);
    for (let n = readSync(fd, buf, 0, READ, null); n > 0; n = readSync(fd, buf, 0, READ, null)) yield buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function definitionsOf(parser: VcdStreamParser): VcdDefinitions {
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
  return { timescale: (parser.info.timescale ?? '').trim(), vars, scopes };
}

export async function streamVcd(source: VcdSource, h: VcdHandlers): Promise<void> {
  const createVcd = require('vcd-stream/out/vcd.js') as CreateVcd;
  const webVcdParser = require('vcd-stream/lib/web-vcd-parser.js') as WebVcdParser;
  const parser = await webVcdParser(await createVcd());
  let failure: Error | undefined;
  parser.change.any((id, t, cmd, value) => {
    if (failure) return;
    if (t >= MAX_TIME) {
      failure = new Error('VCD times from 2^32 on are beyond the reader (vcd-stream saturates them)');
      return;
    }
    // cmd 14/15: scalar 0/1; 30..: vectors (value, mask); others: x/z scalars, read as 0.
    const v = cmd === 15 ? 1n : cmd >= 14 && cmd <= 28 ? 0n : (value ?? 0n);
    try {
      h.numeric?.(id, Number(t), v);
    } catch (e) {
      failure = e as Error;
    }
  });
  const feed = (text: string): void => {
    const bytes = Buffer.from(text, 'latin1');
    for (let off = 0; off < bytes.length && !failure; off += PIECE) parser.write(bytes.subarray(off, off + PIECE));
  };

  let header = '';
  let inBody = false;
  let carry = '';
  let time = 0;
  const body = (text: string): void => {
    const lines = (carry + text).split('\n');
    carry = lines.pop()!;
    const numeric: string[] = [];
    for (const line of lines) {
      if (line.startsWith('#')) time = Number(line.slice(1));
      if (line.startsWith('s') || line.startsWith('S')) {
        const space = line.lastIndexOf(' ');
        h.text?.(line.slice(space + 1), time, unescapeVcdString(line.slice(1, space)));
      } else numeric.push(line);
    }
    if (numeric.length > 0) feed(numeric.join('\n') + '\n');
  };
  for (const chunk of chunksOf(source)) {
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    if (inBody) body(text);
    else {
      header += text;
      const end = header.indexOf('$enddefinitions');
      const nl = end < 0 ? -1 : header.indexOf('\n', end);
      if (nl < 0) {
        if (header.length > MAX_HEADER) break;
        continue;
      }
      feed(header.slice(0, nl + 1));
      inBody = true;
      h.definitions?.(definitionsOf(parser));
      const rest = header.slice(nl + 1);
      header = '';
      body(rest);
    }
    if (failure) throw failure;
  }
  if (!inBody) throw new Error('VCD has no $enddefinitions');
  if (carry !== '') body('\n');
  const finished = new Promise<void>((resolve) => parser.on('finish', resolve));
  parser.end();
  await finished;
  if (failure) throw failure;
}
