// An executable instruction: semantics for one decoded ARM word. `word` is passed so generic
// handlers can be shared; specialised handlers capture their fields in a closure at decode time.
import type { Arm926Core } from '../core.ts';

export type Op = (core: Arm926Core, word: number) => void;

/** UNDEFINED encodings (and coprocessors other than CP15) trap to the undefined vector. */
export const undefinedOp: Op = (c) => c.undefinedInstruction();
