// The signals the hand-off checkers read, named by their path below the core. The online monitors
// read them from the live design and the VCD checker reads the same paths from the waveform, so
// both see exactly the same values (anything missing from a VCD is named in the error).
import { PHYS_NAMES } from '../../rtl/core/arm.ts';
import type { Module } from '../../rtl/hdl/index.ts';

/** A value that can be read once per cycle: a live Signal or a cursor over a VCD trace. */
export interface Probe {
  readonly v: number;
}

export const PROBE_PATHS = {
  // Retirement interface (one record per architectural instruction).
  ret_valid: 'writeback.ret_valid',
  ret_pc: 'writeback.ret_pc',
  ret_instr: 'writeback.ret_instr',
  ret_exc: 'writeback.ret_exc',
  ret_mode: 'writeback.ret_mode',
  // The uop in Writeback (who drives the write ports, and the address a load came from).
  wb_pc: 'writeback.pc',
  wb_mem: 'writeback.mem',
  wb_load: 'writeback.load',
  wb_addr: 'writeback.addr',
  // Register file write ports.
  w0_en: 'rf.w0_en',
  w0_addr: 'rf.w0_addr',
  w0_data: 'rf.w0_data',
  w1_en: 'rf.w1_en',
  w1_addr: 'rf.w1_addr',
  w1_data: 'rf.w1_data',
  // Data port and the uop in Memory that drives it.
  d_req: 'memory.d_req',
  d_ready: 'memory.d_ready',
  d_addr: 'memory.d_addr',
  d_we: 'memory.d_we',
  d_size: 'memory.d_size',
  d_wdata: 'memory.d_wdata',
  d_rdata: 'memory.d_rdata',
  d_abort: 'memory.d_abort',
  m_pc: 'memory.pc',
  m_cpsr: 'memory.cpsr',
  // Execute -> Memory hand-over: which register a store's data came from.
  x_valid: 'execute.x_valid',
  x_mem: 'execute.x_mem',
  x_load: 'execute.x_load',
  e_rc: 'execute.rc',
  e_rc_en: 'execute.rc_en',
  e_use_latch: 'execute.use_latch',
  e_pc: 'execute.pc',
  m_take: 'control.m_take',
  // CP15 writes (TTBR, FCSE PID, cache and TLB maintenance).
  cp_we: 'cp15.we',
  cp_commit: 'cp15.commit',
  cp_reg: 'cp15.rd_reg',
  cp_wdata: 'cp15.wdata',
  // Instruction fetches.
  i_req: 'fetch.i_req',
  i_ready: 'fetch.i_ready',
  i_addr: 'fetch.i_addr',
} as const;

/**
 * Signals used when the core has them: cores with the memory system do cache and TLB maintenance
 * (MCR p15 c7/c8) as a request/ready handshake from Execute instead of a CP15 register write.
 */
export const OPTIONAL_PROBE_PATHS = {
  mt_valid: 'execute.maint_valid',
  mt_ready: 'execute.maint_ready',
} as const;

export type ProbeName = keyof typeof PROBE_PATHS;
export type OptionalProbeName = keyof typeof OPTIONAL_PROBE_PATHS;
export type HandoffProbes = Readonly<Record<ProbeName, Probe>> & Readonly<Partial<Record<OptionalProbeName, Probe>>>;

/** Every signal of a module tree by full path (top.core.rf.w0_en). */
export function signalsByPath(top: Module): Map<string, Probe> {
  const out = new Map<string, Probe>();
  const visit = (m: Module): void => {
    for (const s of m.signals) if (s.words === 1) out.set(s.path, s as Probe);
    for (const c of m.children) visit(c);
  };
  visit(top);
  return out;
}

/** The probes of a live core (an Arm926Core, or any module with the same stage names). */
export function coreProbes(core: Module): HandoffProbes {
  const all = signalsByPath(core);
  const out: Partial<Record<ProbeName | OptionalProbeName, Probe>> = {};
  for (const [name, rel] of Object.entries(PROBE_PATHS) as Array<[ProbeName, string]>) {
    const p = all.get(`${core.path}.${rel}`);
    if (!p) throw new Error(`handoff checker: the core has no signal ${core.path}.${rel}`);
    out[name] = p;
  }
  for (const [name, rel] of Object.entries(OPTIONAL_PROBE_PATHS) as Array<[OptionalProbeName, string]>) {
    const p = all.get(`${core.path}.${rel}`);
    if (p) out[name] = p;
  }
  return out as HandoffProbes;
}

/** Path (below the core) of the register-file entry holding physical register `r`. */
export function registerPath(r: number): string {
  return `rf.gpr.${PHYS_NAMES[r]!}`;
}

/** The register-file entries of `registers`, read live (the values as of the last clock edge). */
export function registerProbes(core: Module, registers: readonly number[]): Probe[] {
  const rf = core.children.find((c) => c.name === 'rf');
  const gpr = rf?.memories.find((m) => m.name === 'gpr');
  if (!gpr) throw new Error(`handoff checker: ${core.path} has no rf.gpr register file`);
  return registers.map((r) => ({
    get v(): number {
      return gpr.read(r);
    },
  }));
}
