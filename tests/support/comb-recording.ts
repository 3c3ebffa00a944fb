// A design's comb recording (rtl/hdl/comb-schedule.ts) as comparable text: what each block reads and
// writes (sorted), the observers, the store layout and the blocks. Two designs whose texts are
// equal derive the same comb schedule.
import { elaborate, exportRecording, type Module } from '../../rtl/hdl/index.ts';

let keys = 0;

export function combRecordingText(top: Module): string {
  const key = `comb-recording-text ${keys++}`;
  elaborate(top, { scheduleKey: key });
  const r = exportRecording(key)!;
  const sorted = (sets: readonly (readonly number[])[]): number[][] => sets.map((set) => [...set].sort((a, b) => a - b));
  return JSON.stringify({ reads: sorted(r.reads), writes: sorted(r.writes), observers: r.observers, layout: r.layout, blocks: r.blockPaths });
}
