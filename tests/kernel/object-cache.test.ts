// The on-disk cache of assembled objects (kernel/object-cache.ts): an object read back is the one
// assembled (the kernel linked from either gives the same ELF, byte for byte); a changed include,
// an include that appears earlier on the search path, a changed text, symbol or toolchain each
// assemble again; a damaged record is reported, removed and replaced; a failed assembly keeps
// nothing; the directory stays bounded.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, KERNEL_SOURCES, KERNEL_SRC_DIR, kernelDefsyms } from '../../kernel/build.ts';
import { ObjectCache, objectKey } from '../../kernel/object-cache.ts';
import { assemble, link, writeElf, type ObjectFile } from '../../kernel/toolchain/index.ts';

const tempDir = (tag: string): string => mkdtempSync(join(tmpdir(), `handoff-objcache-${tag}-`));

/** A cache in `dir` that counts its assemblies and collects its warnings. */
function counted(dir: string, maxEntries?: number) {
  const warnings: string[] = [];
  const cache = new ObjectCache(dir, (m) => warnings.push(m), maxEntries);
  let assembled = 0;
  const get = (text: string, file: string, defsym: Record<string, number> = {}, dirs: readonly string[] = []): ObjectFile =>
    cache.getOrAssemble(cache.key(text, file, defsym, dirs), (hooks) => {
      assembled++;
      return assemble(text, { file, defsym, includeDirs: [...dirs], ...hooks });
    });
  return { cache, warnings, get, assembled: () => assembled };
}

const word = (o: ObjectFile): number => new DataView(o.sections.find((s) => s.name === '.text')!.data.buffer).getUint32(0, true);

describe('object cache', () => {
  it('gives back the kernel as assembled: the same objects, the same linked ELF', () => {
    const dir = tempDir('kernel');
    const defsym = kernelDefsyms(DEFAULT_CONFIG, 2, 2);
    const sources = KERNEL_SOURCES.map((n) => ({ file: join(KERNEL_SRC_DIR, n), text: readFileSync(join(KERNEL_SRC_DIR, n), 'utf8') }));
    const first = counted(dir);
    const made = sources.map((s) => first.get(s.text, s.file, defsym, [KERNEL_SRC_DIR]));
    expect(first.assembled()).toBe(KERNEL_SOURCES.length);
    // A new cache object (no memory of the first): every object comes from disk.
    const second = counted(dir);
    const read = sources.map((s) => second.get(s.text, s.file, defsym, [KERNEL_SRC_DIR]));
    expect(second.assembled()).toBe(0);
    expect(second.warnings).toEqual([]);
    expect(read).toEqual(made);
    const fresh = sources.map((s) => assemble(s.text, { file: s.file, defsym, includeDirs: [KERNEL_SRC_DIR] }));
    // The boot description (generated per system) is stood in for by a stub defining what it would.
    const defined = new Set(made.flatMap((o) => o.symbols.filter((s) => s.global).map((s) => s.name)));
    const missing = [...new Set(made.flatMap((o) => o.undefinedSymbols))].filter((n) => !defined.has(n));
    const stub = assemble(`.data\n${missing.map((n) => `.global ${n}\n${n}: .word 0\n`).join('')}`, { file: 'stub.S' });
    const elf = (objs: ObjectFile[]): Uint8Array => writeElf(link([...objs, stub], { sections: [{ name: '.text', address: 0xc0000000 }], entry: '_start' }));
    expect(Buffer.from(elf(read)).equals(Buffer.from(elf(fresh)))).toBe(true);
  });

  it('assembles again when an included file changes, or one appears earlier on the search path', () => {
    const dir = tempDir('inc');
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    mkdirSync(first);
    mkdirSync(second);
    writeFileSync(join(second, 'value.inc'), '.set VALUE, 1\n');
    const text = '.include "value.inc"\n.word VALUE\n';
    const c = counted(join(dir, 'cache'));
    const file = join(dir, 'main.S');
    expect(word(c.get(text, file, {}, [first, second]))).toBe(1);
    expect(word(counted(join(dir, 'cache')).get(text, file, {}, [first, second]))).toBe(1);
    writeFileSync(join(second, 'value.inc'), '.set VALUE, 2\n');
    const again = counted(join(dir, 'cache'));
    expect(word(again.get(text, file, {}, [first, second]))).toBe(2);
    expect(again.assembled()).toBe(1);
    // The first directory was searched and had no such file: now it has one, which wins.
    writeFileSync(join(first, 'value.inc'), '.set VALUE, 3\n');
    const third = counted(join(dir, 'cache'));
    expect(word(third.get(text, file, {}, [first, second]))).toBe(3);
    expect(third.assembled()).toBe(1);
  });

  it('names an object by its toolchain, text, file, symbols and include directories', () => {
    const base = objectKey('tools', '.word X\n', 'a.S', { X: 1, Y: 2 }, ['d']);
    expect(objectKey('tools', '.word X\n', 'a.S', { Y: 2, X: 1 }, ['d'])).toBe(base); // symbol order does not matter
    for (const other of [
      objectKey('tools2', '.word X\n', 'a.S', { X: 1, Y: 2 }, ['d']),
      objectKey('tools', '.word X \n', 'a.S', { X: 1, Y: 2 }, ['d']),
      objectKey('tools', '.word X\n', 'b.S', { X: 1, Y: 2 }, ['d']),
      objectKey('tools', '.word X\n', 'a.S', { X: 1, Y: 3 }, ['d']),
      objectKey('tools', '.word X\n', 'a.S', { X: 1 }, ['d']),
      objectKey('tools', '.word X\n', 'a.S', { X: 1, Y: 2 }, ['d', 'e']),
    ]) expect(other).not.toBe(base);
  });

  it('reports a damaged record, removes it and assembles again; keeps nothing for a failed assembly', () => {
    const dir = tempDir('bad');
    const c = counted(dir);
    c.get('.word 7\n', 'x.S');
    const [name] = readdirSync(dir);
    writeFileSync(join(dir, name!), '{"format":1,"key":"');
    const d = counted(dir);
    expect(word(d.get('.word 7\n', 'x.S'))).toBe(7);
    expect(d.assembled()).toBe(1);
    expect(d.warnings.join('\n')).toMatch(/removed, the source is assembled again/);
    expect(JSON.parse(readFileSync(join(dir, name!), 'utf8')).key).toBe(name!.replace(/\.json$/, ''));
    expect(() => d.get('.word nosuchsymbol + \n', 'y.S')).toThrow();
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('a directory that cannot be written is said once; every object is still assembled', () => {
    const dir = tempDir('ro');
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'a file where the cache directory would be\n');
    const c = counted(blocker);
    for (let k = 0; k < 3; k++) expect(word(c.get(`.word ${k}\n`, 'r.S'))).toBe(k);
    expect(c.assembled()).toBe(3);
    expect(c.warnings.length).toBe(1);
    expect(c.warnings[0]).toMatch(/build cache: .* not written .*this process keeps no more objects on disk/);
  });

  it('stays bounded: past its limit the least recently used records go (a hit counts as a use)', () => {
    const dir = tempDir('prune');
    const c = counted(dir, 8);
    // Eight records, each used a second after the one before (times set: no two alike).
    for (let k = 0; k < 8; k++) {
      c.get(`.word ${k}\n`, 'p.S');
      const f = join(dir, `${c.cache.key(`.word ${k}\n`, 'p.S', {}, [])}.json`);
      utimesSync(f, 1_600_000_000 + k, 1_600_000_000 + k);
    }
    expect(readdirSync(dir).length).toBe(8);
    // The oldest is used again (read by a new cache: from disk), then a ninth record takes it past 8: down to 4.
    expect(word(counted(dir, 8).get('.word 0\n', 'p.S'))).toBe(0);
    c.get('.word 8\n', 'p.S');
    expect(readdirSync(dir).length).toBe(4);
    const d = counted(dir, 8);
    for (const k of [0, 8, 7, 6]) expect(word(d.get(`.word ${k}\n`, 'p.S'))).toBe(k);
    expect(d.assembled()).toBe(0);
    expect(word(d.get('.word 1\n', 'p.S'))).toBe(1);
    expect(d.assembled()).toBe(1);
  });
});
