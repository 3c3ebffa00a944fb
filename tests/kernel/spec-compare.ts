// The kernel (on the reference model) against the abstract specification (ipc-model.ts) for one
// set of scripts: every delivery (sender, tag, words), its order, every error code and the final
// thread states and partners. The buffered design is checked against the asynchronous variant.
import { expect } from 'vitest';
import { MSG_SLOTS } from '../../kernel/abi.ts';
import type { KernelConfig } from '../../kernel/build.ts';
import { runModel, type ModelOutcome, type ScriptOp } from './ipc-model.ts';
import { runScripted, type ScriptThread } from './script-harness.ts';

export function compareWithSpec(threads: ScriptThread[], config: KernelConfig): void {
  // The buffered design is asynchronous: its specification is the model's slots variant.
  const model: ModelOutcome = runModel(
    threads.map((t) => ({ priority: t.priority, ops: t.ops as ScriptOp[] })),
    config.design === 'buffered' ? { slots: MSG_SLOTS } : {},
  );
  const real = runScripted(threads, config);
  expect(real.run.stop, real.run.uart).toBe('exit');
  for (let i = 0; i < threads.length; i++) {
    const exp = model.logs[i]!;
    const got = real.logs[i]!;
    expect(got.length, `thread ${i + 1}: completed operations`).toBe(exp.length);
    exp.forEach((e, k) => {
      const g = got[k]!;
      const ctx = `thread ${i + 1}, operation result ${k}`;
      expect(g.tag >>> 0, `${ctx}: tag`).toBe(e.tag >>> 0);
      expect(g.error, `${ctx}: error`).toBe(e.error);
      if (e.r0 !== undefined) expect((g.r0 ?? 0) >>> 0, `${ctx}: r0`).toBe(e.r0 >>> 0);
      expect(g.words, `${ctx}: words`).toEqual(e.words);
    });
  }
  expect(real.states, 'final thread states').toEqual(model.states);
  expect(real.partners, 'partners of blocked threads').toEqual(model.partners);
}
