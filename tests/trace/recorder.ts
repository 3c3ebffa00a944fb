// Records what the simulator holds at every sampled cycle, by signal path: the ground truth a
// waveform must reproduce.
import type { CycleObserver, Simulator } from '../../rtl/hdl/index.ts';

export class Recorder implements CycleObserver {
  readonly cycles: number[] = [];
  readonly values = new Map<string, Array<bigint | string>>();

  sample(cycle: number, sim: Simulator): void {
    this.cycles.push(cycle);
    const d = sim.design;
    const put = (path: string, v: bigint | string): void => {
      let list = this.values.get(path);
      if (!list) this.values.set(path, (list = []));
      list.push(v);
    };
    for (const s of d.signals) {
      let v = 0n;
      for (let k = s.words - 1; k >= 0; k--) v = (v << 32n) | BigInt(d.store[s.i + k]!);
      put(s.path, v);
    }
    for (const t of d.texts) put(t.path, d.textStore[t.i]!);
    for (const m of d.memories) {
      if (!m.trace) continue;
      m.entryNames.forEach((name, a) => put(`${m.path}.${name}`, BigInt(m.data[a]!)));
    }
  }
}
