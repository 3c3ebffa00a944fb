// Comb recordings made in a worker thread (testbench/machine/schedule-recorder.ts): the worker's
// recording of a design is exactly the one this thread makes, for several shapes (hardware knobs,
// views, no memory system); a machine of a new shape takes it and records nothing here, but only
// after the process's first recording; a design the worker cannot build sends every later
// recording back to this thread. Workers run compiled JavaScript only, so that part runs over
// dist/ in a child process (fixtures/schedule-recorder-compare.mjs). And a recording kept for a key
// is used only by a design it fits.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../scripts/launch.mjs';
import { elaborate, exportRecording, importRecording, recordingsMadeHere } from '../../rtl/hdl/index.ts';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';
import { MachineTop } from '../../testbench/machine/rtl-machine.ts';

interface Shape {
  readonly usedWorker: boolean;
  readonly recordedHere: number;
  readonly same: boolean;
  readonly blocks: number;
  readonly edges: number;
  readonly layout: string;
}
interface Outcome {
  readonly before: { readonly usedWorker: boolean; readonly madeHere: number };
  readonly shapes: readonly Shape[];
  readonly machine: { readonly recordedHere: number; readonly fromWorker: number; readonly blocks: number; readonly sizedShared: boolean };
  readonly failure: { readonly usedWorker: boolean; readonly stats: { readonly fromWorker: number; readonly failed: number; readonly lastError: string } };
  readonly after: { readonly recordedHere: number; readonly fromWorker: number };
}

describe('comb recordings made in a worker thread', () => {
  it('equal the ones made here, are taken by new machines after the first, and a failing worker leaves recording here', () => {
    expect(ensureBuilt(REPO_ROOT)).toBe(true);
    const run = spawnSync(process.execPath, [join('tests', 'machine', 'fixtures', 'schedule-recorder-compare.mjs'), 'dist'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Outcome;
    expect(out.before).toEqual({ usedWorker: false, madeHere: 1 });
    expect(out.shapes).toHaveLength(4);
    for (const [k, s] of out.shapes.entries()) {
      expect(s.usedWorker, `shape ${k}`).toBe(true);
      expect(s.same, `shape ${k}: the worker's recording differs from this thread's`).toBe(true);
      expect(s.recordedHere, `shape ${k}`).toBe(1); // the comparison's own recording
      expect(s.edges, `shape ${k}`).toBeGreaterThan(50);
    }
    // the shapes are different designs, not one recording four times
    expect(new Set(out.shapes.map((s) => s.layout)).size).toBe(4);
    expect(out.machine).toEqual({ recordedHere: 0, fromWorker: 1, blocks: out.machine.blocks, sizedShared: true });
    expect(out.machine.blocks).toBeGreaterThan(20);
    expect(out.failure.usedWorker).toBe(false);
    expect(out.failure.stats).toEqual({ fromWorker: 5, failed: 1, lastError: 'config.icache.ways: 3 is not allowed (allowed: 1, 2, 4, 8)' });
    expect(out.after).toEqual({ recordedHere: 1, fromWorker: 5 });
  }, 300_000);

  it('a recording kept for a key is used only by a design whose blocks, store and layout it fits', () => {
    const small = new MachineTop({ memorySystem: false, ramBytes: 1 << 20 });
    elaborate(small, { scheduleKey: 'recorder-test small' });
    const kept = exportRecording('recorder-test small')!;
    // The same design again under another key, given that recording: used, nothing recorded.
    importRecording('recorder-test same', kept);
    let made = recordingsMadeHere();
    const again = elaborate(new MachineTop({ memorySystem: false, ramBytes: 1 << 20 }), { scheduleKey: 'recorder-test same' });
    expect(recordingsMadeHere()).toBe(made);
    expect(again.combSchedule.map((b) => b.path)).toEqual(elaborate(small).combSchedule.map((b) => b.path));
    // A design it does not fit (a view beside the system: more blocks and signals), and one whose
    // blocks and store size match but whose layout does not: each records afresh.
    importRecording('recorder-test other', kept);
    made = recordingsMadeHere();
    elaborate(new MachineTop({ memorySystem: false, ramBytes: 1 << 20, view: {} }), { scheduleKey: 'recorder-test other' });
    expect(recordingsMadeHere()).toBe(made + 1);
    importRecording('recorder-test layout', { ...kept, layout: `${kept.layout}x` });
    elaborate(new MachineTop({ memorySystem: false, ramBytes: 1 << 20 }), { scheduleKey: 'recorder-test layout' });
    expect(recordingsMadeHere()).toBe(made + 2);
  });
});
