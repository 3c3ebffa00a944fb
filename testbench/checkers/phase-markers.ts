// Phase markers: kernel symbols that start an IPC phase, mapped to addresses of a linked image.
// The kernel exports global labels (ipc_entry, fastpath_check_*, ...); which label starts which
// phase is data the caller gives, with `*` matching any run of characters in a symbol name.
import type { LinkedImage } from '../../kernel/toolchain/index.ts';

/** An IPC that enters this phase took the slow path (see HandoffConfig.judgeSlowPath). */
export const SLOW_PATH_PHASE = 'slow path';

/** Symbol pattern -> phase name. */
export type PhaseMarkers = ReadonlyArray<readonly [pattern: string, phase: string]>;

/** The phases of kernel/ABI.md ("Kernel symbols of the IPC phases"). */
export const DEFAULT_PHASE_MARKERS: PhaseMarkers = [
  ['ipc_entry', 'entry'],
  ['ipc_fastpath', 'fast-path checks'],
  ['fastpath_check_*', 'fast-path checks'],
  ['ipc_copy_utcb', 'copy UTCB'],
  ['ipc_fast_state', 'state update'],
  ['ipc_switch_space', 'switch space'],
  ['ipc_exit', 'exit'],
  ['ipc_slowpath', SLOW_PATH_PHASE],
  ['kernel_return', 'slow-path return'],
];

function globToRegExp(pattern: string): RegExp {
  const body = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

/** Address -> phase for every symbol of `image` matching a marker (first matching marker wins). */
export function resolvePhaseMarkers(image: LinkedImage, markers: PhaseMarkers = DEFAULT_PHASE_MARKERS): Map<number, string> {
  const compiled = markers.map(([p, phase]) => [globToRegExp(p), phase] as const);
  const out = new Map<number, string>();
  const names = [...image.symbols.keys()].sort();
  for (const name of names) {
    const hit = compiled.find(([re]) => re.test(name));
    const address = image.symbols.get(name)!;
    if (hit && !out.has(address)) out.set(address, hit[1]);
  }
  return out;
}
