// Outputs that are always another signal's value are connected to it (one net), so the VCD declares
// both names with one identifier code and writes the value once. Each pair below was a copy made
// in comb() each cycle (two identifiers, the same change written twice); the test fails if one
// goes back to being a copy.
import { describe, expect, it } from 'vitest';
import { RtlMachine } from '../../testbench/machine/rtl-machine.ts';
import { planVcd } from '../../testbench/trace/vcd-plan.ts';

const SAME_NET: ReadonlyArray<readonly [string, string]> = [
  ['core.writeback.ret_pc', 'core.writeback.pc'],
  ['core.writeback.ret_instr', 'core.writeback.instr'],
  ['core.writeback.ret_exc', 'core.writeback.exc'],
  ['core.writeback.ret_thumb', 'core.writeback.thumb'],
  ['core.writeback.ret_cpsr', 'core.writeback.cpsr_wdata'],
  ['core.writeback.w0_addr', 'core.writeback.rd'],
  ['core.writeback.w1_addr', 'core.writeback.rd2'],
  ['core.writeback.w1_data', 'core.writeback.result2'],
  ['core.execute.x_load', 'core.execute.mem_load'],
  ['core.execute.x_lat', 'core.execute.lat'],
  ['core.execute.cp_wdata', 'core.execute.op_c'],
  ['core.execute.maint_data', 'core.execute.op_c'],
  ['core.memory.d_addr', 'core.memory.addr'],
  ['core.cp15.link_ttbr', 'core.cp15.ttbr'],
  ['core.cp15.link_fcsepid', 'core.cp15.fcse_pid'],
  ['core.fetch.i_priv', 'core.fetch.priv'],
  ['mem.walker.fill_pa', 'mem.walker.res_pa'],
  ['mem.walker.bus_addr', 'mem.walker.desc_addr'],
  ['mem.dcache.op_result', 'mem.dcache.op_res'],
  ['mem.cp15_far', 'mem.tlb.d_mva'],
];

describe('VCD identifiers of connected outputs', () => {
  const machine = new RtlMachine({ ramBytes: 1 << 16 });
  const { plan } = planVcd(machine.top, {});
  const idOf = new Map(plan.variables.map((v) => [v.path, v.id]));
  const sys = machine.sys.path;

  it.each(SAME_NET)('%s is %s: one identifier', (a, b) => {
    const ia = idOf.get(`${sys}.${a}`);
    const ib = idOf.get(`${sys}.${b}`);
    expect(ia, `${sys}.${a} declared`).toBeDefined();
    expect(ib, `${sys}.${b} declared`).toBeDefined();
    expect(ia).toBe(ib);
  });
});
