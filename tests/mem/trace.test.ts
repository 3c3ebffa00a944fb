// The memory system in a waveform: the VCD holds its scopes, the traced TLB entries and counters.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../rtl/config.ts';
import { CTRL_C, CTRL_M } from '../../rtl/mem/cp15-link.ts';
import { VcdWriter } from '../../testbench/trace/vcd-writer.ts';
import { Harness, section } from './harness.ts';

describe('waveform', () => {
  it('a VCD of the memory system names its modules, TLB entries and counters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-mem-'));
    try {
      const h = new Harness(validateConfig(), { ramBytes: 1 << 21 });
      const file = join(dir, 'mem.vcd');
      const w = new VcdWriter(h.sim, { output: file });
      h.pokeWord(0x4000 + (0x800 << 2), section(0x10_0000, { c: true, b: true }));
      h.setCp15({ ttbr: 0x4000, dacr: 1, ctrl: CTRL_M | CTRL_C });
      h.read(0x8000_0000);
      h.write(0x8000_0004, 5);
      w.close();
      const vcd = readFileSync(file, 'utf8');
      for (const scope of ['mem', 'tlb', 'walker', 'icache', 'dcache', 'wbuf', 'arb']) expect(vcd).toContain(`$scope module ${scope} $end`);
      for (const name of ['va_s0w0', 'attr_l7', 'walks', 'hits', 'dbus_req', 'cp15_op_ready']) expect(vcd).toMatch(new RegExp(`\\$var \\w+ \\d+ \\S+ ${name} `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
