// The memory system's public surface.
export { MemorySystem, type MemoryStats, type SideStats } from './memory-system.ts';
export { declareCp15Link, connectCp15Links, OP, opCode, RESULT_Z, CTRL_A, CTRL_C, CTRL_I, CTRL_M, CTRL_R, CTRL_S, CTRL_W, type Cp15Link } from './cp15-link.ts';
export * from './faults.ts';
