// The hand-off claims asserted on the waveform itself: the VCD is parsed back (readVcd) and the
// same engine as the online monitor runs over the recorded values of the register file's write
// ports, the data port, CP15 writes, fetches and the retirement interface. Nothing is read from
// the live design, so agreement with the online report shows the waveform carries the evidence.
import { readVcd, type ParsedVcd, type VcdTrace } from '../trace/vcd-reader.ts';
import { resolveConfig, type HandoffConfig } from './config.ts';
import type { NamedCounter } from './cost-monitor.ts';
import { HandoffEngine, type ViewProbes } from './handoff-engine.ts';
import { OPTIONAL_PROBE_PATHS, PROBE_PATHS, registerPath, SYSTEM_PROBE_PATHS, type HandoffProbes, type OptionalProbeName, type ProbeName, type SystemProbeName } from './probes.ts';
import type { HandoffReport } from './report.ts';

export interface VcdHandoffOptions extends HandoffConfig {
  /** The core's scope, e.g. top.sys.core (default: the scope holding writeback.ret_valid). */
  readonly corePath?: string;
  /** The message view's scope (default: <top>.msg, when the waveform has it). */
  readonly viewPath?: string;
  /** Cycles to check: [from, to) (default: every recorded cycle). */
  readonly window?: { readonly from?: number; readonly to?: number };
}

/** A probe that walks one VCD trace forward in time. */
class TraceCursor {
  v = 0;
  private k = -1;

  constructor(private readonly trace: VcdTrace | undefined) {}

  seek(time: number): void {
    const tr = this.trace;
    if (!tr) return;
    while (this.k + 1 < tr.times.length && tr.times[this.k + 1]! <= time) this.k++;
    if (this.k >= 0) {
      const value = tr.values[this.k]!;
      this.v = typeof value === 'bigint' ? Number(value & 0xffff_ffffn) : 0;
    }
  }
}

function findCorePath(vcd: ParsedVcd): string {
  const suffix = `.${PROBE_PATHS.ret_valid}`;
  const hits = [...vcd.vars.keys()].filter((p) => p.endsWith(suffix));
  if (hits.length !== 1) throw new Error(`VCD hand-off check: ${hits.length === 0 ? 'no' : 'several'} ${PROBE_PATHS.ret_valid} signals; give corePath`);
  return hits[0]!.slice(0, -suffix.length);
}

function cursorFor(vcd: ParsedVcd, path: string, what: string): TraceCursor {
  const v = vcd.vars.get(path);
  if (!v) throw new Error(`VCD hand-off check: the waveform has no ${path} (${what}); record it (include filter)`);
  return new TraceCursor(vcd.traces.get(v.id));
}

/** Clock period and the cycles recorded, from the clk trace (rises at cycle x period). */
function clockOf(vcd: ParsedVcd, top: string): { period: number; first: number; last: number } {
  const clk = vcd.vars.get(`${top}.clk`);
  const tr = clk ? vcd.traces.get(clk.id) : undefined;
  if (!tr || tr.times.length < 2) throw new Error(`VCD hand-off check: no ${top}.clk trace`);
  const rises = tr.times.filter((_, k) => tr.values[k] === 1n);
  const fall = tr.times.find((t, k) => tr.values[k] === 0n && t > rises[0]!)!;
  const period = 2 * (fall - rises[0]!);
  return { period, first: rises[0]! / period, last: rises[rises.length - 1]! / period };
}

/** Re-derive the hand-off report from a parsed waveform. */
export function checkHandoffWaveform(vcd: ParsedVcd, options: VcdHandoffOptions = {}): HandoffReport {
  const core = options.corePath ?? findCorePath(vcd);
  const top = core.split('.')[0]!;
  const cursors: TraceCursor[] = [];
  const probes: Partial<Record<ProbeName | OptionalProbeName | SystemProbeName, TraceCursor>> = {};
  for (const [name, rel] of Object.entries(PROBE_PATHS) as Array<[ProbeName, string]>) {
    cursors.push((probes[name] = cursorFor(vcd, `${core}.${rel}`, name)));
  }
  for (const [name, rel] of Object.entries(OPTIONAL_PROBE_PATHS) as Array<[OptionalProbeName, string]>) {
    if (vcd.vars.has(`${core}.${rel}`)) cursors.push((probes[name] = cursorFor(vcd, `${core}.${rel}`, name)));
  }
  const system = core.split('.').slice(0, -1).join('.');
  for (const [name, rel] of Object.entries(SYSTEM_PROBE_PATHS) as Array<[SystemProbeName, string]>) {
    if (system && vcd.vars.has(`${system}.${rel}`)) cursors.push((probes[name] = cursorFor(vcd, `${system}.${rel}`, name)));
  }
  const config = resolveConfig(options);
  const viewPath = options.viewPath ?? `${top}.msg`;
  let view: ViewProbes | null = null;
  if (vcd.vars.has(`${viewPath}.mr_ok`)) {
    const v = (n: string): TraceCursor => {
      const c = cursorFor(vcd, `${viewPath}.${n}`, 'message view');
      cursors.push(c);
      return c;
    };
    view = { thread: v('thread'), tid: v('tid'), mr_ok: v('mr_ok'), mr_pa: v('mr_pa'), mr: Array.from({ length: config.maxMrs }, (_, k) => v(`mr_${k}`)) };
  } else if (options.viewPath) throw new Error(`VCD hand-off check: the waveform has no message view at ${viewPath}`);
  // Counters given as functions exist only online; counters given by path are read from the VCD.
  const counters: NamedCounter[] = [];
  for (const c of config.counters) {
    if ('path' in c) {
      const cursor = cursorFor(vcd, c.path, `counter ${c.name}`);
      cursors.push(cursor);
      counters.push({ name: c.name, probe: cursor });
    }
  }
  const gpr = Array.from({ length: 30 }, (_, r) => cursorFor(vcd, `${core}.${registerPath(r)}`, 'register file entry'));
  cursors.push(...gpr);
  const engine = new HandoffEngine(probes as HandoffProbes, config, counters, gpr, view);
  const clock = clockOf(vcd, top);
  const from = Math.max(clock.first, options.window?.from ?? 0);
  const to = Math.min(clock.last + 1, options.window?.to ?? Number.POSITIVE_INFINITY);
  for (let cycle = from; cycle < to; cycle++) {
    const time = cycle * clock.period;
    for (const c of cursors) c.seek(time);
    engine.step(cycle);
  }
  return engine.report();
}

/** Parse a VCD file's bytes and re-derive the hand-off report from it. */
export async function checkHandoffVcd(bytes: Uint8Array, options: VcdHandoffOptions = {}): Promise<HandoffReport> {
  return checkHandoffWaveform(await readVcd(bytes), options);
}
