// Section 6.6 of the brief: the hand-off claims asserted on the VCD itself. The waveform of each
// run is parsed back and the report re-derived from its signals alone must equal the online one.
import { describe, expect, it } from 'vitest';
import { checkHandoffVcd } from '../../testbench/checkers/vcd-handoff.ts';
import { VARIANTS } from './ipc-program.ts';
import { runIpc } from './run-ipc.ts';

describe('hand-off checks on the VCD parsed back', () => {
  it.each([...VARIANTS])('%s: the waveform gives the online report', async (variant) => {
    const counters = [{ name: 'retired', path: 'top.sys.core.writeback.retired' }];
    const r = runIpc(variant, { vcd: true, counters });
    const offline = await checkHandoffVcd(r.vcd!.bytes, { ...r.config, counters });
    expect(offline).toEqual(r.report);
    expect(offline.verdict).toBe(variant === 'good' ? 'pass' : 'fail');
  });

  it('checks a window of cycles only', async () => {
    const r = runIpc('writes-r4', { vcd: true });
    const second = r.report.ipcs[1]!;
    expect(second.kind).toBe('hand-off');
    const offline = await checkHandoffVcd(r.vcd!.bytes, { ...r.config, window: { from: second.trapCycle - 30, to: second.resumeCycle + 1 } });
    expect(offline.ipcs).toHaveLength(1);
    expect(offline.ipcs[0]).toEqual({ ...second, index: 0, failures: second.failures.map((f) => f.replace('IPC 1', 'IPC 0')) });
  });

  it('names a signal the waveform lacks', async () => {
    const r = runIpc('good', { vcd: true });
    await expect(checkHandoffVcd(r.vcd!.bytes, { corePath: 'top.nothing' })).rejects.toThrow(/no top\.nothing\.writeback\.ret_valid/);
    await expect(checkHandoffVcd(r.vcd!.bytes, { ...r.config, viewPath: 'top.nothing' })).rejects.toThrow(/no message view at top\.nothing/);
  });

  it('without the message view in the waveform, no thread is recognised and nothing is judged', async () => {
    const r = runIpc('good', { vcd: true, vcdExclude: ['top.msg'] });
    const offline = await checkHandoffVcd(r.vcd!.bytes, r.config);
    expect(offline.ipcs.map((i) => i.kind)).toEqual(['no hand-off', 'no hand-off']);
    expect(offline.verdict).toBe('fail');
    expect(r.report.verdict).toBe('pass');
  });
});
