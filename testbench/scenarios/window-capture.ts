// npm start's waveform in the measuring pass: which IPC to show (the first that failed a claim, else
// a hot one) is known only when the run ends. Closed windows stay in the TraceRing; one that could
// still be shown is written (into memory) only when it is about to leave the ring, and at the end
// the one shown is written from the ring (each write costs a VCD plan and a replay).
// When the window chosen was not captured (longer than the ring, or past the memory budget), the
// caller falls back to recording it in a second pass (ipc-scenario.ts recordWindow): same bytes.
import type { CycleObserver, Simulator } from '../../rtl/hdl/index.ts';
import type { HandoffChecker } from '../checkers/handoff-checker.ts';
import type { IpcReport } from '../checkers/report.ts';
import { MemorySink } from '../trace/byte-sink.ts';
import type { TextEncoding } from '../trace/text-encoding.ts';
import { TraceRing } from '../trace/trace-ring.ts';
import { HotCandidates } from './hot-candidates.ts';
import type { VcdVariable } from '../trace/vcd-writer.ts';

/** A window written during the run. */
export interface CapturedWindow {
  readonly from: number;
  readonly to: number;
  readonly bytes: Uint8Array;
  readonly variables: readonly VcdVariable[];
}

export interface CaptureOptions {
  readonly margin: number;
  readonly textEncoding: TextEncoding;
  readonly version: string;
  /** Memory for the ring of recorded cycles (default 16 MiB: about 4,500 cycles of the default system). */
  readonly ringBytes?: number;
  /** Memory for windows kept until the run ends (default 256 MiB). */
  readonly keepBytes?: number;
}

/** The waveform window of an IPC, as npm start has always chosen it. */
export function ipcWindow(ipc: IpcReport, margin: number, lastCycle: number): { from: number; to: number } {
  // A failure that carried data parked by an earlier IPC needs that IPC in the waveform too.
  const from = Math.max(0, Math.min(ipc.trapCycle, ipc.dependsOn ?? ipc.trapCycle) - margin);
  const to = Math.min(lastCycle + 1, ipc.resumeCycle + margin);
  return { from, to };
}

/** Output buffer of a window's writer: windows are hundreds of KB, written to memory (a 1 MiB buffer each was a GC cost). */
const WINDOW_BUFFER_BYTES = 64 << 10;

export class WindowCapture implements CycleObserver {
  private readonly ring: TraceRing;
  /** IPCs whose window is still open. */
  private readonly pending: IpcReport[] = [];
  /** IPCs whose window has closed and is still in the ring, not written yet: its first and last cycle. */
  private readonly closed = new Map<IpcReport, { readonly from: number; readonly last: number }>();
  /**
   * No closed window starts before this cycle (Infinity: none; it may be lower than the earliest
   * after a window() or a failure took some): most cycles nothing leaves, and the map is not walked.
   */
  private closedFrom = Number.POSITIVE_INFINITY;
  private readonly kept = new Map<number, CapturedWindow>();
  private keptBytes = 0;
  private seen = 0;
  /** The first judged IPC that failed: once captured, no other window can be shown. */
  private failing: IpcReport | undefined;
  /** The IPCs whose window can still be the hot one shown. */
  private readonly candidates = new HotCandidates();
  /** Windows written from the ring so far (most runs: the one shown, and any about to leave the ring). */
  written = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly checker: HandoffChecker,
    private readonly o: CaptureOptions,
  ) {
    const capacity = Math.max(1, Math.floor((o.ringBytes ?? 16 << 20) / TraceRing.bytesPerCycle(sim)));
    this.ring = new TraceRing(sim, capacity);
    sim.addObserver(this); // after the checker and the ring: this cycle's IPCs and frame are in
  }

  sample(cycle: number): void {
    const ipcs = this.checker.engine.ipcs;
    while (this.seen < ipcs.length) this.admit(ipcs[this.seen++]!);
    for (let k = 0; k < this.pending.length; ) {
      const ipc = this.pending[k]!;
      if (ipc.resumeCycle + this.o.margin - 1 <= cycle) {
        this.pending.splice(k, 1);
        this.close(ipc, cycle);
      } else k++;
    }
    // A closed window is written only when its first cycle would leave the ring with the next
    // frame (and it could still be shown); the others wait for window(), which writes the one shown.
    const leaving = cycle + 1 - this.ring.capacity;
    if (leaving < this.closedFrom) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const [ipc, w] of this.closed) {
      if (w.from > leaving) earliest = Math.min(earliest, w.from);
      else {
        this.closed.delete(ipc);
        this.capture(ipc, w.last);
      }
    }
    this.closedFrom = earliest;
  }

  /** The run ended: windows still open end with its last cycle; the ring stays for window(). */
  finish(): void {
    const last = this.sim.cycle - 1;
    for (const ipc of this.pending.splice(0)) this.close(ipc, last);
    this.ring.detach();
    this.sim.removeObserver(this);
  }

  /** The window of `ipc` (after finish()), if it was captured or the ring still holds it. */
  window(ipc: IpcReport): CapturedWindow | undefined {
    const w = this.closed.get(ipc);
    if (w !== undefined) {
      this.closed.delete(ipc);
      this.capture(ipc, w.last);
    }
    return this.kept.get(ipc.index);
  }

  private close(ipc: IpcReport, last: number): void {
    const from = ipcWindow(ipc, this.o.margin, last).from;
    this.closed.set(ipc, { from, last });
    this.closedFrom = Math.min(this.closedFrom, from);
  }

  private admit(ipc: IpcReport): void {
    if (this.failing) return;
    if (ipc.judged && ipc.verdict === 'fail') {
      this.failing = ipc;
      this.kept.clear(); // the first failing IPC is shown, whatever comes later
      this.keptBytes = 0;
      this.pending.length = 0;
      this.closed.clear();
    }
    this.candidates.admit(ipc);
    this.pending.push(ipc);
  }

  private capture(ipc: IpcReport, lastCycle: number): void {
    this.dropUnshowable();
    if (this.failing && ipc !== this.failing) return;
    if (!this.failing && !this.showable(ipc)) return;
    const { from, to } = ipcWindow(ipc, this.o.margin, lastCycle);
    if (!this.ring.holds(from, to)) return;
    const sink = new MemorySink();
    const writer = this.ring.write({ output: sink, window: { from, to }, textEncoding: this.o.textEncoding, version: this.o.version, bufferBytes: WINDOW_BUFFER_BYTES });
    this.written++;
    // A view of the sink's array: copied only when much of the array is spare room, so the memory
    // budget counts what is held.
    const view = sink.buffer();
    const bytes = sink.capacity > view.length + (view.length >> 2) ? Uint8Array.prototype.slice.call(view) : view;
    if (this.keptBytes + bytes.length > (this.o.keepBytes ?? 256 << 20)) return;
    this.keptBytes += bytes.length;
    this.kept.set(ipc.index, { from, to, bytes, variables: writer.variables });
  }

  /** Kept windows that can no longer be shown go (see showable). */
  private dropUnshowable(): void {
    if (this.failing) return;
    for (const [index, w] of this.kept) {
      if (!this.showable(this.checker.engine.ipcs[index]!)) {
        this.kept.delete(index);
        this.keptBytes -= w.bytes.length;
      }
    }
  }

  private showable(ipc: IpcReport): boolean {
    return this.candidates.showable(ipc);
  }
}
