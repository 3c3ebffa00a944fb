// GTKWave save files (.gtkw): which signals to show, grouped and formatted, with named markers at
// given cycles. The syntax is what GTKWave 3.3 writes itself (checked by loading our files in
// GTKWave under Xvfb in the test suite). No dates are written, so identical inputs give identical
// files.
import type { VcdVariable } from './vcd-writer.ts';

export type TraceFormat = 'hex' | 'dec' | 'signed' | 'bin' | 'ascii';

/** GTKWave trace flags: a display format plus right justification. */
const FORMAT_FLAGS: Record<TraceFormat, number> = {
  hex: 0x22,
  dec: 0x24,
  bin: 0x28,
  signed: 0x424,
  ascii: 0x820,
};
const GROUP_BEGIN = 0x800200;
const GROUP_END = 0x1000200;
const GROUP_CLOSED = 0x400000;

export interface GtkwTrace {
  /** Full hierarchical path of a VCD variable (top.core.pc) */
  readonly path: string;
  readonly format?: TraceFormat;
}

export interface GtkwGroup {
  readonly group: string;
  readonly traces: ReadonlyArray<GtkwTrace | string>;
  readonly closed?: boolean;
}

export interface GtkwMarker {
  readonly name: string;
  readonly cycle: number;
}

export interface GtkwOptions {
  readonly dumpfile: string;
  /** The variables of the VCD (VcdWriter.variables): names with ranges come from here. */
  readonly variables: readonly VcdVariable[];
  readonly items: ReadonlyArray<GtkwGroup | GtkwTrace | string>;
  /** Up to 26 named markers (A..Z). */
  readonly markers?: readonly GtkwMarker[];
  /** Time units per cycle, as in the VCD (default 10). */
  readonly period?: number;
  /** Cycle shown at the left edge. */
  readonly startCycle?: number;
  /** Cycle of the primary marker. */
  readonly primaryMarkerCycle?: number;
  /** Cycles visible across the wave pane when GTKWave opens (default 40). */
  readonly visibleCycles?: number;
  /** Scopes to open in the signal tree. */
  readonly openScopes?: readonly string[];
}

export function writeGtkw(options: GtkwOptions): string {
  const period = options.period ?? 10;
  const byPath = new Map(options.variables.map((v) => [v.path, v]));
  const markers = options.markers ?? [];
  if (markers.length > 26) throw new Error(`.gtkw: at most 26 named markers (got ${markers.length})`);
  const lines: string[] = ['[*] handoff GTKWave save file (generated)'];
  lines.push(`[dumpfile] "${options.dumpfile}"`);
  lines.push(`[timestart] ${(options.startCycle ?? 0) * period}`);
  lines.push('[size] 1600 900', '[pos] -1 -1');
  const named = Array.from({ length: 26 }, (_, k) => (markers[k] ? String(markers[k].cycle * period) : '-1'));
  const primary = options.primaryMarkerCycle !== undefined ? options.primaryMarkerCycle * period : -1;
  // GTKWave's zoom is a power of two; zoom -2 shows about 20 time units across a default window.
  const span = Math.max(1, (options.visibleCycles ?? 40) * period);
  const zoom = -2 - Math.log2(span / 20);
  lines.push(`*${zoom.toFixed(6)} ${primary} ${named.join(' ')}`);
  markers.forEach((m, k) => {
    const letter = String.fromCharCode(65 + k);
    if (/[\n\r]/.test(m.name)) throw new Error(`.gtkw: marker name ${JSON.stringify(m.name)} has a line break`);
    lines.push(`[markername] ${letter}${m.name}`);
  });
  for (const scope of options.openScopes ?? []) lines.push(`[treeopen] ${scope}.`);
  lines.push('[sst_width] 260', '[signals_width] 320', '[sst_expanded] 1', '[sst_vpaned_height] 300');

  let flags = -1;
  const setFlags = (f: number): void => {
    if (f !== flags) lines.push(`@${f.toString(16)}`);
    flags = f;
  };
  const emitTrace = (t: GtkwTrace | string): void => {
    const trace = typeof t === 'string' ? { path: t } : t;
    const v = byPath.get(trace.path);
    if (!v) throw new Error(`.gtkw: ${trace.path} is not a variable of the VCD`);
    const format = trace.format ?? (v.kind === 'text-vector' ? 'ascii' : v.width === 1 ? 'bin' : 'hex');
    setFlags(FORMAT_FLAGS[format]);
    const ranged = v.width > 1 && v.kind !== 'string';
    lines.push(ranged ? `${v.path}[${v.width - 1}:0]` : v.path);
  };
  for (const item of options.items) {
    if (typeof item !== 'string' && 'group' in item) {
      setFlags(GROUP_BEGIN | (item.closed ? GROUP_CLOSED : 0));
      lines.push(`-${item.group}`);
      item.traces.forEach(emitTrace);
      setFlags(GROUP_END | (item.closed ? GROUP_CLOSED : 0));
      lines.push(`-${item.group}`);
    } else emitTrace(item);
  }
  lines.push('[pattern_trace] 1', '[pattern_trace] 0');
  return `${lines.join('\n')}\n`;
}
