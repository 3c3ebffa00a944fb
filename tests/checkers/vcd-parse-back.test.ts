// Section 6.6 of the brief: the hand-off claims asserted on the VCD itself. The waveform of each
// run is parsed back and the report re-derived from its signals alone must equal the online one.
import { describe, expect, it } from 'vitest';
import { checkHandoffVcd } from '../../testbench/checkers/vcd-handoff.ts';
import type { Variant } from './ipc-program.ts';
import { runIpc } from './run-ipc.ts';

const variants: Variant[] = ['good', 'writes-r4', 'stores-r5-to-kbuf', 'saves-mrs-on-stack', 'copies-through-kbuf', 'tlb-flush', 'writes-page-table'];

describe('hand-off checks on the VCD parsed back', () => {
  it.each(variants)('%s: the waveform gives the online report', async (variant) => {
    const counters = [{ name: 'retired', path: 'top.sys.core.writeback.retired' }];
    const r = runIpc(variant, { vcd: true, counters });
    const offline = await checkHandoffVcd(r.vcd!.bytes, { ...r.config, counters });
    expect(offline).toEqual(r.report);
    expect(offline.verdict).toBe(variant === 'good' ? 'pass' : 'fail');
  });

  it('checks a window of cycles only', async () => {
    const r = runIpc('writes-r4', { vcd: true });
    const second = r.report.ipcs[1]!;
    const offline = await checkHandoffVcd(r.vcd!.bytes, { ...r.config, window: { from: second.trapCycle - 30, to: second.resumeCycle + 1 } });
    expect(offline.ipcs).toHaveLength(1);
    expect(offline.ipcs[0]).toEqual({ ...second, index: 0, failures: second.failures.map((f) => f.replace('IPC 1', 'IPC 0')) });
  });

  it('names a signal the waveform lacks', async () => {
    const r = runIpc('good', { vcd: true });
    await expect(checkHandoffVcd(r.vcd!.bytes, { corePath: 'top.nothing' })).rejects.toThrow(/no top\.nothing\.writeback\.ret_valid/);
  });
});
