// Run a short assembly snippet on a fresh reference machine (our toolchain, .text at 0x10000).
import { VersatileMachine } from '../../testbench/reference/index.ts';
import { program } from './programs/common.ts';
import { assembleForTest } from './assemble.ts';

export function runSnippet(body: string, data = '', maxInstructions = 100_000): VersatileMachine {
  const machine = new VersatileMachine();
  machine.loadImage(assembleForTest(program(body, data)));
  machine.run(maxInstructions);
  return machine;
}

export function loadSnippet(body: string, data = ''): VersatileMachine {
  const machine = new VersatileMachine();
  machine.loadImage(assembleForTest(program(body, data)));
  return machine;
}

export const r = (m: VersatileMachine, index: number): number => m.core.register(index);
