// The worker of scenario.bench.ts's "other core busy" row: keeps a second simulation of the same
// ping-pong running on the other core while the bench thread measures its own, so the row shows
// what a busy second core costs a simulation thread on this machine (the VCD worker keeps that
// core busy too). Words of `control`: [0] set by the bench to stop, [1] set here once running,
// [2] thousands of cycles simulated here so far (the bench reads what ran beside its measurement).
import { workerData } from 'node:worker_threads';
import { HandoffMachine } from '../checkers/handoff-machine.ts';
import { buildIpcScenario, type IpcScenarioOptions } from '../scenarios/ipc-scenario.ts';

const { options, control } = workerData as { readonly options: IpcScenarioOptions; readonly control: Int32Array };
const STOP = 0;
const RUNNING = 1;
const KILOCYCLES = 2;

try {
  const built = buildIpcScenario(options);
  const machine = new HandoffMachine(built.image, { hardware: { addressSpaceSwitch: 'asid' }, specialize: 'now' });
  machine.boot();
  machine.sim.run(20_000); // past the JIT's warm-up before saying so
  Atomics.store(control, RUNNING, 1);
  Atomics.notify(control, RUNNING);
  // (The bench gives it rounds enough to outlast its measurement.)
  while (Atomics.load(control, STOP) === 0) {
    machine.sim.run(2_000);
    Atomics.add(control, KILOCYCLES, 2);
  }
} finally {
  Atomics.store(control, RUNNING, 2);
  Atomics.notify(control, RUNNING);
}
