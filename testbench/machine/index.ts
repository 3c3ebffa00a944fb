// The machine interface (docs/API.md): one way to load, start, inspect and run an image on the
// reference model, the RTL system or both in lockstep.
import { IssMachine } from './iss-machine.ts';
import { LockstepMachine } from './lockstep-machine.ts';
import { RtlMachine } from './rtl-machine.ts';
import type { Machine, MachineOptions, ModelKind } from './types.ts';

export type { Machine, MachineOptions, ModelKind, ImageSource, LoadedImage, StopCondition, StopReason, RunLimits, RunResult, Watchpoint, MachineCounters, ExceptionName } from './types.ts';
export { VECTOR_OFFSETS } from './types.ts';
export { IssMachine, DEFAULT_START_CPSR } from './iss-machine.ts';
export { RtlMachine, MachineStateError } from './rtl-machine.ts';
export { LockstepMachine } from './lockstep-machine.ts';
export { parseRegisterName, ARCHITECTURAL_REGISTERS, type RegisterRef } from './registers.ts';
export { resolveAddress, MachineInputError } from './image.ts';

export function createMachine(model: ModelKind, options: MachineOptions = {}): Machine {
  switch (model) {
    case 'iss': return new IssMachine(options);
    case 'rtl': return new RtlMachine(options);
    case 'lockstep': return new LockstepMachine(options);
  }
}
