// The GTKWave view npm run sim writes beside its VCD: the pipeline (fetch address and each stage's
// disassembly, source line and symbol of the instruction in Execute), retirement, register-file
// write ports, the data port, cache/TLB counters; markers at the run's named cycles.
import { writeGtkw, type GtkwGroup, type GtkwMarker, type GtkwTrace } from '../trace/gtkw-writer.ts';
import type { VcdVariable } from '../trace/vcd-writer.ts';

const COUNTERS = new Set(['hits', 'misses', 'tlb_hits', 'tlb_misses', 'fills', 'walks', 'writebacks']);

export function simGtkw(dumpfile: string, variables: readonly VcdVariable[], markers: readonly GtkwMarker[], startCycle: number): string {
  const known = new Set(variables.map((v) => v.path));
  const group = (name: string, paths: ReadonlyArray<string | GtkwTrace>): GtkwGroup => ({
    group: name,
    traces: paths.map((p) => (typeof p === 'string' ? { path: p } : p)).filter((t) => known.has(t.path)),
  });
  const core = 'top.sys.core';
  const view = 'top.view';
  const groups: GtkwGroup[] = [
    group('Pipeline', ['top.clk', `${core}.fetch.i_addr`, `${view}.f_asm`, `${view}.d_asm`, `${view}.e_asm`, `${view}.m_asm`, `${view}.w_asm`, `${view}.e_sym`, `${view}.e_src`]),
    group('Retirement', [`${core}.writeback.ret_valid`, `${core}.writeback.ret_pc`, `${core}.writeback.ret_exc`, `${core}.writeback.ret_cpsr`, { path: `${core}.writeback.retired`, format: 'dec' }]),
    group('Register writes', [`${core}.rf.w0_en`, `${core}.rf.w0_addr`, `${core}.rf.w0_data`, `${core}.rf.w1_en`, `${core}.rf.w1_addr`, `${core}.rf.w1_data`, `${core}.rf.cpsr`]),
    group('Data port', [`${core}.memory.d_req`, `${core}.memory.d_addr`, `${core}.memory.d_we`, `${core}.memory.d_wdata`, `${core}.memory.d_rdata`, `${core}.memory.d_ready`]),
    group('Counters', variables.filter((v) => COUNTERS.has(v.path.slice(v.path.lastIndexOf('.') + 1))).map((v) => ({ path: v.path, format: 'dec' as const }))),
  ].filter((g) => g.traces.length > 0);
  return writeGtkw({ dumpfile, variables, items: groups, markers: markers.slice(0, 26), startCycle, primaryMarkerCycle: markers[0]?.cycle });
}
