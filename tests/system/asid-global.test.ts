// ASID strategy ('asid' hardware, SWITCH=2): which translations may be global.
//
// Regression for a lockstep failure (pingPong asid, 0 register MRs): the kernel built every first-
// level descriptor global (bit 9 clear), so a translation of one space's table was used under every
// ASID. The slow path, running in the client's space, copies MRs into the server's UTCB through the
// client table's privileged identity entry for the server's megabyte; that entry, global, then hit
// for the server's own user load of its UTCB: permission fault on the RTL, none on the reference
// model (no TLB). Rule now (kernel/ABI.md): a mapping that differs between tables is not global.
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import type { Arm926System } from '../../rtl/system/arm926-system.ts';
import { A_ASID_SHIFT, A_NG, A_VALID } from '../../rtl/mem/faults.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';
import { buildScripted } from '../kernel/script-harness.ts';
import { pingPong } from '../kernel/scenarios.ts';

const PT_BASE = 0x00080000;
const NG = 1 << 9;

describe("'asid' address-space switch: global and not-global translations", () => {
  it('every first-level descriptor is either the same in every space table or not global in all', () => {
    const built = buildSystem(pingPong({ switchStrategy: 'asid', nreg: 0 }, 2, 3));
    let sys: Arm926System | undefined;
    const r = runLockstep(built.image, {
      maxCycles: 1_000_000,
      system: { hardware: { addressSpaceSwitch: 'asid', registerMrs: 0 } },
      setup: (s) => {
        sys = s;
      },
    });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    const ram = sys!.soc.ram;
    const tables = [0, 1, 2].map((s) => PT_BASE + (s << 14));
    let globals = 0;
    for (let mb = 0; mb < 4096; mb++) {
      const d = tables.map((t) => ram.readWord(t + mb * 4) >>> 0);
      if (d.every((x) => (x & 3) === 0)) continue;
      const same = d.every((x) => x === d[0]);
      const ng = d.map((x) => (x & NG) !== 0);
      if (same && !ng[0]) globals++;
      else expect({ mb, descriptors: d.map((x) => x.toString(16)), notGlobal: ng }).toEqual({ mb, descriptors: d.map((x) => x.toString(16)), notGlobal: [true, true, true] });
    }
    expect(globals).toBeGreaterThan(0); // the kernel's megabyte and the devices stay global
    // And the TLB at the end: user entries (the spaces' megabytes) are tagged, the kernel's are not.
    const tlb = sys!.mem!.tlb;
    for (let e = 0; e < tlb.entries + tlb.lockdown; e++) {
      const a = tlb.tlb_attr.data[e]!;
      if ((a & A_VALID) === 0) continue;
      const mva = (tlb.tlb_va.data[e]! << 10) >>> 0;
      const mb = mva >>> 20;
      if (mb >= 1 && mb < 32) {
        expect((a & A_NG) !== 0).toBe(true);
        expect([1, 2]).toContain((a >>> A_ASID_SHIFT) & 0xff);
      }
      if (mb === 0) expect(a & A_NG).toBe(0);
    }
  });

  it("a user thread cannot use another space's translation left in the TLB (lockstep: both fault)", () => {
    // Space 'b' (id 1, megabyte 1) runs first and loads from its own megabyte, which enters that
    // translation (user RW) into the TLB; then a thread of space 'a' loads the same address, which
    // its own table maps privileged-only: a data abort on the RTL as on the reference model.
    const built = buildScripted(
      [
        { name: 'owner', space: 'b', priority: 20, ops: [{ kind: 'load', address: 0x001d3000 }, { kind: 'end' }] },
        { name: 'intruder', space: 'a', priority: 10, ops: [{ kind: 'load', address: 0x001d3000 }, { kind: 'end' }] },
      ],
      { switchStrategy: 'asid', nreg: 0 },
    );
    let sys: Arm926System | undefined;
    const r = runLockstep(built.image, {
      maxCycles: 1_000_000,
      system: { hardware: { addressSpaceSwitch: 'asid', registerMrs: 0 } },
      setup: (s) => {
        sys = s;
      },
    });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    const out = sys!.soc.uart0.transmittedText();
    expect(out).toMatch(/\[fault thread 0*2 D 0*1d3000\]/i);
    expect(out).not.toMatch(/\[fault thread 0*1 /i);
  });
});
