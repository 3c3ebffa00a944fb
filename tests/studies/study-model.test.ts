// Study descriptions and points are validated (the field is named) and hashed canonically.
import { describe, expect, it } from 'vitest';
import { findStudy, STUDIES } from '../../testbench/studies/catalog.ts';
import { canonicalJson } from '../../testbench/studies/canonical-json.ts';
import { pointHash, validatePoint } from '../../testbench/studies/point.ts';
import { expandStudy, validateStudy, type StudyDef } from '../../testbench/studies/study.ts';
import { logTicks, xPositions } from '../../testbench/studies/svg-plot.ts';

const smoke = findStudy('smoke')!;

describe('study descriptions', () => {
  it('every shipped study is valid', () => {
    for (const s of STUDIES) expect(() => validateStudy(s), s.name).not.toThrow();
    expect(expandStudy(findStudy('mrs-words')!).length).toBe(7 * 17);
  });

  it.each<[string, Partial<StudyDef>, RegExp]>([
    ['unknown knob', { knobs: [{ name: 'colour' as 'words', values: [1] }] }, /study\.knobs\[0\]\.name: "colour" is not a knob/],
    ['empty range', { knobs: [{ name: 'words', values: [] }], plots: [] }, /study\.knobs\[0\]\.values: at least one value/],
    ['bad value', { knobs: [{ name: 'registerMrs', values: [7] }], plots: [] }, /point\.registerMrs: 7 is not allowed/],
    ['bad hardware', { knobs: [{ name: 'cacheKB', values: [3] }], plots: [] }, /config\.icache\.sizeBytes: 3072/],
    ['plot of an unswept knob', { plots: [{ x: 'spaces', y: 'hotCycles', title: 't' }] }, /study\.plots\[0\]\.x/],
    ['unknown metric', { metrics: ['speed' as 'hotCycles'] }, /study\.metrics\[0\]: "speed" is not a metric/],
    // The audit's F9: values were converted with Number() ("" ran as 0, "0x10" as 16, "abc" as null).
    ['empty text as wait states', { knobs: [{ name: 'ramWaitStates', values: ['', 1] }], plots: [] }, /^study\.knobs\[0\]\.values\[0\]: "" is not a number \(ramWaitStates takes numbers\)$/],
    ['hex text as a cache size', { knobs: [{ name: 'cacheKB', values: ['0x10'] }], plots: [] }, /^study\.knobs\[0\]\.values\[0\]: "0x10" is not a number/],
    ['text and number of one size', { knobs: [{ name: 'cacheKB', values: [16, '16'] }], plots: [] }, /^study\.knobs\[0\]\.values\[1\]: "16" is not a number/],
    ['a word as a cache size', { knobs: [{ name: 'cacheKB', values: ['abc', 16] }], plots: [] }, /^study\.knobs\[0\]\.values\[0\]: "abc" is not a number/],
    ['a number as a design', { knobs: [{ name: 'design', values: [1] }], plots: [] }, /^study\.knobs\[0\]\.values\[0\]: 1 is not a text/],
    ['two spellings of one fast-forward point', { knobs: [{ name: 'fastForward', values: ['ipc_entry', 'ipc_entry:1'] }], plots: [] }, /^study\.knobs\[0\]\.values: "ipc_entry" and "ipc_entry:1" are the same fastForward$/],
    ['an unknown field of a knob', { knobs: [{ name: 'words', values: [0], step: 2 } as never], plots: [] }, /^study\.knobs\[0\]\.step: unknown field \(allowed: name, values\)$/],
    ['an unknown field of a plot', { plots: [{ x: 'words', y: 'hotCycles', title: 't', colour: 'red' } as never] }, /^study\.plots\[0\]\.colour: unknown field/],
    ['logY as text', { plots: [{ x: 'words', y: 'hotCycles', title: 't', logY: 'yes' as never }] }, /^study\.plots\[0\]\.logY: expected true or false, got "yes"$/],
    ['a metric twice', { metrics: ['hotCycles', 'hotCycles'] }, /^study\.metrics\[1\]: hotCycles twice$/],
  ])('%s is rejected naming the field', (_, change, message) => {
    expect(() => validateStudy({ ...smoke, ...change })).toThrow(message);
  });

  it('a point hashes the same whatever the key order and however defaults are spelled', () => {
    const a = validatePoint({ words: 3, hardware: { tlb: { entries: 64 } } });
    const b = validatePoint({ hardware: {}, words: 3 });
    expect(pointHash(a)).toBe(pointHash(b));
    expect(pointHash(validatePoint({ words: 4 }))).not.toBe(pointHash(a));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 1 }] })).toBe('{"a":[{"c":1,"d":2}],"b":1}');
  });

  it('plot axes: sizes one step per doubling, counts linear, text even; log ticks cover the data', () => {
    expect(xPositions([4, 8, 16, 64])).toEqual([0, 0.25, 0.5, 1]);
    expect(xPositions([2, 3, 5, 7])).toEqual([0, 0.2, 0.6, 1]);
    expect(xPositions([0, 16, 64])).toEqual([0, 0.25, 1]);
    expect(xPositions(['full', 'fcse', 'asid'])).toEqual([0, 0.5, 1]);
    expect(logTicks(115, 18508)).toEqual([100, 200, 500, 1000, 2000, 5000, 10000, 20000]);
  });
});
