// A frame source that lists the slots each frame changed (the VCD worker's FrameReader) lets the
// emitter skip comparing every signal; the bytes must be those of the full comparison. Recorded
// frames of a small design (one-bit, 32-bit, 72-bit signals, text, a traced memory) and of the whole
// system running the kernel are emitted both ways, the lists also naming slots that did not change
// (seeded), and the outputs compared.
import { describe, expect, it } from 'vitest';
import { Simulator, type Design, type Memory } from '../../rtl/hdl/index.ts';
import { HandoffMachine } from '../../testbench/checkers/handoff-machine.ts';
import { buildIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { ByteBuffer } from '../../testbench/trace/byte-buffer.ts';
import { MemorySink } from '../../testbench/trace/byte-sink.ts';
import { VcdEmitter, type FrameSource, type SlotChanges } from '../../testbench/trace/vcd-emitter.ts';
import { planVcd } from '../../testbench/trace/vcd-plan.ts';
import { Mixed } from '../hdl/designs.ts';
import { TEST_SEED } from '../support/seed.ts';

interface Frame {
  readonly store: Uint32Array;
  readonly texts: string[];
  readonly reset: boolean;
  readonly data: Uint32Array[];
  readonly dirty: number[][];
}

/** Record `cycles` frames of `sim` as the VCD writer samples them. */
function record(sim: Simulator, memories: readonly Memory[], cycles: number): Frame[] {
  const frames: Frame[] = [];
  for (const m of memories) m.drainDirty(() => {});
  sim.addObserver({
    sample: () => {
      const d: Design = sim.design;
      frames.push({
        store: d.store.slice(),
        texts: [...d.textStore],
        reset: sim.resetActive,
        data: memories.map((m) => m.data.slice()),
        dirty: memories.map((m) => {
          const list: number[] = [];
          m.drainDirty((a) => list.push(a));
          return list;
        }),
      });
    },
  });
  sim.run(cycles);
  return frames;
}

/** Emit `frames`; with `listed`, the source gives each frame's changed slots (plus `extra` unchanged ones, seeded). */
function emit(sim: Simulator, frames: readonly Frame[], listed: boolean, extra: number): { bytes: Buffer; listedSlots: number } {
  const { plan } = planVcd(sim.design.top, {});
  const store = new Uint32Array(sim.design.store.length);
  const changes: SlotChanges = { slots: new Int32Array(2 * store.length), count: 0 };
  let f = 0;
  const data = frames[0]!.data.map((d) => new Uint32Array(d.length));
  const source: FrameSource & { textStore: string[]; resetActive: boolean } = {
    store,
    textStore: [],
    resetActive: false,
    ...(listed ? { changes } : {}),
    memoryData: (j) => data[j]!,
    drainDirty: (j, visit) => frames[f]!.dirty[j]!.forEach(visit),
  };
  let x = TEST_SEED >>> 0 || 1;
  let listedSlots = 0;
  const sink = new MemorySink();
  const emitter = new VcdEmitter(plan, source, new ByteBuffer(sink));
  for (f = 0; f < frames.length; f++) {
    const fr = frames[f]!;
    let n = 0;
    for (let slot = 0; slot < store.length; slot++) {
      if (fr.store[slot] !== store[slot]) changes.slots[n++] = slot;
    }
    for (let k = 0; k < extra; k++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      changes.slots[n++] = (x >>> 0) % store.length;
    }
    changes.count = n;
    listedSlots += n;
    store.set(fr.store);
    source.textStore = fr.texts;
    source.resetActive = fr.reset;
    fr.data.forEach((d, j) => data[j]!.set(d));
    emitter.sample(f);
  }
  emitter.finish();
  return { bytes: sink.buffer(), listedSlots };
}

function compare(sim: Simulator, frames: readonly Frame[]): void {
  const scanned = emit(sim, frames, false, 0);
  expect(scanned.bytes.length).toBeGreaterThan(1000);
  for (const extra of [0, 3]) {
    const listed = emit(sim, frames, true, extra);
    expect(listed.listedSlots).toBeGreaterThan(frames.length);
    expect(listed.bytes.equals(scanned.bytes), `listed changes (+${extra} unchanged slots a frame) gave other bytes`).toBe(true);
  }
}

describe('VCD emitter: listed changed slots give the bytes of the full comparison', () => {
  it('on a small design with every kind of signal, reset mid-run', () => {
    const top = new Mixed(null, 'top');
    const sim = new Simulator(top);
    const memories = sim.design.memories.filter((m) => m.trace);
    sim.reset(2);
    sim.poke(top.chain.counter.clear, 0);
    const frames = record(sim, memories, 40);
    sim.reset(1);
    compare(sim, [...frames, ...record(sim, memories, 20)]);
  });

  it('on the whole system running the kernel (pipeline text view on)', () => {
    const built = buildIpcScenario({ registerMrs: 6, words: 8, strategy: 'asid', rounds: 3 });
    const m = new HandoffMachine(built.image, { hardware: { addressSpaceSwitch: 'asid' }, view: { enabled: true } });
    m.boot();
    m.sim.run(21_000 - m.sim.cycle);
    const memories = planVcd(m.sim.design.top, {}).memories;
    compare(m.sim, record(m.sim, memories, 400));
  }, 120_000);
});
