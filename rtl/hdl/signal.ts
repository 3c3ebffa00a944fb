// Signals: named values that live in the simulator's flat store (a Uint32Array indexed by slot).
// A signal object is only a handle (store + slot), so commit and VCD diffing are loops over the
// store, and reading or writing a signal is one typed-array access.
import { SignalWidthError } from './errors.ts';
import { checkName, checkWidth, topWordOverflowMask, wordsFor } from './naming.ts';

/** What declares a signal: its module's hierarchical path is part of every error message. */
export interface SignalOwner {
  readonly path: string;
}

export type SignalKind = 'input' | 'output' | 'wire' | 'reg';

const UNBOUND = new Uint32Array(0);

/** Common part of numeric signals: declaration data and the slot assigned at elaboration. */
export abstract class SignalBase {
  /** The store and slot; set once by the simulator at elaboration. */
  s: Uint32Array = UNBOUND;
  i = -1;
  /** Bits above `width` in the top word: a written value must have none of them set. */
  readonly overflow: number;
  readonly words: number;

  constructor(
    readonly owner: SignalOwner,
    readonly name: string,
    readonly width: number,
    readonly kind: SignalKind,
  ) {
    const what = `${owner.path}.${name}`;
    checkName(name, `signal ${what}`);
    checkWidth(width, `signal ${what}`);
    this.overflow = topWordOverflowMask(width);
    this.words = wordsFor(width);
  }

  get path(): string {
    return `${this.owner.path}.${this.name}`;
  }

  widthError(value: number | bigint): never {
    throw new SignalWidthError(
      `${this.path} is ${this.width} bit${this.width === 1 ? '' : 's'} wide; value 0x${(typeof value === 'bigint' ? value : value >>> 0).toString(16)} does not fit`,
    );
  }
}

/** A signal of 1..32 bits, read and written as an unsigned number through `v`. */
export class Signal extends SignalBase {
  constructor(owner: SignalOwner, name: string, width: number, kind: SignalKind) {
    super(owner, name, width, kind);
    if (width > 32) throw new SignalWidthError(`${this.path}: ${width} bits needs WideSignal (Signal holds at most 32)`);
  }

  /** Current value, unsigned. */
  get v(): number {
    return this.s[this.i]!;
  }

  /**
   * Drive the value (combinational logic). The width is checked in check mode only (its recording
   * accessor, access-recording.ts), so this setter stays small enough for V8 to inline.
   */
  set v(x: number) {
    this.s[this.i] = x;
  }

  /** True when the value is not zero: for 1-bit control signals. */
  get on(): boolean {
    return this.s[this.i] !== 0;
  }
}

/**
 * A clocked register: `v` reads the value latched at the last clock edge; clocked logic writes
 * `next`. Every register takes its `next` at the edge, all at once, so the order in which clocked
 * logic runs cannot matter. A register nobody writes keeps its value.
 */
export class Reg extends Signal {
  /** The next-value store, parallel to `s`. */
  n: Uint32Array = UNBOUND;

  constructor(owner: SignalOwner, name: string, width: number, readonly resetValue: number) {
    super(owner, name, width, 'reg');
    if (!Number.isInteger(resetValue) || resetValue < 0 || resetValue > 0xffff_ffff || (resetValue & this.overflow) !== 0) {
      throw new SignalWidthError(`${this.path}: reset value ${String(resetValue)} does not fit ${width} bits`);
    }
  }

  override get v(): number {
    return this.s[this.i]!;
  }

  override set v(_x: number) {
    throw new SignalWidthError(`${this.path} is a register: write .next in clocked logic, not .v`);
  }

  get next(): number {
    return this.n[this.i]!;
  }

  /** Checked for width in check mode, at the edge (simulator.ts), not here: see `Signal.v`. */
  set next(x: number) {
    this.n[this.i] = x;
  }
}

/** A signal wider than 32 bits, held as little-endian 32-bit words. */
export class WideSignal extends SignalBase {
  constructor(owner: SignalOwner, name: string, width: number, kind: Exclude<SignalKind, 'reg'>) {
    super(owner, name, width, kind);
  }

  word(k: number): number {
    return this.s[this.i + k]!;
  }

  setWord(k: number, x: number): void {
    if (k < 0 || k >= this.words) throw new SignalWidthError(`${this.path}: word ${k} out of 0..${this.words - 1}`);
    if (k === this.words - 1 && (x & this.overflow) !== 0) this.widthError(x);
    this.s[this.i + k] = x;
  }

  get big(): bigint {
    let value = 0n;
    for (let k = this.words - 1; k >= 0; k--) value = (value << 32n) | BigInt(this.s[this.i + k]!);
    return value;
  }

  set big(x: bigint) {
    if (x < 0n || x >> BigInt(this.width) !== 0n) this.widthError(x);
    for (let k = 0; k < this.words; k++) {
      this.s[this.i + k] = Number((x >> BigInt(32 * k)) & 0xffff_ffffn);
    }
  }
}

/**
 * A text signal: an instruction's disassembly, a phase name. It appears in the waveform as text
 * (see testbench/trace for the encoding). Values live in the simulator's string store.
 */
export class TextSignal {
  t: string[] = [];
  i = -1;

  constructor(
    readonly owner: SignalOwner,
    readonly name: string,
  ) {
    checkName(name, `text signal ${owner.path}.${name}`);
  }

  get path(): string {
    return `${this.owner.path}.${this.name}`;
  }

  get v(): string {
    return this.t[this.i]!;
  }

  set v(x: string) {
    this.t[this.i] = x;
  }
}

export type AnySignal = Signal | WideSignal;
