// The checkers against deliberately broken variants of the real kernel, built only for this test
// by rewriting its fast path: one that saves and restores a message register through memory, one
// that stages a UTCB word in a kernel buffer. Each must fail, with the register or address as
// evidence, online and on the VCD parsed back; the unmodified kernel passes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIpcScenario, type IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'handoff-broken-'));

/** Insert `lines` right after the line that defines `label` in entry.S. */
function after(label: string, lines: string): (file: string, text: string) => string {
  return (file, text) => {
    if (file !== 'entry.S') return text;
    const at = text.indexOf(`\n${label}:`);
    if (at < 0) throw new Error(`entry.S has no ${label}`);
    const end = text.indexOf('\n', at + 1);
    return `${text.slice(0, end + 1)}${lines}\n${text.slice(end + 1)}`;
  };
}

const base: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'fcse', rounds: 3 };

describe('the checkers catch broken kernels', () => {
  it('the unmodified kernel passes', async () => {
    const r = await runIpcScenario(base);
    expect(r.report.verdict).toBe('pass');
  }, 120_000);

  it('a fast path that saves and restores r4 (MR1) through its TCB fails: register write and store', async () => {
    const r = await runIpcScenario({
      ...base,
      vcd: join(dir, 'saves.vcd'),
      patchKernel: after('ipc_fast_state', '        str r4, [sp, #CTX_R4]\n        ldr r4, [sp, #CTX_R4]'),
    });
    expect(r.report.verdict).toBe('fail');
    expect(r.report.registerMRsWritten).toBeGreaterThan(0);
    expect(r.report.registerMRsStored).toBeGreaterThan(0);
    expect(r.report.failures.join('\n')).toMatch(/r4/);
    expect(r.vcd?.verdict).toBe('fail');
    expect(r.vcd?.agrees).toBe(true);
  }, 120_000);

  it('a fast path that stages a UTCB word in a kernel buffer fails: kernel-buffer store', async () => {
    const r = await runIpcScenario({
      ...base,
      vcd: join(dir, 'stages.vcd'),
      patchKernel: after('ipc_copy_utcb', '        ldr r0, [r9]\n        str r0, [sp, #CTX_R3]'),
    });
    expect(r.report.verdict).toBe('fail');
    expect(r.report.kernelBufferStores).toBeGreaterThan(0);
    expect(r.report.registerMRsWritten).toBe(0);
    expect(r.vcd?.verdict).toBe('fail');
    expect(r.vcd?.agrees).toBe(true);
  }, 120_000);
});
