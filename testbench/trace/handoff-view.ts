// The GTKWave hand-off view: one .gtkw that opens the waveform on the IPC window with clock, stage
// pcs and mnemonics, the register-file write ports, the user-bank registers that hold MRs, mode,
// the D-side bus, CP15 writes, cache/TLB counters (when the design has them) and markers at each
// trap and resume. Signals the VCD does not hold (a filtered trace, no memory system yet) are left
// out, and a group with none of its signals is dropped.
import { PHYS_NAMES } from '../../rtl/core/arm.ts';
import { writeGtkw, type GtkwGroup, type GtkwMarker, type GtkwTrace } from './gtkw-writer.ts';
import type { VcdVariable } from './vcd-writer.ts';

export interface HandoffViewOptions {
  readonly dumpfile: string;
  /** The VCD's variables (VcdWriter.variables). */
  readonly variables: readonly VcdVariable[];
  /** The IPCs to mark (a HandoffReport's `ipcs` fits); with one IPC its phases are marked too. */
  readonly ipcs: ReadonlyArray<{
    readonly trapCycle: number;
    readonly resumeCycle: number;
    readonly cost?: { readonly phases: ReadonlyArray<{ readonly phase: string; readonly startCycle: number }> };
  }>;
  /** The core's scope (default: the scope holding writeback.ret_valid). */
  readonly corePath?: string;
  /** The PipelineView's scope (default: the scope holding e_asm). */
  readonly viewPath?: string;
  /** Physical registers holding MRs (default r3..r8). */
  readonly mrRegisters?: readonly number[];
  /** More counter signals to show, by full path. */
  readonly counterPaths?: readonly string[];
  /** Cycles shown before the first trap and after the last resume (default 4). */
  readonly marginCycles?: number;
  readonly period?: number;
}

/** Leaf names of cache, TLB and walk counters the memory system exposes as registers. */
const COUNTER_NAMES = new Set(['hits', 'misses', 'tlb_hits', 'tlb_misses', 'fills', 'walks', 'writebacks']);

function scopeOf(variables: readonly VcdVariable[], suffix: string, what: string): string {
  const hits = variables.filter((v) => v.path.endsWith(suffix));
  if (hits.length !== 1) throw new Error(`hand-off view: ${hits.length === 0 ? 'no' : 'several'} ${what} (${suffix}) in the VCD`);
  return hits[0]!.path.slice(0, -suffix.length);
}

export function writeHandoffGtkw(o: HandoffViewOptions): string {
  const core = o.corePath ?? scopeOf(o.variables, '.writeback.ret_valid', 'core');
  const known = new Set(o.variables.map((v) => v.path));
  const hasView = o.variables.some((v) => v.path.endsWith('.e_asm'));
  const view = o.viewPath ?? (hasView ? scopeOf(o.variables, '.e_asm', 'pipeline view') : '');
  const top = core.split('.')[0]!;
  const at = (scope: string, names: readonly string[], format?: GtkwTrace['format']): GtkwTrace[] =>
    names.map((n) => ({ path: `${scope}.${n}`, ...(format ? { format } : {}) }));
  const group = (name: string, traces: readonly GtkwTrace[]): GtkwGroup => ({ group: name, traces: traces.filter((t) => known.has(t.path)) });
  const v = (n: string): GtkwTrace => ({ path: `${view}.${n}` });
  const mrs = o.mrRegisters ?? [3, 4, 5, 6, 7, 8];
  const counters = [
    ...o.variables.filter((x) => COUNTER_NAMES.has(x.path.slice(x.path.lastIndexOf('.') + 1))).map((x) => ({ path: x.path, format: 'dec' as const })),
    { path: `${core}.writeback.retired`, format: 'dec' as const },
    ...(o.counterPaths ?? []).map((path) => ({ path, format: 'dec' as const })),
  ];
  const groups: GtkwGroup[] = [
    group('Pipeline', [
      { path: `${core}.fetch.i_addr` }, v('f_asm'),
      { path: `${core}.fetch.q0_pc` }, v('d_asm'),
      { path: `${core}.execute.pc` }, v('e_asm'), v('e_sym'), v('e_src'),
      { path: `${core}.memory.pc` }, v('m_asm'),
      { path: `${core}.writeback.pc` }, v('w_asm'),
      v('phase'),
    ]),
    group('Mode and retirement', [
      { path: `${core}.mode` }, ...at(`${core}.writeback`, ['ret_valid', 'ret_pc', 'ret_mode']), { path: `${core}.writeback.ret_exc`, format: 'dec' },
    ]),
    group('Register file write ports', [
      ...at(`${core}.rf`, ['w0_en']), { path: `${core}.rf.w0_addr`, format: 'dec' }, ...at(`${core}.rf`, ['w0_data', 'w1_en']),
      { path: `${core}.rf.w1_addr`, format: 'dec' }, ...at(`${core}.rf`, ['w1_data']),
    ]),
    group('MR registers (user bank)', mrs.map((r) => ({ path: `${core}.rf.gpr.${PHYS_NAMES[r]!}` }))),
    group('D-side bus', at(`${core}.memory`, ['d_req', 'd_we', 'd_addr', 'd_size', 'd_wdata', 'd_rdata', 'd_ready', 'd_abort'])),
    group('CP15', at(`${core}.cp15`, ['we', 'commit', 'rd_reg', 'wdata', 'ttbr', 'fcse_pid', 'contextidr'])),
    group('Cache and TLB counters', counters),
  ].filter((g) => g.traces.length > 0);

  const markers: GtkwMarker[] = [];
  o.ipcs.forEach((ipc, k) => {
    markers.push({ name: `trap ${k}`, cycle: ipc.trapCycle }, { name: `resume ${k}`, cycle: ipc.resumeCycle });
  });
  // One IPC: a marker where each phase starts (where every cycle goes).
  if (o.ipcs.length === 1) {
    for (const p of o.ipcs[0]!.cost?.phases ?? []) if (p.startCycle !== o.ipcs[0]!.trapCycle) markers.push({ name: p.phase, cycle: p.startCycle });
  }
  const margin = o.marginCycles ?? 4;
  const first = o.ipcs[0];
  const last = o.ipcs[o.ipcs.length - 1];
  return writeGtkw({
    dumpfile: o.dumpfile,
    variables: o.variables,
    items: [`${top}.clk`, ...groups],
    markers: markers.slice(0, 26),
    ...(o.period !== undefined ? { period: o.period } : {}),
    ...(first && last
      ? { startCycle: Math.max(0, first.trapCycle - margin), primaryMarkerCycle: first.trapCycle, visibleCycles: last.resumeCycle - first.trapCycle + 2 * margin }
      : {}),
    openScopes: [top, core, ...(view ? [view] : [])],
  });
}
