// Public surface of the hand-off checkers.
export { resolveConfig, rangeOf, DEFAULT_MR_REGISTERS, type AddressRange, type CounterSource, type HandoffConfig, type ResolvedConfig } from './config.ts';
export { memorySystemCounters } from './counters.ts';
export { HandoffChecker } from './handoff-checker.ts';
export { HandoffMachine, type HandoffMachineOptions } from './handoff-machine.ts';
export { HandoffEngine } from './handoff-engine.ts';
export { DEFAULT_PHASE_MARKERS, resolvePhaseMarkers, type PhaseMarkers } from './phase-markers.ts';
export { coreProbes, PROBE_PATHS, type HandoffProbes, type Probe, type ProbeName } from './probes.ts';
export type * from './report.ts';
export { formatHandoffReport, handoffJson, type HandoffJson } from './summary.ts';
export { checkHandoffVcd, checkHandoffWaveform, type VcdHandoffOptions } from './vcd-handoff.ts';
export { kernelHandoffConfig } from './kernel-config.ts';
