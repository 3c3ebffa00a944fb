// A testbench module that puts text in the waveform: each pipeline stage's instruction as
// disassembly ('' for a bubble), the kernel source file:line and symbol+offset of the instruction
// in Execute, and the IPC phase. It reads the core's signals and drives only its own text signals,
// so it sits beside the system under a testbench top (rtl/ knows nothing of it) and is scheduled
// after the system (it reads settled wires). Strings are made once per instruction address and
// reused; with `enabled` false it does nothing per cycle.
import { disassemble, type LinkedImage } from '../../kernel/toolchain/index.ts';
import { EXC_SWI, MODE_USR } from '../../rtl/core/arm.ts';
import type { Arm926Core } from '../../rtl/core/core.ts';
import { Module } from '../../rtl/hdl/index.ts';

export interface PipelineViewOptions {
  /** For file:line and symbol+offset (omit: those signals stay ''). */
  readonly image?: LinkedImage;
  /** Instruction address -> phase name (testbench/checkers/phase-markers.ts). */
  readonly phases?: ReadonlyMap<number, string>;
  /** Compute text (default true); turn off for untraced runs. */
  readonly enabled?: boolean;
}

/** Phase shown from a user-mode SWI until the first marker. */
export const VIEW_TRAP_PHASE = 'trap';

interface CachedText {
  word: number;
  text: string;
}

export class PipelineView extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly f_asm = this.text('f_asm');
  readonly d_asm = this.text('d_asm');
  readonly e_asm = this.text('e_asm');
  readonly m_asm = this.text('m_asm');
  readonly w_asm = this.text('w_asm');
  readonly e_src = this.text('e_src');
  readonly e_sym = this.text('e_sym');
  readonly phase = this.text('phase');

  enabled: boolean;
  /** Calls to the disassembler so far: one per distinct (address, word), however long the run. */
  disassemblies = 0;
  private readonly asmCache = new Map<number, CachedText>();
  private readonly srcCache = new Map<number, string>();
  private readonly symCache = new Map<number, string>();
  private readonly phases: ReadonlyMap<number, string>;
  private readonly image: LinkedImage | undefined;
  // IPC phase state, advanced at the clock edge from what retired this cycle.
  private lastMode = -1;
  private currentPhase = '';

  constructor(
    parent: Module,
    name: string,
    private readonly core: Arm926Core,
    options: PipelineViewOptions = {},
  ) {
    super(parent, name);
    this.enabled = options.enabled ?? true;
    this.image = options.image;
    this.phases = options.phases ?? new Map();
  }

  /** Disassembly of `word` at `pc`, built once per address (and again only if the word changes). */
  asm(pc: number, word: number): string {
    const hit = this.asmCache.get(pc);
    if (hit !== undefined && hit.word === word) return hit.text;
    let text: string;
    this.disassemblies++;
    try {
      text = disassemble(word, pc).replace(/\t/g, ' ');
    } catch {
      text = `.word 0x${(word >>> 0).toString(16)}`;
    }
    this.asmCache.set(pc, { word, text });
    return text;
  }

  private src(pc: number): string {
    let s = this.srcCache.get(pc);
    if (s === undefined) {
      const l = this.image?.lineAt(pc);
      s = l ? `${l.file}:${l.line}` : '';
      this.srcCache.set(pc, s);
    }
    return s;
  }

  private sym(pc: number): string {
    let s = this.symCache.get(pc);
    if (s === undefined) {
      const at = this.image?.symbolAt(pc);
      s = at ? (at.offset === 0 ? at.name : `${at.name}+0x${at.offset.toString(16)}`) : '';
      this.symCache.set(pc, s);
    }
    return s;
  }

  /** The phase after this cycle's retirement (if any). */
  private phaseNow(): string {
    const w = this.core.writeback;
    if (!w.ret_valid.on) return this.currentPhase;
    if (this.lastMode === MODE_USR) return w.ret_exc.v === EXC_SWI ? VIEW_TRAP_PHASE : '';
    return this.phases.get(w.ret_pc.v) ?? this.currentPhase;
  }

  override comb(): void {
    if (!this.enabled) return;
    const c = this.core;
    const f = c.fetch;
    const ip = f.iport;
    this.f_asm.v = ip.req.on && ip.ready.on && !ip.abort.on ? this.asm(ip.addr.v, ip.rdata.v) : '';
    this.d_asm.v = f.q0_valid.on ? (f.q0_abort.on ? '(prefetch abort)' : this.asm(f.q0_pc.v, f.q0_instr.v)) : '';
    const e = c.execute.u;
    if (e.valid.on) {
      const pc = e.pc.v;
      this.e_asm.v = this.asm(pc, e.instr.v);
      this.e_src.v = this.src(pc);
      this.e_sym.v = this.sym(pc);
    } else {
      this.e_asm.v = '';
      this.e_src.v = '';
      this.e_sym.v = '';
    }
    const m = c.mem.s;
    this.m_asm.v = m.valid.on ? this.asm(m.pc.v, m.instr.v) : '';
    const w = c.writeback.s;
    this.w_asm.v = w.valid.on ? this.asm(w.pc.v, w.instr.v) : '';
    this.phase.v = this.phaseNow();
  }

  override clock(): void {
    if (!this.enabled) return;
    const w = this.core.writeback;
    if (!w.ret_valid.on) return;
    this.currentPhase = this.phaseNow();
    this.lastMode = w.ret_mode.v;
  }
}
