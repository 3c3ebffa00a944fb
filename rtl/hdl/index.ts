// The simulation kernel's public surface.
export { CheckModeError, ElaborationError, SignalWidthError } from './errors.ts';
export { elaborate, exportRecording, hasRecording, importRecording, recordingsMadeHere, type Design, type TransferredRecording } from './elaborate.ts';
export { type CombAccesses } from './comb-schedule.ts';
export { Memory, type MemoryOptions } from './memory.ts';
export { noteDirectWrites } from './access-recording.ts';
export { BundleCopy, WireCopy } from './bundle.ts';
export { fixedRecord } from './record.ts';
export { RecordDriver } from './record-driver.ts';
export { Module, walkModules, type CombBlock, type Connection } from './module.ts';
export { MAX_WIDTH } from './naming.ts';
export { Reg, Signal, SignalBase, TextSignal, WideSignal, type AnySignal, type SignalKind, type SignalOwner } from './signal.ts';
export { defaultSpecialize, Simulator, SPECIALIZE_AFTER_CYCLES, type ClockOrder, type CycleObserver, type SimulatorOptions } from './simulator.ts';
export { describeSpecialization, specializeDesign, type CompileHere, type SpecializeReport } from './specialize.ts';
