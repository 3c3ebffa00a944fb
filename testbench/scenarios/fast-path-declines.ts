// Where the kernel's fast path declined, counted from the run: at each retirement of the slow
// path's first instruction (`ipc_slowpath`), the instruction that retired before it, if it lies in
// the fast path's code, names the check that branched there (the nearest `fastpath_check_*` symbol
// at or below it, or `ipc_fastpath` itself: no fast path in this build). The report says why a run
// had no fast-path IPC from these counts, not from what the options suggest.
import type { LinkedImage } from '../../kernel/toolchain/index.ts';
import type { CycleObserver } from '../../rtl/hdl/index.ts';
import type { Writeback } from '../../rtl/core/writeback.ts';

/** The symbols that name a fast-path check, and where the fast path's code ends. */
interface CheckMap {
  readonly from: number;
  readonly to: number;
  /** (address, symbol), ascending. */
  readonly checks: ReadonlyArray<readonly [number, string]>;
}

function checkMap(kernel: LinkedImage): CheckMap | undefined {
  const from = kernel.symbols.get('ipc_fastpath');
  const to = kernel.symbols.get('ipc_slowpath');
  if (from === undefined || to === undefined) return undefined;
  const checks = [...kernel.symbols].filter(([name, at]) => (name === 'ipc_fastpath' || name.startsWith('fastpath_check_')) && at >= from && at < to).map(([name, at]) => [at, name] as const).sort((a, b) => a[0] - b[0]);
  return { from, to, checks };
}

export class FastPathDeclines implements CycleObserver {
  /** Declines by the check that branched to the slow path, in the order first seen. */
  readonly counts = new Map<string, number>();
  private readonly map: CheckMap | undefined;
  private lastPc = -1;

  constructor(
    kernel: LinkedImage,
    private readonly w: Writeback,
  ) {
    this.map = checkMap(kernel);
  }

  sample(): void {
    const w = this.w;
    const m = this.map;
    if (!m || !w.ret_valid.on) return;
    const pc = w.ret_pc.v;
    if (pc === m.to && this.lastPc >= m.from && this.lastPc < m.to) {
      let name = 'ipc_fastpath';
      for (const [at, n] of m.checks) if (at <= this.lastPc) name = n;
      this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    }
    this.lastPc = pc;
  }
}
