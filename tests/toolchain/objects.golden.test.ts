// ELF relocatable objects against GNU binutils: our .o files are byte-identical to GNU as's, and
// GNU ld links them, alone or mixed with GNU as's, into executables identical to all-GNU builds (the kernel's own sources, and generated pairs
// of files calling and referencing each other in ARM and Thumb state with every relocation type we
// write); our linker reads GNU's .o files into the same image as from ours, and the same image as
// GNU ld where no interworking veneer is involved.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { assemble, link, readElf, readObject, writeObject, type LinkedImage, type ObjectFile } from '../../kernel/toolchain/index.ts';
import { DEFAULT_CONFIG, KERNEL_SOURCES, KERNEL_SRC_DIR, kernelDefsyms } from '../../kernel/build.ts';
import { goldenGate } from '../support/golden.ts';
import { seededSamples, withSeed } from './seeded.ts';

const gate = goldenGate('toolchain: objects vs GNU as/ld', ['arm-none-eabi-as', 'arm-none-eabi-ld']);
const RUNS = Number(process.env.HANDOFF_GOLDEN_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'handoff-obj-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEXT = 0x10000;
const DATA = 0x80000;
const BSS = 0x90000;

interface Unit {
  readonly name: string;
  readonly text: string;
  readonly defsym?: Readonly<Record<string, number>>;
  readonly includeDir?: string;
}

function gnuObject(u: Unit): string {
  const src = join(dir, `${u.name}.s`);
  const out = join(dir, `${u.name}.gnu.o`);
  writeFileSync(src, u.text);
  const defs = Object.entries(u.defsym ?? {}).flatMap(([k, v]) => ['--defsym', `${k}=${v}`]);
  execFileSync('arm-none-eabi-as', ['-march=armv5te', ...defs, ...(u.includeDir ? ['-I', u.includeDir] : []), src, '-o', out], { stdio: 'pipe' });
  return out;
}

function ourObject(u: Unit): { path: string; obj: ObjectFile } {
  const obj = assemble(u.text, { file: `${u.name}.s`, ...(u.defsym ? { defsym: u.defsym } : {}), ...(u.includeDir ? { includeDirs: [u.includeDir] } : {}) });
  const path = join(dir, `${u.name}.our.o`);
  writeFileSync(path, writeObject(obj));
  return { path, obj };
}

function gnuLink(objects: readonly string[], name: string): LinkedImage {
  const out = join(dir, `${name}.elf`);
  execFileSync('arm-none-eabi-ld', ['-Ttext', `0x${TEXT.toString(16)}`, '-Tdata', `0x${DATA.toString(16)}`, '-Tbss', `0x${BSS.toString(16)}`, '-e', '0', ...objects, '-o', out], { stdio: 'pipe' });
  return readElf(new Uint8Array(readFileSync(out)), name);
}

const ourLink = (objects: readonly ObjectFile[]): LinkedImage =>
  link(objects, { sections: [{ name: '.text', address: TEXT }, { name: '.data', address: DATA }, { name: '.bss', address: BSS }] });

/** The loadable bytes by address, without the stubs GNU ld adds after .text (compared separately). */
function memory(img: LinkedImage): string {
  return img.segments.filter((s) => s.data.length > 0).map((s) => `${s.address.toString(16)}: ${Buffer.from(s.data).toString('hex')}`).join('\n');
}

/** All-GNU, both mixes and all-ours linked by GNU ld must be the same executable. */
function mixedBuilds(units: readonly Unit[]): { gnu: LinkedImage; ours: ObjectFile[]; gnuObjects: string[] } {
  const gnuObjects = units.map(gnuObject);
  const ours = units.map(ourObject);
  // Our object files are GNU's, byte for byte.
  const differing = units.filter((_, i) => !readFileSync(ours[i]!.path).equals(readFileSync(gnuObjects[i]!))).map((u) => u.name);
  if (differing.length > 0 && process.env.HANDOFF_DUMP_DIFF) for (const u of units) writeFileSync(`/tmp/${u.name}.s`, u.text);
  expect(differing, 'object files that differ from GNU as').toEqual([]);
  const gnu = gnuLink(gnuObjects, 'all-gnu');
  const want = memory(gnu);
  for (let mask = 1; mask < 1 << units.length; mask++) {
    const objs = units.map((_, i) => (mask & (1 << i) ? ours[i]!.path : gnuObjects[i]!));
    expect(memory(gnuLink(objs, `mix${mask}`)), `ours for units ${units.filter((_, i) => mask & (1 << i)).map((u) => u.name).join(', ')}`).toBe(want);
  }
  return { gnu, ours: ours.map((o) => o.obj), gnuObjects };
}

/** Two files defining functions and data and using the other's (and their own) globals. */
const pair = fc.tuple(
  fc.array(fc.constantFrom('bl fb0', 'bl fb1', 'beq fb1', 'b fb1', 'bl fa1', '.word fb2 + 4', '.word fb1 - .', '.word db - .', 'ldr r0, =fb0', 'ldr r0, =db', 'nop'), { minLength: 3, maxLength: 12 }),
  fc.array(fc.constantFrom('bl fa0', 'bl fb1', 'beq fb1', 'b fb1', 'blx fa0', 'ldr r0, =fa0', 'ldr r0, =da + 8', 'nop'), { minLength: 3, maxLength: 12 }),
  fc.boolean(),
).map(([a, b, thumb]) => {
  const bLines = thumb ? b : b.map((l) => l.replace('blx fa0', 'bl fa0'));
  return [
    { name: 'a', text: `.global fa0, fa1, da\n.type fa0, %function\nfa0: ${a.join('\n')}\n.type fa1, %function\nfa1: bx lr\n.data\nda: .word fb0, fa1, db\n.ltorg\n` },
    { name: 'b', text: `.global fb0, fb1, fb2, db\n${thumb ? '.thumb\n.thumb_func\n' : '.type fb0, %function\n'}fb0: ${bLines.join('\n')}\n${thumb ? '.thumb_func\n' : '.type fb1, %function\n'}fb1: bx lr\nfb2: nop\n.align 2\n.ltorg\n.data\ndb: .word fa0 - ., da\n.bss\n.space 8\n` },
  ] as const satisfies readonly Unit[];
});

describe.skipIf(!gate.available)('ELF objects vs GNU as and ld', () => {
  it('the kernel: GNU ld links our objects, mixed with GNU as ones, into the all-GNU kernel; our linker reads GNU objects', () => {
    const defsym = kernelDefsyms(DEFAULT_CONFIG, 3, 2);
    const units: Unit[] = KERNEL_SOURCES.map((n) => ({ name: n.replace('.S', ''), text: readFileSync(join(KERNEL_SRC_DIR, n), 'utf8'), defsym, includeDir: KERNEL_SRC_DIR }));
    units.push({ name: 'bootdesc', text: '.data\n.align 2\n.global bd_spaces, bd_threads\nbd_spaces: .word 0, 0, 0, 1, 1, 0, 2, 1, 0\nbd_threads: .word 0\n' });
    const { gnu, ours, gnuObjects } = mixedBuilds(units);
    // Our linker: from our objects and from GNU's, the same image as GNU ld (the kernel has no Thumb).
    expect(memory(ourLink(ours))).toBe(memory(gnu));
    expect(memory(ourLink(gnuObjects.map((p) => readObject(new Uint8Array(readFileSync(p)), p))))).toBe(memory(gnu));
  });

  it('generated ARM/Thumb pairs with calls, branches, addresses and differences across files', () => {
    const { seed, samples } = seededSamples(pair, Math.max(RUNS * 3, 6));
    withSeed(seed, () => {
      for (const units of samples) {
        const { gnu, ours, gnuObjects } = mixedBuilds(units);
        const fromGnu = gnuObjects.map((p) => readObject(new Uint8Array(readFileSync(p)), p));
        const stateChange = units[1].text.includes('.thumb');
        if (stateChange && units.some((u) => /\bb(eq)? fb1/.test(u.text.split('.thumb')[0]!))) {
          // A B from ARM to a Thumb function needs a veneer: GNU ld makes one, ours refuses.
          expect(() => ourLink(ours)).toThrow(/interworking veneer/);
          continue;
        }
        expect(memory(ourLink(fromGnu)), 'our linker on GNU objects').toBe(memory(ourLink(ours)));
        // Across states GNU ld calls through veneers where we use BLX: compare only without them.
        if (!stateChange) expect(memory(ourLink(ours))).toBe(memory(gnu));
      }
    });
  });
});

