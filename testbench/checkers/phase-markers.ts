// Phase markers: kernel symbols that start an IPC phase, mapped to addresses of a linked image.
// The kernel exports global labels (ipc_entry, fastpath_check_*, ...); which label starts which
// phase is data the caller gives, with `*` matching any run of characters in a symbol name.
import type { LinkedImage } from '../../kernel/toolchain/index.ts';

/** An IPC that enters this phase took the slow path (see HandoffConfig.judgeSlowPath). */
export const SLOW_PATH_PHASE = 'slow path';

/**
 * The phases of DEFAULT_PHASE_MARKERS that only the fast path runs (HandoffConfig.fastPathPhases):
 * a window that retires an instruction in one of them after its first slow-path instruction has
 * left the slow path. Not the entry (every IPC's), nor the exit and context restore (a slow path may
 * return through them), nor the slow path's own.
 */
export const FAST_PATH_PHASES: readonly string[] = ['fast-path checks', 'save context', 'copy UTCB', 'copy register MRs', 'copy into buffer', 'copy out of buffer', 'remap message', 'state update', 'switch space'];

/** Symbol pattern -> phase name. */
export type PhaseMarkers = ReadonlyArray<readonly [pattern: string, phase: string]>;

/** The phases of kernel/ABI.md ("Kernel symbols of the IPC phases"), with those of the other IPC designs. */
export const DEFAULT_PHASE_MARKERS: PhaseMarkers = [
  ['ipc_entry', 'entry'],
  ['ipc_fastpath', 'fast-path checks'],
  ['ipc_save_context', 'save context'], // tcb-copy
  ['fastpath_check_*', 'fast-path checks'],
  ['ipc_copy_utcb', 'copy UTCB'],
  ['ipc_copy_registers', 'copy register MRs'], // tcb-copy
  ['ipc_copy_utcb_words', 'copy UTCB'],
  ['ipc_buffer_in', 'copy into buffer'], // buffered
  ['ipc_buffer_out', 'copy out of buffer'], // buffered
  ['ipc_remap_message', 'remap message'], // remap
  ['ipc_fast_state', 'state update'],
  ['ipc_switch_space', 'switch space'],
  ['ipc_exit', 'exit'],
  ['ipc_restore_context', 'restore context'], // tcb-copy
  ['ipc_slowpath', SLOW_PATH_PHASE],
  ['kernel_return', 'slow-path return'],
];

function globToRegExp(pattern: string): RegExp {
  const body = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

/**
 * Address -> phase for every symbol of `image` matching a marker (a symbol takes its first matching
 * marker). Where several marked symbols share an address, the marker later in the list wins: the
 * earlier phase is empty there (e.g. a check that assembles to nothing for this configuration).
 */
export function resolvePhaseMarkers(image: LinkedImage, markers: PhaseMarkers = DEFAULT_PHASE_MARKERS): Map<number, string> {
  const compiled = markers.map(([p, phase]) => [globToRegExp(p), phase] as const);
  const best = new Map<number, number>();
  for (const name of [...image.symbols.keys()].sort()) {
    const k = compiled.findIndex(([re]) => re.test(name));
    if (k < 0) continue;
    const address = image.symbols.get(name)!;
    if ((best.get(address) ?? -1) < k) best.set(address, k);
  }
  return new Map([...best].map(([address, k]) => [address, compiled[k]![1]]));
}
