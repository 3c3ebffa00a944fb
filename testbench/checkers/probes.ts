// The signals the hand-off checkers read, named by their path. The online checker reads them from
// the live design and the VCD checker reads the same paths from the waveform, so both see exactly
// the same values (anything missing from a VCD is named in the error).
import { PHYS_NAMES } from '../../rtl/core/arm.ts';
import type { Module } from '../../rtl/hdl/index.ts';

/** A value that can be read once per cycle: a live Signal or a cursor over a VCD trace. */
export interface Probe {
  readonly v: number;
}

/** Paths below the core. */
export const PROBE_PATHS = {
  // Retirement interface (one record per architectural instruction).
  ret_valid: 'writeback.ret_valid',
  ret_pc: 'writeback.ret_pc',
  ret_instr: 'writeback.ret_instr',
  ret_exc: 'writeback.ret_exc',
  ret_mode: 'writeback.ret_mode',
  ret_thumb: 'writeback.ret_thumb',
  // The uop in Writeback: what it is, what it read, what it loaded (the register file's writers).
  wb_valid: 'writeback.valid',
  wb_pc: 'writeback.pc',
  wb_instr: 'writeback.instr',
  wb_last: 'writeback.last',
  wb_exc: 'writeback.exc',
  wb_kind: 'writeback.kind',
  wb_exec: 'writeback.exec',
  wb_cpsr: 'writeback.cpsr',
  wb_mem: 'writeback.mem',
  wb_load: 'writeback.load',
  wb_addr: 'writeback.addr',
  wb_ra: 'writeback.ra',
  wb_ra_en: 'writeback.ra_en',
  wb_rb: 'writeback.rb',
  wb_rb_en: 'writeback.rb_en',
  wb_rc: 'writeback.rc',
  wb_rc_en: 'writeback.rc_en',
  // Register file write ports.
  w0_en: 'rf.w0_en',
  w0_addr: 'rf.w0_addr',
  w0_data: 'rf.w0_data',
  w1_en: 'rf.w1_en',
  w1_addr: 'rf.w1_addr',
  w1_data: 'rf.w1_data',
  // Data port and the uop in Memory that drives it (rc: the register a store's data came from).
  d_req: 'memory.d_req',
  d_ready: 'memory.d_ready',
  d_addr: 'memory.d_addr',
  d_we: 'memory.d_we',
  d_size: 'memory.d_size',
  d_wdata: 'memory.d_wdata',
  d_rdata: 'memory.d_rdata',
  d_abort: 'memory.d_abort',
  m_pc: 'memory.pc',
  m_instr: 'memory.instr',
  m_cpsr: 'memory.cpsr',
  m_rc: 'memory.rc',
  m_rc_en: 'memory.rc_en',
  // CP15 writes (TTBR, DACR, FCSE PID, CONTEXTIDR) as Execute commits them, and the TTBR.
  cp_we: 'cp15.we',
  cp_commit: 'cp15.commit',
  cp_reg: 'cp15.rd_reg',
  cp_wdata: 'cp15.wdata',
  ttbr: 'cp15.ttbr',
  fcse_pid: 'cp15.fcse_pid',
  contextidr: 'cp15.contextidr',
  ctrl: 'cp15.control',
  e_pc: 'execute.pc',
  e_instr: 'execute.instr',
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

/**
 * Paths below the system (the core's parent), used when present: the physical address of the data
 * access (the D-side TLB port; without a memory system the address is physical already) and the
 * interrupt controller's pending lines.
 */
export const SYSTEM_PROBE_PATHS = {
  d_pa: 'mem.tlb.d_pa',
  irq_status: 'soc.vic.irq_status',
} as const;

export type ProbeName = keyof typeof PROBE_PATHS;
export type OptionalProbeName = keyof typeof OPTIONAL_PROBE_PATHS;
export type SystemProbeName = keyof typeof SYSTEM_PROBE_PATHS;
export type HandoffProbes = Readonly<Record<ProbeName, Probe>> &
  Readonly<Partial<Record<OptionalProbeName, Probe>>> &
  Readonly<Partial<Record<SystemProbeName, Probe>>>;

/** Every one-word signal of a module tree by full path (top.core.rf.w0_en). */
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
  const all = signalsByPath(core.parent ?? core);
  const out: Partial<Record<ProbeName | OptionalProbeName | SystemProbeName, Probe>> = {};
  for (const [name, rel] of Object.entries(PROBE_PATHS) as Array<[ProbeName, string]>) {
    const p = all.get(`${core.path}.${rel}`);
    if (!p) throw new Error(`handoff checker: the core has no signal ${core.path}.${rel}`);
    out[name] = p;
  }
  for (const [name, rel] of Object.entries(OPTIONAL_PROBE_PATHS) as Array<[OptionalProbeName, string]>) {
    const p = all.get(`${core.path}.${rel}`);
    if (p) out[name] = p;
  }
  if (core.parent) {
    for (const [name, rel] of Object.entries(SYSTEM_PROBE_PATHS) as Array<[SystemProbeName, string]>) {
      const p = all.get(`${core.parent.path}.${rel}`);
      if (p) out[name] = p;
    }
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
