// Public API of the architectural reference model (ISS) of the ARM926EJ-S Versatile PB.
export { VersatileMachine, QEMU_BOOT_CPSR, type MachineConfig } from './machine.ts';
export { Arm926Core, type RunResult, type StopReason } from './core.ts';
export type { StepEffects, RegisterWrite, MemoryAccess, ExceptionKind } from './effects.ts';
export { parseElf, type LoadableImage, type LoadableSegment } from './elf.ts';
export { physicalRegisterName, modeName, bankMap, PHYSICAL_REGISTER_COUNT } from './modes.ts';
export { ARM926_MAIN_ID, ARM926_CACHE_TYPE_16K } from './cp15.ts';
