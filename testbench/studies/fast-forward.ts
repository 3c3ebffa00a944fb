// A study point fast-forwarded (point.fastForward): the point's system runs on the reference model
// (ISS) from its boot to the point, its state goes to the point's own RTL (built with the point's
// hardware, so TLB and cache warming follow that configuration's placement: warm.ts), and the
// hand-off checkers judge only what follows. The result says so (`fastForward` in the record:
// where, how far the model ran, what was warmed, the RTL's cycles), and the metrics that would
// need the part the model ran are null: the cold IPC and the whole run's cycles. docs/STUDIES.md.
import type { LinkedImage } from '../../kernel/toolchain/index.ts';
import type { HandoffMachine } from '../checkers/handoff-machine.ts';
import { fastForwardInto, followerOf, modelOnMachineRam, parseFastForwardPoint, shortOfPoint, type FastForwardPoint } from '../machine/fast-forward.ts';
import type { Metrics } from './metrics.ts';
import { PointError } from './point-error.ts';

/** The most instructions the model runs to a point (about a minute and a half at its ping-pong speed): a program that never gets there fails instead of hanging. */
export const MODEL_BUDGET = 2 ** 32;

/** Where a result came from when its point was fast-forwarded (in the result record). */
export interface FastForwardRecord {
  /** The point, canonical (`ipc_entry:8`, `100000`). */
  readonly point: string;
  /** Instructions the reference model ran from the boot to the point. */
  readonly modelInstructions: number;
  /** The pc the RTL started at. */
  readonly pc: number;
  /** What warming put into the RTL's TLB and caches. */
  readonly tlbFills: number;
  readonly iLines: number;
  readonly dLines: number;
  readonly dirtyLines: number;
  /** Cycles the RTL ran from the hand-off to the end. */
  readonly rtlCycles: number;
}

export const FAST_FORWARD_RECORD_FIELDS = ['point', 'modelInstructions', 'pc', 'tlbFills', 'iLines', 'dLines', 'dirtyLines', 'rtlCycles'] as const;

/** Why a point cannot be reached in this image (a symbol it lacks), or undefined. */
export function missingSymbol(text: string, symbols: ReadonlyMap<string, number> | undefined): string | undefined {
  const p = parseFastForwardPoint(text);
  return 'symbol' in p && !symbols?.has(p.symbol) ? `no symbol '${p.symbol}' in the image` : undefined;
}

/** A fast-forward for one run of `image` (a point's built system's): `start` boots the model, runs it to the point and hands off to the machine. */
export class PointFastForward {
  readonly point: FastForwardPoint;
  private partial: Omit<FastForwardRecord, 'rtlCycles'> | undefined;

  constructor(
    readonly text: string,
    private readonly image: LinkedImage,
  ) {
    const missing = missingSymbol(text, image.symbols);
    if (missing) throw new PointError(`point.fastForward: ${missing}`);
    this.point = parseFastForwardPoint(text);
  }

  /** runBuiltScenario's `start`: the checkers are attached to the machine already. */
  readonly start = (machine: HandoffMachine): void => {
    const iss = modelOnMachineRam(machine, { image: this.image });
    // The checkers continue with the IPC states the model's run left (a follower watched it from reset).
    const ff = fastForwardInto(iss, this.point, () => machine, { maxInstructions: MODEL_BUDGET, ...followerOf(machine) });
    const short = shortOfPoint(this.point, ff.reached);
    if (short) throw new PointError(`point.fastForward ${this.text}: ${short}`);
    // A study's figures must be the full run's: state the model does not hold refuses the point.
    if (ff.warnings.length > 0) throw new PointError(`point.fastForward ${this.text}: the RTL would not continue as a full RTL run: ${ff.warnings.join('; ')}`);
    const w = ff.warm;
    this.partial = { point: this.text, modelInstructions: ff.reached.instructions, pc: iss.pc, tlbFills: w?.tlbFills ?? 0, iLines: w?.iLines ?? 0, dLines: w?.dLines ?? 0, dirtyLines: w?.dirtyLines ?? 0 };
  };

  record(rtlCycles: number): FastForwardRecord {
    if (!this.partial) throw new Error('fast-forward: record() before the hand-off');
    return { ...this.partial, rtlCycles };
  }
}

/** A fast-forwarded point's metrics: the cold IPC and the whole run's cycles ran on the model, not measured. */
export function fastForwardedMetrics(m: Metrics): Metrics {
  return { ...m, coldCycles: null, totalCycles: null };
}
