// Lockstep coverage: which decode classes and corner forms a run of the RTL against the reference
// model executed. The classes are the instruction set's, from the instruction word (its own coarse
// decode, independent of both models); the corners are forms within a class (operand kinds, r15
// operands, UNPREDICTABLE forms with a documented behaviour) and what happened dynamically
// (condition failed, misaligned access, exception taken, the mode it ran in), for ARM and Thumb
// state. `REQUIRED_COVERAGE` lists what a complete run must hit: tests/core/coverage.test.ts
// fails on a zero.
import type { StepEffects } from '../reference/effects.ts';

const DP = ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'tst', 'teq', 'cmp', 'cmn', 'orr', 'mov', 'bic', 'mvn'];

export const ARM_CLASSES: readonly string[] = [
  ...DP.map((op) => `arm.${op}`),
  'arm.mul', 'arm.mla', 'arm.umull', 'arm.umlal', 'arm.smull', 'arm.smlal',
  'arm.smlaxy', 'arm.smlawy', 'arm.smulwy', 'arm.smlalxy', 'arm.smulxy', 'arm.qadd', 'arm.qsub', 'arm.qdadd', 'arm.qdsub', 'arm.clz',
  'arm.ldr', 'arm.ldrb', 'arm.str', 'arm.strb', 'arm.ldrh', 'arm.strh', 'arm.ldrsb', 'arm.ldrsh', 'arm.ldrd', 'arm.strd',
  'arm.ldm', 'arm.stm', 'arm.swp', 'arm.swpb',
  'arm.b', 'arm.bl', 'arm.bx', 'arm.blx-reg', 'arm.bxj', 'arm.blx-imm',
  'arm.mrs', 'arm.msr-imm', 'arm.msr-reg',
  'arm.swi', 'arm.bkpt', 'arm.undefined', 'arm.mcr', 'arm.mrc', 'arm.pld',
];

export const ARM_CORNERS: readonly string[] = [
  'dp.imm', 'dp.rotated-imm', 'dp.imm-shift', 'dp.reg-shift', 'dp.rrx', 'dp.shift-32', 'dp.S',
  'dp.rd-pc', 'dp.rd-pc-S', 'dp.rn-pc', 'dp.rm-pc', 'dp.rs-pc', 'dp.compare-rd-pc',
  'mul.S', 'mul.rdhi-eq-rdlo', 'mul.pc-operand', 'mul.rd-pc',
  'ls.post', 'ls.pre-writeback', 'ls.user-form', 'ls.reg-offset', 'ls.scaled-offset', 'ls.down', 'ls.rn-pc', 'ls.load-pc',
  'ls.store-pc', 'ls.writeback-rn-eq-rd', 'ls.misaligned-word',
  'lsx.user-form', 'lsx.d-post-writeback', 'lsx.d-odd-register', 'lsx.d-r14', 'lsx.reg-offset', 'lsx.load-pc', 'lsx.misaligned-half',
  'lsx.d-writeback-base-loaded',
  'block.ia', 'block.ib', 'block.da', 'block.db', 'block.writeback', 'block.load-base-in-list-writeback',
  'block.store-base-in-list-writeback', 'block.user-bank', 'block.user-bank-writeback', 'block.exception-return', 'block.load-pc',
  'block.store-pc', 'block.empty-list', 'block.one-register', 'block.rn-pc',
  'swp.rd-pc', 'swp.misaligned',
  'bx.rm-pc', 'bx.to-arm',
  'psr.spsr-read', 'psr.spsr-write', 'psr.control-write', 'psr.flags-only', 'psr.user-mode',
  'exc.undefined', 'exc.swi', 'exc.prefetch-abort', 'exc.data-abort', 'exc.irq', 'exc.fiq',
  'und.architectural', 'und.media', 'und.coprocessor', 'und.cond-15', 'und.misc', 'und.multiply-extension',
  'cp15.rd-pc', 'cp15.user-mode',
  'cond.failed',
  'mode.usr', 'mode.fiq', 'mode.irq', 'mode.svc', 'mode.abt', 'mode.und', 'mode.sys',
];

const THUMB_ALU = ['and', 'eor', 'lsl-reg', 'lsr-reg', 'asr-reg', 'adc', 'sbc', 'ror', 'tst', 'neg', 'cmp-reg', 'cmn', 'orr', 'mul', 'bic', 'mvn'];
const THUMB_REGISTER_OFFSET = ['str-reg', 'strh-reg', 'strb-reg', 'ldrsb-reg', 'ldr-reg', 'ldrh-reg', 'ldrb-reg', 'ldrsh-reg'];

export const THUMB_CLASSES: readonly string[] = [
  'lsl-imm', 'lsr-imm', 'asr-imm', 'add-reg', 'sub-reg', 'add-imm3', 'sub-imm3', 'mov-imm', 'cmp-imm', 'add-imm8', 'sub-imm8',
  ...THUMB_ALU, 'add-high', 'cmp-high', 'mov-high', 'bx', 'blx-reg', 'ldr-literal', ...THUMB_REGISTER_OFFSET,
  'str-imm', 'ldr-imm', 'strb-imm', 'ldrb-imm', 'strh-imm', 'ldrh-imm', 'str-sp', 'ldr-sp', 'add-pc', 'add-sp', 'adjust-sp',
  'push', 'pop', 'stmia', 'ldmia', 'b-cond', 'b', 'bl-prefix', 'bl-suffix', 'blx-suffix', 'swi', 'bkpt', 'undefined',
].map((k) => `thumb.${k}`);

export const THUMB_CORNERS: readonly string[] = [
  'thumb.upper-halfword', 'thumb.high-pc-write', 'thumb.high-low-low', 'thumb.bx-to-arm', 'thumb.bx-to-thumb', 'thumb.pop-pc',
  'thumb.pop-pc-to-arm', 'thumb.push-lr', 'thumb.empty-list', 'thumb.ldmia-base-in-list', 'thumb.stmia-base-in-list',
  'thumb.misaligned', 'thumb.cond-failed', 'thumb.exc.undefined', 'thumb.exc.swi', 'thumb.exc.prefetch-abort', 'thumb.exc.data-abort',
  'thumb.exc.interrupt',
  'thumb.mode.usr', 'thumb.mode.svc', 'arm.to-thumb', 'arm.exception-return-to-thumb',
];

/** Decode class and static corners of a Thumb halfword. */
export function classifyThumb(hw: number): { readonly cls: string; readonly corners: string[] } {
  const c: string[] = [];
  const cls = (k: string): { cls: string; corners: string[] } => ({ cls: `thumb.${k}`, corners: c });
  switch (hw >>> 11) {
    case 0: return cls('lsl-imm');
    case 1: return cls('lsr-imm');
    case 2: return cls('asr-imm');
    case 3: return cls(`${hw & 0x200 ? 'sub' : 'add'}-${hw & 0x400 ? 'imm3' : 'reg'}`);
    case 4: return cls('mov-imm');
    case 5: return cls('cmp-imm');
    case 6: return cls('add-imm8');
    case 7: return cls('sub-imm8');
    case 8: {
      if (!(hw & 0x400)) return cls(THUMB_ALU[(hw >>> 6) & 15]!);
      const op = (hw >>> 8) & 3;
      if (op === 3) return cls(hw & 0x80 ? 'blx-reg' : 'bx');
      if ((hw & 0xc0) === 0) c.push('thumb.high-low-low');
      if (op !== 1 && (hw & 0x87) === 0x87) c.push('thumb.high-pc-write');
      return cls(['add-high', 'cmp-high', 'mov-high'][op]!);
    }
    case 9: return cls('ldr-literal');
    case 10: case 11: return cls(THUMB_REGISTER_OFFSET[(hw >>> 9) & 7]!);
    case 12: return cls('str-imm');
    case 13: return cls('ldr-imm');
    case 14: return cls('strb-imm');
    case 15: return cls('ldrb-imm');
    case 16: return cls('strh-imm');
    case 17: return cls('ldrh-imm');
    case 18: return cls('str-sp');
    case 19: return cls('ldr-sp');
    case 20: return cls('add-pc');
    case 21: return cls('add-sp');
    case 22: case 23: {
      if ((hw & 0xf00) === 0) return cls('adjust-sp');
      if ((hw & 0x600) === 0x400) {
        const pop = (hw & 0x800) !== 0;
        if ((hw & 0x1ff) === 0) c.push('thumb.empty-list');
        if (hw & 0x100) c.push(pop ? 'thumb.pop-pc' : 'thumb.push-lr');
        return cls(pop ? 'pop' : 'push');
      }
      return (hw & 0xf00) === 0xe00 ? cls('bkpt') : cls('undefined');
    }
    case 24: case 25: {
      const load = (hw & 0x800) !== 0;
      if ((hw & 0xff) === 0) c.push('thumb.empty-list');
      if (hw & (1 << ((hw >>> 8) & 7))) c.push(load ? 'thumb.ldmia-base-in-list' : 'thumb.stmia-base-in-list');
      return cls(load ? 'ldmia' : 'stmia');
    }
    case 26: case 27: {
      const cond = (hw >>> 8) & 15;
      return cond === 15 ? cls('swi') : cond === 14 ? cls('undefined') : cls('b-cond');
    }
    case 28: return cls('b');
    case 29: return hw & 1 ? cls('undefined') : cls('blx-suffix');
    case 30: return cls('bl-prefix');
    default: return cls('bl-suffix');
  }
}

const MODES: Record<number, string> = { 0x10: 'usr', 0x11: 'fiq', 0x12: 'irq', 0x13: 'svc', 0x17: 'abt', 0x1b: 'und', 0x1f: 'sys' };

const b = (w: number, hi: number, lo: number): number => (w >>> lo) & ((1 << (hi - lo + 1)) - 1);

/** Decode class and static corners of an ARM-state word. */
export function classifyArm(w: number): { readonly cls: string; readonly corners: string[] } {
  const c: string[] = [];
  const cond = w >>> 28;
  const rn = b(w, 19, 16);
  const rd = b(w, 15, 12);
  const rs = b(w, 11, 8);
  const rm = b(w, 3, 0);
  if (cond === 15) {
    if (b(w, 27, 25) === 5) return { cls: 'arm.blx-imm', corners: c };
    if ((w & 0x0d70f000) === 0x0550f000) return { cls: 'arm.pld', corners: c };
    return { cls: 'arm.undefined', corners: ['und.cond-15'] };
  }
  const op3 = b(w, 27, 25);
  if (op3 === 0 && b(w, 7, 7) === 1 && b(w, 4, 4) === 1) {
    if (b(w, 6, 5) === 0) {
      if (b(w, 27, 22) === 1) return { cls: 'arm.undefined', corners: ['und.multiply-extension'] }; // ARMv6 UMAAL/MLS space
      if (b(w, 27, 24) === 0) {
        if (b(w, 20, 20)) c.push('mul.S');
        if ([rn, rd, rs, rm].includes(15)) c.push('mul.pc-operand');
        if (b(w, 23, 23)) {
          if (rn === rd) c.push('mul.rdhi-eq-rdlo');
          return { cls: `arm.${b(w, 22, 22) ? 's' : 'u'}${b(w, 21, 21) ? 'mlal' : 'mull'}`, corners: c };
        }
        if (rn === 15) c.push('mul.rd-pc');
        return { cls: b(w, 21, 21) ? 'arm.mla' : 'arm.mul', corners: c };
      }
      if (b(w, 27, 23) === 2 && b(w, 21, 20) === 0 && rs === 0) {
        if (rd === 15) c.push('swp.rd-pc');
        return { cls: b(w, 22, 22) ? 'arm.swpb' : 'arm.swp', corners: c };
      }
      return { cls: 'arm.undefined', corners: ['und.misc'] };
    }
    // Extra loads and stores.
    const p = b(w, 24, 24), wb = b(w, 21, 21), l = b(w, 20, 20), sh = b(w, 6, 5);
    const double = !l && sh >= 2;
    const cls = double ? (sh === 2 ? 'arm.ldrd' : 'arm.strd') : l ? ['', 'arm.ldrh', 'arm.ldrsb', 'arm.ldrsh'][sh]! : 'arm.strh';
    if (!p && wb) c.push(double ? 'lsx.d-post-writeback' : 'lsx.user-form');
    if (double && rd & 1) c.push('lsx.d-odd-register');
    if (double && rd === 14) c.push('lsx.d-r14');
    if (!b(w, 22, 22)) c.push('lsx.reg-offset');
    if ((l || sh === 2) && (rd === 15 || (double && rd === 14))) c.push('lsx.load-pc');
    if (sh === 2 && !l && (!p || wb) && (rn === rd || rn === rd + 1)) c.push('lsx.d-writeback-base-loaded');
    return { cls, corners: c };
  }
  if (op3 <= 1 && b(w, 24, 23) === 2 && b(w, 20, 20) === 0) {
    // Miscellaneous: status transfers, BX, CLZ, saturating arithmetic, BKPT, DSP multiplies.
    if (op3 === 1) {
      if (!b(w, 21, 21)) return { cls: 'arm.undefined', corners: ['und.misc'] };
      psrCorners(w, c);
      return { cls: 'arm.msr-imm', corners: c };
    }
    const op = b(w, 22, 21);
    if (b(w, 7, 7) && !b(w, 4, 4)) return { cls: ['arm.smlaxy', b(w, 5, 5) ? 'arm.smulwy' : 'arm.smlawy', 'arm.smlalxy', 'arm.smulxy'][op]!, corners: dspCorners(w, op, c) };
    switch (b(w, 7, 4)) {
      case 0:
        if (op & 1) {
          psrCorners(w, c);
          return { cls: 'arm.msr-reg', corners: c };
        }
        if (b(w, 22, 22)) c.push('psr.spsr-read');
        return { cls: 'arm.mrs', corners: c };
      case 1:
        if (op === 1) return { cls: 'arm.bx', corners: rm === 15 ? ['bx.rm-pc'] : c };
        if (op === 3) return { cls: 'arm.clz', corners: c };
        break;
      case 2:
        if (op === 1) return { cls: 'arm.bxj', corners: rm === 15 ? ['bx.rm-pc'] : c };
        break;
      case 3:
        if (op === 1) return { cls: 'arm.blx-reg', corners: rm === 15 ? ['bx.rm-pc'] : c };
        break;
      case 5:
        return { cls: ['arm.qadd', 'arm.qsub', 'arm.qdadd', 'arm.qdsub'][op]!, corners: c };
      case 7:
        if (op === 1) return { cls: 'arm.bkpt', corners: c };
        break;
      default:
        break;
    }
    return { cls: 'arm.undefined', corners: ['und.misc'] };
  }
  if (op3 <= 1) {
    const op = b(w, 24, 21);
    const s = b(w, 20, 20);
    const compare = op >= 8 && op <= 11;
    if (op3 === 1) {
      c.push('dp.imm');
      if (b(w, 11, 8)) c.push('dp.rotated-imm');
    } else if (b(w, 4, 4)) {
      c.push('dp.reg-shift');
      if (rs === 15) c.push('dp.rs-pc');
    } else {
      c.push('dp.imm-shift');
      const type = b(w, 6, 5), n = b(w, 11, 7);
      if (type === 3 && n === 0) c.push('dp.rrx');
      if ((type === 1 || type === 2) && n === 0) c.push('dp.shift-32');
    }
    if (op3 === 0 && rm === 15) c.push('dp.rm-pc');
    if (rn === 15 && op !== 13 && op !== 15) c.push('dp.rn-pc');
    if (s && !compare) c.push('dp.S');
    if (rd === 15) c.push(compare ? 'dp.compare-rd-pc' : s ? 'dp.rd-pc-S' : 'dp.rd-pc');
    return { cls: `arm.${DP[op]}`, corners: c };
  }
  if (op3 === 2 || (op3 === 3 && !b(w, 4, 4))) {
    const p = b(w, 24, 24), wb = b(w, 21, 21), l = b(w, 20, 20);
    if (!p) c.push(wb ? 'ls.user-form' : 'ls.post');
    else if (wb) c.push('ls.pre-writeback');
    if (op3 === 3) c.push(b(w, 11, 4) === 0 ? 'ls.reg-offset' : 'ls.scaled-offset');
    if (!b(w, 23, 23)) c.push('ls.down');
    if (rn === 15) c.push('ls.rn-pc');
    if (rd === 15) c.push(l ? 'ls.load-pc' : 'ls.store-pc');
    if ((!p || wb) && rn === rd && rn !== 15) c.push('ls.writeback-rn-eq-rd');
    return { cls: `arm.${l ? 'ldr' : 'str'}${b(w, 22, 22) ? 'b' : ''}`, corners: c };
  }
  if (op3 === 3) {
    return { cls: 'arm.undefined', corners: [b(w, 27, 20) === 0x7f && b(w, 7, 4) === 15 ? 'und.architectural' : 'und.media'] };
  }
  if (op3 === 4) {
    const p = b(w, 24, 24), u = b(w, 23, 23), sBit = b(w, 22, 22), wb = b(w, 21, 21), l = b(w, 20, 20);
    const list = w & 0xffff;
    c.push(`block.${u ? 'i' : 'd'}${p ? 'b' : 'a'}`);
    if (wb) c.push('block.writeback');
    if (wb && list & (1 << rn)) c.push(l ? 'block.load-base-in-list-writeback' : 'block.store-base-in-list-writeback');
    if (sBit && !(l && list & 0x8000)) c.push(wb ? 'block.user-bank-writeback' : 'block.user-bank');
    if (sBit && l && list & 0x8000) c.push('block.exception-return');
    if (list & 0x8000) c.push(l ? 'block.load-pc' : 'block.store-pc');
    if (list === 0) c.push('block.empty-list');
    if (list !== 0 && (list & (list - 1)) === 0) c.push('block.one-register');
    if (rn === 15) c.push('block.rn-pc');
    return { cls: l ? 'arm.ldm' : 'arm.stm', corners: c };
  }
  if (op3 === 5) return { cls: b(w, 24, 24) ? 'arm.bl' : 'arm.b', corners: c };
  if (op3 === 6) return { cls: 'arm.undefined', corners: ['und.coprocessor'] };
  if (b(w, 24, 24)) return { cls: 'arm.swi', corners: c };
  if (!b(w, 4, 4) || b(w, 11, 8) !== 15) return { cls: 'arm.undefined', corners: ['und.coprocessor'] };
  if (b(w, 20, 20) && rd === 15) c.push('cp15.rd-pc');
  return { cls: b(w, 20, 20) ? 'arm.mrc' : 'arm.mcr', corners: c };
}

function psrCorners(w: number, c: string[]): void {
  if (b(w, 22, 22)) c.push('psr.spsr-write');
  const mask = b(w, 19, 16);
  if (mask & 1) c.push('psr.control-write');
  else if (mask === 8) c.push('psr.flags-only');
}

function dspCorners(w: number, op: number, c: string[]): string[] {
  if (op === 2 && b(w, 19, 16) === b(w, 15, 12)) c.push('mul.rdhi-eq-rdlo');
  return c;
}

const EXCEPTION_CORNER: Record<string, string> = {
  undefined: 'exc.undefined', swi: 'exc.swi', 'prefetch-abort': 'exc.prefetch-abort', 'data-abort': 'exc.data-abort', irq: 'exc.irq', fiq: 'exc.fiq',
};

/** Everything a complete run of both states must hit. */
export const REQUIRED_COVERAGE = {
  classes: [...ARM_CLASSES, ...THUMB_CLASSES],
  corners: [...ARM_CORNERS, ...THUMB_CORNERS],
} as const;

/** Hit counts per class and per corner, accumulated over retirements (and runs). */
export class Coverage {
  readonly classes = new Map<string, number>();
  readonly corners = new Map<string, number>();

  private bump(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  /** Record one retired instruction with its effects on the reference model. */
  record(word: number, e: StepEffects): void {
    if (e.pc === undefined) this.recordInterrupt(e);
    else if (e.thumb) this.recordThumb(word, e);
    else this.recordArm(word, e);
  }

  /** An interrupt taken between instructions: which, and the state it interrupted (SPSR.T). */
  private recordInterrupt(e: StepEffects): void {
    if (e.exception !== 'irq' && e.exception !== 'fiq') return;
    this.bump(this.corners, `exc.${e.exception}`);
    if ((e.spsrWrite ?? 0) & 0x20) this.bump(this.corners, 'thumb.exc.interrupt');
  }

  private recordThumb(hw: number, e: StepEffects): void {
    const { cls, corners } = classifyThumb(hw);
    this.bump(this.classes, cls);
    for (const k of corners) this.bump(this.corners, k);
    if (e.pc !== undefined && e.pc & 2) this.bump(this.corners, 'thumb.upper-halfword');
    if (!e.executed && e.exception === undefined) this.bump(this.corners, 'thumb.cond-failed');
    if (e.exception && e.exception !== 'irq' && e.exception !== 'fiq') this.bump(this.corners, `thumb.exc.${e.exception}`);
    const mode = MODES[e.mode & 0x1f];
    if (mode) this.bump(this.corners, `thumb.mode.${mode}`);
    const arm = (e.cpsrAfter & 0x20) === 0 && e.exception === undefined;
    if (/\.(bx|blx-reg)$/.test(cls)) this.bump(this.corners, arm ? 'thumb.bx-to-arm' : 'thumb.bx-to-thumb');
    if (cls === 'thumb.pop' && corners.includes('thumb.pop-pc') && arm) this.bump(this.corners, 'thumb.pop-pc-to-arm');
    for (const m of e.memory) if ((m.size === 4 && m.virtualAddress & 3) || (m.size === 2 && m.virtualAddress & 1)) this.bump(this.corners, 'thumb.misaligned');
  }

  private recordArm(word: number, e: StepEffects): void {
    const { cls, corners } = classifyArm(word);
    this.bump(this.classes, cls);
    for (const k of corners) this.bump(this.corners, k);
    if (e.executed && e.exception === undefined && (e.cpsrAfter & 0x20) !== 0) {
      this.bump(this.corners, 'arm.to-thumb');
      if (corners.includes('dp.rd-pc-S') || corners.includes('block.exception-return')) this.bump(this.corners, 'arm.exception-return-to-thumb');
    }
    this.recordDynamic(cls, e);
  }

  private recordDynamic(cls: string, e: StepEffects): void {
    if (!e.executed && e.exception === undefined) this.bump(this.corners, 'cond.failed');
    if (e.exception) this.bump(this.corners, EXCEPTION_CORNER[e.exception] ?? `exc.${e.exception}`);
    const mode = MODES[e.mode & 0x1f];
    if (mode) this.bump(this.corners, `mode.${mode}`);
    if (mode === 'usr' && e.exception === 'undefined' && /\.(mcr|mrc)$/.test(cls)) this.bump(this.corners, 'cp15.user-mode');
    if (mode === 'usr' && /\.(msr|mrs)/.test(cls)) this.bump(this.corners, 'psr.user-mode');
    if (e.executed && e.exception !== 'undefined' && /\.bx|\.blx-reg|\.bxj/.test(cls) && (e.cpsrAfter & 0x20) === 0) this.bump(this.corners, 'bx.to-arm');
    for (const m of e.memory) {
      const a = m.virtualAddress;
      if (/\.(ldr|str)$/.test(cls) && m.size === 4 && a & 3) this.bump(this.corners, 'ls.misaligned-word');
      if (/\.(ldrh|strh|ldrsh)$/.test(cls) && a & 1) this.bump(this.corners, 'lsx.misaligned-half');
      if (/\.swpb?$/.test(cls) && m.size === 4 && a & 3) this.bump(this.corners, 'swp.misaligned');
    }
  }

  /** Classes and corners of `required` with no hit. */
  missing(required: { readonly classes: readonly string[]; readonly corners: readonly string[] }): string[] {
    return [...required.classes.filter((k) => !this.classes.get(k)), ...required.corners.filter((k) => !this.corners.get(k))];
  }

  merge(other: Coverage): void {
    for (const [k, v] of other.classes) this.classes.set(k, (this.classes.get(k) ?? 0) + v);
    for (const [k, v] of other.corners) this.corners.set(k, (this.corners.get(k) ?? 0) + v);
  }

  /** The report: every required class and corner with its hits (zeros marked), then the extras seen. */
  report(required: { readonly classes: readonly string[]; readonly corners: readonly string[] }): string {
    const line = (k: string, n: number | undefined): string => `  ${(n ? '' : '** ') + k}`.padEnd(44) + String(n ?? 0).padStart(8);
    const extra = (map: Map<string, number>, listed: readonly string[]): string[] =>
      [...map.keys()].filter((k) => !listed.includes(k)).sort().map((k) => line(k, map.get(k)));
    const totalRetired = [...this.classes.values()].reduce((s, n) => s + n, 0);
    const missing = this.missing(required);
    return [
      `lockstep coverage: ${totalRetired} instructions, ${required.classes.length} classes, ${required.corners.length} corners, ${missing.length} not hit${missing.length ? ` (${missing.join(', ')})` : ''}`,
      'decode classes:',
      ...required.classes.map((k) => line(k, this.classes.get(k))),
      ...extra(this.classes, required.classes),
      'corner forms:',
      ...required.corners.map((k) => line(k, this.corners.get(k))),
      ...extra(this.corners, required.corners),
    ].join('\n');
  }
}
