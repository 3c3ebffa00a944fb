// All directed programs, by class.
import { aluPrograms } from './alu.ts';
import { multiplyPrograms } from './multiply.ts';
import { loadStorePrograms } from './load-store.ts';
import { controlPrograms } from './control.ts';
import { mmuPrograms } from './mmu.ts';
import { devicePrograms, timerPrograms } from './devices.ts';
import type { DirectedProgram } from './common.ts';

export type { DirectedProgram } from './common.ts';

export const directedPrograms: readonly DirectedProgram[] = [
  ...aluPrograms,
  ...multiplyPrograms,
  ...loadStorePrograms,
  ...controlPrograms,
  ...mmuPrograms,
  ...devicePrograms,
  ...timerPrograms,
];
