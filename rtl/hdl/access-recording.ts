// Recording which signals combinational logic reads and writes, with nothing added to the plain
// `Signal.v` (no flag test on the fast path). The recording subclasses report each access to the
// active sink. Elaboration installs their accessors on the plain prototypes for its recording
// passes and puts the originals back (withRecordingAccessors); check mode swaps its own signals'
// prototypes to the recording classes for the whole run, so every cycle's accesses are verified.
import { Signal, TextSignal, WideSignal, type AnySignal, type SignalBase } from './signal.ts';

/**
 * Receives accesses while comb logic runs. A node is a net's first store slot for numeric signals
 * and `storeLength + index` for text signals.
 */
export interface AccessSink {
  read(node: number): void;
  write(node: number): void;
}

// The sink of the comb block now running; null outside comb evaluation (clock(), testbench
// peeks and pokes through a recorded signal are not comb accesses).
let active: AccessSink | null = null;
let textBase = 0;

/** Route recorded accesses to `sink` (null: stop); `storeLength` numbers text nodes after slots. */
export function setAccessSink(sink: AccessSink | null, storeLength = 0): void {
  active = sink;
  textBase = storeLength;
}

/**
 * Comb logic that writes signals straight into the store (bypassing `v`, for speed) reports them
 * here, so recording and check mode see those writes too. One null test when not recording.
 */
export function noteDirectWrites(signals: readonly SignalBase[]): void {
  if (active === null) return;
  for (let k = 0; k < signals.length; k++) active.write(signals[k]!.i);
}

/** The reads of such logic (straight from the store), reported likewise. */
export function noteDirectReads(signals: readonly SignalBase[]): void {
  if (active === null) return;
  for (let k = 0; k < signals.length; k++) active.read(signals[k]!.i);
}

const plainBig = Object.getOwnPropertyDescriptor(WideSignal.prototype, 'big')!;
const plainText = Object.getOwnPropertyDescriptor(TextSignal.prototype, 'v')!;
// Captured, not reached through `super`: withRecordingAccessors installs these classes' methods on
// the plain prototypes, where `super` would find the recording method itself.
const plainWord = WideSignal.prototype.word;
const plainSetWord = WideSignal.prototype.setWord;

// The plain accessors' bodies, repeated rather than called through `.call`: check mode runs every
// access of every cycle through these.
class RecordedSignal extends Signal {
  override get v(): number {
    if (active !== null) active.read(this.i);
    return this.s[this.i]!;
  }
  override set v(x: number) {
    if ((x & this.overflow) !== 0) this.widthError(x);
    this.s[this.i] = x;
    if (active !== null) active.write(this.i);
  }
  override get on(): boolean {
    if (active !== null) active.read(this.i);
    return this.s[this.i] !== 0;
  }
}

class RecordedWideSignal extends WideSignal {
  override word(k: number): number {
    active?.read(this.i);
    return plainWord.call(this, k);
  }
  override setWord(k: number, x: number): void {
    plainSetWord.call(this, k, x);
    active?.write(this.i);
  }
  override get big(): bigint {
    active?.read(this.i);
    return plainBig.get!.call(this) as bigint;
  }
  override set big(x: bigint) {
    plainBig.set!.call(this, x);
    active?.write(this.i);
  }
}

class RecordedTextSignal extends TextSignal {
  override get v(): string {
    active?.read(textBase + this.i);
    return plainText.get!.call(this) as string;
  }
  override set v(x: string) {
    plainText.set!.call(this, x);
    active?.write(textBase + this.i);
  }
}

const patched: ReadonlyArray<readonly [object, object]> = [
  [Signal.prototype, RecordedSignal.prototype],
  [WideSignal.prototype, RecordedWideSignal.prototype],
  [TextSignal.prototype, RecordedTextSignal.prototype],
];

/**
 * Run `f` with the plain classes' own accessors replaced by the recording ones, then put the
 * originals back. Signal objects keep their hidden class, so after recording every `.v` site in
 * comb logic sees the same single class as before (swapping instances' prototypes instead left
 * those sites polymorphic and untraced simulation measurably slower). Registers, whose class
 * overrides `v`, are unaffected; their `on` is recorded and filtered out by the sink.
 */
export function withRecordingAccessors<T>(f: () => T): T {
  const saved = patched.map(([plain, recorded]) => {
    const own = Object.getOwnPropertyNames(recorded).filter((n) => n !== 'constructor');
    const originals = own.map((n) => [n, Object.getOwnPropertyDescriptor(plain, n)!] as const);
    for (const n of own) Object.defineProperty(plain, n, Object.getOwnPropertyDescriptor(recorded, n)!);
    return [plain, originals] as const;
  });
  try {
    return f();
  } finally {
    for (const [plain, originals] of saved) for (const [n, d] of originals) Object.defineProperty(plain, n, d);
  }
}

/** Swap the wires' and texts' prototypes to the recording ones (registers need none: see caller). */
export function startRecording(wires: readonly AnySignal[], texts: readonly TextSignal[]): void {
  for (const s of wires) Object.setPrototypeOf(s, s instanceof WideSignal ? RecordedWideSignal.prototype : RecordedSignal.prototype);
  for (const t of texts) Object.setPrototypeOf(t, RecordedTextSignal.prototype);
}

/** Give the signals their plain prototypes back. */
export function stopRecording(wires: readonly AnySignal[], texts: readonly TextSignal[]): void {
  for (const s of wires) Object.setPrototypeOf(s, s instanceof WideSignal ? WideSignal.prototype : Signal.prototype);
  for (const t of texts) Object.setPrototypeOf(t, TextSignal.prototype);
}
