// The emitter writes each one-word signal's identifier tail (" <id>\n", "<id>\n") as one or two
// 32-bit stores when every tail fits 8 bytes, and byte by byte otherwise. Both paths against a
// plain formatter, on generated frames, with identifiers of 1 to 7 characters (tails of 2 to 9
// bytes: one store, two stores, and a plan that falls back to the byte loop).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteBuffer } from '../../testbench/trace/byte-buffer.ts';
import { MemorySink } from '../../testbench/trace/byte-sink.ts';
import { VcdEmitter, type FrameSource } from '../../testbench/trace/vcd-emitter.ts';
import type { VcdPlan } from '../../testbench/trace/vcd-plan.ts';
import { TEST_SEED } from '../support/seed.ts';

const PERIOD = 10;

/** A plan of one-word signals only: signal k at slot k, one bit when `oneBit[k]`, identifier `ids[k]`. */
function planOf(ids: readonly string[], oneBit: readonly boolean[]): VcdPlan {
  return {
    header: '$enddefinitions $end\n', period: PERIOD, from: 0, to: Number.POSITIVE_INFINITY, textEncoding: 'string', textChars: 32,
    clkId: '!', rstId: '"',
    narrow: ids.map((id, k) => ({ slot: k, oneBit: oneBit[k]!, tail: oneBit[k] ? `${id}\n` : ` ${id}\n` })),
    wide: [], texts: [], mems: [], variables: [],
  };
}

/** What the emitter must write for these frames, formatted the plain way. */
function expected(plan: VcdPlan, frames: readonly (readonly number[])[]): string {
  let out = plan.header;
  let last: readonly number[] = [];
  frames.forEach((frame, f) => {
    out += `#${f * PERIOD}\n`;
    if (f === 0) out += '$dumpvars\n1!\n0"\n';
    else out += '1!\n';
    plan.narrow.forEach((n, k) => {
      const v = frame[k]!;
      if (f > 0 && v === last[k]) return;
      out += n.oneBit ? `${v & 1}${n.tail}` : `b${v.toString(2)}${n.tail}`;
    });
    if (f === 0) out += '$end\n';
    out += `#${f * PERIOD + PERIOD / 2}\n0!\n`;
    last = frame;
  });
  return `${out}#${frames.length * PERIOD}\n`;
}

function emitted(plan: VcdPlan, frames: readonly (readonly number[])[]): string {
  const store = new Uint32Array(plan.narrow.length);
  const source: FrameSource = { store, textStore: [], resetActive: false, memoryData: () => new Uint32Array(0), drainDirty: () => undefined };
  const sink = new MemorySink();
  const emitter = new VcdEmitter(plan, source, new ByteBuffer(sink, 1 << 16));
  frames.forEach((frame, f) => {
    frame.forEach((v, k) => (store[k] = v));
    emitter.sample(f);
  });
  emitter.finish();
  return sink.text();
}

const idChars = fc.constantFrom(...'!#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~');

describe('VCD emitter: identifier tails', () => {
  it.each([
    ['every tail within 8 bytes (one or two word stores)', 6],
    ['a tail longer than 8 bytes (the byte loop)', 7],
  ] as const)('%s: the bytes of a plain formatter', (_, longest) => {
    const signals = fc.array(fc.record({ id: fc.string({ unit: idChars, minLength: 1, maxLength: longest }), oneBit: fc.boolean() }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(signals, fc.array(fc.nat(), { minLength: 12 * 6, maxLength: 12 * 6 }), fc.nat({ max: 5 }), (sigs, values, repeat) => {
        const ids = sigs.map((s) => s.id);
        if (longest === 7) ids[0] = 'abcdefg'; // at least one 9-byte tail
        const plan = planOf(ids, sigs.map((s) => s.oneBit));
        // Six frames; a frame repeats some values of the one before it, so some signals do not change.
        const frames = Array.from({ length: 6 }, (_, f) => sigs.map((_, k) => (f > 0 && (k + f) % (repeat + 2) === 0 ? values[(f - 1) * 12 + k]! : values[f * 12 + k]!) >>> 0));
        expect(emitted(plan, frames)).toBe(expected(plan, frames));
      }),
      { seed: TEST_SEED, numRuns: 150 },
    );
  });
});
