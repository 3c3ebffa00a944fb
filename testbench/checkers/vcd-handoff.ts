// The hand-off claims asserted on the waveform itself: the VCD is read back (streamed, so a long
// window needs no more memory than a short one) and the same engine as the online monitor runs over
// the recorded values of the register file's write ports, the data port, CP15 writes, fetches and
// the retirement interface. Nothing is read from
// the live design, so agreement with the online report shows the waveform carries the evidence.
import type { ParsedVcd } from '../trace/vcd-reader.ts';
import { streamVcd, type VcdSource, type VcdVar } from '../trace/vcd-stream-reader.ts';
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

/** A probe's value as the waveform has it at the cycle being checked. */
class Probe {
  v = 0;
}

function findCorePath(vars: ReadonlyMap<string, VcdVar>): string {
  const suffix = `.${PROBE_PATHS.ret_valid}`;
  const hits = [...vars.keys()].filter((p) => p.endsWith(suffix));
  if (hits.length !== 1) throw new Error(`VCD hand-off check: ${hits.length === 0 ? 'no' : 'several'} ${PROBE_PATHS.ret_valid} signals; give corePath`);
  return hits[0]!.slice(0, -suffix.length);
}

/**
 * The engine driven by the waveform's changes in time order: cycle N's values are those at its
 * clock rise (N x period), so a cycle is checked as soon as a change after that time arrives. The
 * clock period comes from the clk trace (first rise to the next fall is half a period). Holds one
 * value per probe, nothing per cycle: memory does not grow with the waveform.
 */
class HandoffReplay {
  private readonly probesById = new Map<string, Probe[]>();
  private readonly engine: HandoffEngine;
  private readonly clkId: string | undefined;
  private firstRise: number | undefined;
  private lastRise: number | undefined;
  private period: number | undefined;
  private next = 0;
  private readonly to: number;
  private readonly clkName: string;

  constructor(
    vars: ReadonlyMap<string, VcdVar>,
    private readonly options: VcdHandoffOptions,
  ) {
    const core = options.corePath ?? findCorePath(vars);
    const top = core.split('.')[0]!;
    const probe = (path: string, what: string): Probe => {
      const v = vars.get(path);
      if (!v) throw new Error(`VCD hand-off check: the waveform has no ${path} (${what}); record it (include filter)`);
      const p = new Probe();
      const list = this.probesById.get(v.id) ?? [];
      list.push(p);
      this.probesById.set(v.id, list);
      return p;
    };
    const probes: Partial<Record<ProbeName | OptionalProbeName | SystemProbeName, Probe>> = {};
    for (const [name, rel] of Object.entries(PROBE_PATHS) as Array<[ProbeName, string]>) probes[name] = probe(`${core}.${rel}`, name);
    for (const [name, rel] of Object.entries(OPTIONAL_PROBE_PATHS) as Array<[OptionalProbeName, string]>) {
      if (vars.has(`${core}.${rel}`)) probes[name] = probe(`${core}.${rel}`, name);
    }
    const system = core.split('.').slice(0, -1).join('.');
    for (const [name, rel] of Object.entries(SYSTEM_PROBE_PATHS) as Array<[SystemProbeName, string]>) {
      if (system && vars.has(`${system}.${rel}`)) probes[name] = probe(`${system}.${rel}`, name);
    }
    const config = resolveConfig(options);
    const viewPath = options.viewPath ?? `${top}.msg`;
    let view: ViewProbes | null = null;
    if (vars.has(`${viewPath}.mr_ok`)) {
      const v = (n: string): Probe => probe(`${viewPath}.${n}`, 'message view');
      const state = vars.has(`${viewPath}.rx_state`) ? { rx_state: v('rx_state'), rx_partner: v('rx_partner'), rx_ready: v('rx_ready') } : {};
      view = { thread: v('thread'), tid: v('tid'), mr_ok: v('mr_ok'), mr_pa: v('mr_pa'), mr: Array.from({ length: config.maxMrs }, (_, k) => v(`mr_${k}`)), ...state };
    } else if (options.viewPath) throw new Error(`VCD hand-off check: the waveform has no message view at ${viewPath}`);
    // Counters given as functions exist only online; counters given by path are read from the VCD.
    const counters: NamedCounter[] = [];
    for (const c of config.counters) if ('path' in c) counters.push({ name: c.name, probe: probe(c.path, `counter ${c.name}`) });
    const gpr = Array.from({ length: 30 }, (_, r) => probe(`${core}.${registerPath(r)}`, 'register file entry'));
    this.engine = new HandoffEngine(probes as HandoffProbes, config, counters, gpr, view);
    this.clkId = vars.get(`${top}.clk`)?.id;
    this.to = options.window?.to ?? Number.POSITIVE_INFINITY;
    this.clkName = `${top}.clk`;
  }

  change(id: string, time: number, value: bigint): void {
    if (id === this.clkId) {
      if (value === 1n) {
        this.firstRise ??= time;
        this.lastRise = time;
      } else if (this.period === undefined && this.firstRise !== undefined && time > this.firstRise) {
        this.period = 2 * (time - this.firstRise);
        this.next = Math.max(this.firstRise / this.period, this.options.window?.from ?? 0);
      }
    }
    this.advance(time);
    const list = this.probesById.get(id);
    if (list) for (const p of list) p.v = Number(value & 0xffff_ffffn);
  }

  /** Check every cycle whose values are complete before `time`. */
  private advance(time: number): void {
    const p = this.period;
    if (p === undefined) return;
    while (this.next < this.to && this.next * p < time) this.engine.step(this.next++);
  }

  finish(): HandoffReport {
    if (this.period === undefined) throw new Error(`VCD hand-off check: no ${this.clkName} trace`);
    const end = Math.min(this.lastRise! / this.period + 1, this.to);
    while (this.next < end) this.engine.step(this.next++);
    return this.engine.report();
  }
}

/** Re-derive the hand-off report from a parsed waveform. */
export function checkHandoffWaveform(vcd: ParsedVcd, options: VcdHandoffOptions = {}): HandoffReport {
  const replay = new HandoffReplay(vcd.vars, options);
  const changes: Array<{ readonly id: string; readonly time: number; readonly value: bigint }> = [];
  for (const [id, tr] of vcd.traces) tr.times.forEach((time, k) => {
    const value = tr.values[k]!;
    if (typeof value === 'bigint') changes.push({ id, time, value });
  });
  changes.sort((a, b) => a.time - b.time);
  for (const c of changes) replay.change(c.id, c.time, c.value);
  return replay.finish();
}

/**
 * Re-derive the hand-off report from a VCD's bytes or file, streaming: memory stays bounded however
 * long the waveform.
 */
export async function checkHandoffVcd(source: VcdSource, options: VcdHandoffOptions = {}): Promise<HandoffReport> {
  let replay: HandoffReplay | undefined;
  await streamVcd(source, {
    definitions: (d) => void (replay = new HandoffReplay(d.vars, options)),
    numeric: (id, time, value) => replay!.change(id, time, value),
  });
  return replay!.finish();
}
