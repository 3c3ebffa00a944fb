// GNU as's own ARM testsuite (gas/testsuite/gas/arm of binutils 2.40, from Debian's
// binutils-source package, which .ci/run unpacks into .cache/) as a golden test: which of its
// tests are in scope, and for each, running it the way GNU's harness does (objdump of the object,
// matched line by line against the .d file's regular expressions), on GNU's object and on ours.
//
// The rule for "in scope", checked on each run:
//   1. the test dumps disassembly (`objdump:` with -d/-D), and is not an error test (no error or
//      error_output option) nor one for another dump tool; warning tests (warning, warning_output)
//      are in: our warnings, printed as GNU prints them, must pass the same check;
//   2. its target conditions admit arm-none-eabi (an ELF, EABI port);
//   3. its assembler options are ones we have (little-endian, -mthumb, -I) or have no effect on an
//      EABI object (-mthumb-interwork, -mno-warn-deprecated, --generate-missing-build-notes=no),
//      and its architecture, in -march/-mcpu and in .arch/.cpu/.fpu/.arch_extension directives of
//      the source, is ARMv5TE or earlier (ARMv5TEJ included) without a coprocessor extension (no
//      XScale/iWMMXt, Maverick, FPA or VFP);
//   4. GNU as 2.40 assembles the source with -march=armv5te (-march=armv5tej for an ARMv5TEJ test)
//      to the same object contents as with the test's own options (nothing in it needs more than
//      ARMv5TE(J), ARM or Thumb state).
// GNU's own run must pass the test in this harness (a check of the harness itself).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseElf } from '../../kernel/toolchain/elf/parse.ts';

/** Where .ci/run unpacks the testsuite (or HANDOFF_BINUTILS_TESTSUITE). */
export const TESTSUITE_DIR = process.env.HANDOFF_BINUTILS_TESTSUITE ?? join(process.cwd(), '.cache', 'binutils-2.40', 'gas', 'testsuite', 'gas', 'arm');

export interface DumpTest {
  readonly name: string;
  readonly dFile: string;
  readonly source: string;
  readonly asFlags: readonly string[];
  readonly objdumpFlags: readonly string[];
  /** The .d body: the lines after the options (regular expressions, #... and #pass). */
  readonly expected: readonly string[];
  /** The assembler's messages expected: a regular expression, or the lines of a .l file. */
  readonly messages?: { readonly regex: string } | { readonly lines: readonly string[] };
  /** -march for GNU and for ours: armv5te, or armv5tej for an ARMv5TEJ test. */
  readonly arch: 'armv5te' | 'armv5tej';
}

export type Scope = { readonly inScope: true; readonly test: DumpTest; readonly thumb: boolean; readonly includeDirs: readonly string[] } | { readonly inScope: false; readonly name: string; readonly reason: string };

/** Splits "-a 'b c' d" as the Tcl harness does for simple quoting. */
function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/**
 * The options of a .d file ("#key: value" lines before the first line not starting with '#') and
 * its lines, all of which GNU's regexp_diff reads (skipping '#' lines but #..., #pass and #?).
 */
export function parseDumpFile(dFile: string): { options: Map<string, string[]>; body: string[] } {
  const options = new Map<string, string[]>();
  const text = readFileSync(dFile, 'utf8');
  // Lines as Tcl's gets reads them: a final newline ends the last line, it does not add one.
  const body = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  for (const raw of body) {
    const line = raw.trim();
    const m = /^#[ \t]*([A-Za-z0-9_]*)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
    if (m) options.set(m[1]!, [...(options.get(m[1]!) ?? []), m[2]!]);
    else if (!line.startsWith('#')) break;
  }
  return { options, body };
}

/** dejagnu's istarget with the glob patterns the .d files use, for arm-none-eabi (ELF, EABI). */
function targetMatches(patterns: string): boolean {
  for (const p of words(patterns)) {
    if (p === '[is_elf_format]' || p === '[is_elf_format]]') return true;
    if (p.startsWith('[')) continue; // pe/coff/aout formats and other procs: not this target
    const re = new RegExp(`^${p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    if (re.test('arm-unknown-eabi') || re.test('arm-none-eabi')) return true;
  }
  return false;
}

/** Architectures and CPUs of ARMv5TE(J) or earlier without coprocessor extensions. */
const ARCHS = new Set(['armv1', 'armv2', 'armv2a', 'armv2s', 'armv3', 'armv3m', 'armv4', 'armv4xm', 'armv4t', 'armv4txm', 'armv5', 'armv5t', 'armv5txm', 'armv5te', 'armv5texp', 'armv5tej']);
const CPUS = new Set([
  'arm1', 'arm2', 'arm250', 'arm3', 'arm6', 'arm60', 'arm600', 'arm610', 'arm620', 'arm7', 'arm7m', 'arm7d', 'arm7dm', 'arm7di', 'arm7dmi', 'arm70',
  'arm700', 'arm700i', 'arm710', 'arm710t', 'arm720', 'arm720t', 'arm740t', 'arm710c', 'arm7100', 'arm7500', 'arm7500fe', 'arm7t', 'arm7tdmi',
  'arm7tdmi-s', 'arm8', 'arm810', 'strongarm', 'strongarm1', 'strongarm110', 'strongarm1100', 'strongarm1110', 'arm9', 'arm920', 'arm920t',
  'arm922t', 'arm940t', 'arm9tdmi', 'fa526', 'fa626', 'arm9e-r0', 'arm946e-r0', 'arm946e', 'arm946e-s', 'arm966e-r0', 'arm966e', 'arm966e-s',
  'arm968e-s', 'arm10t', 'arm10tdmi', 'arm10e', 'arm1020', 'arm1020t', 'arm1020e', 'arm1022e', 'arm1026ejs', 'arm1026ej-s', 'fa606te',
  'fa616te', 'fa626te', 'fmp626', 'fa726te', 'arm926ej', 'arm926ejs', 'arm926ej-s', 'arm9e',
]);

/** Why the architecture named by an option or directive is out of scope, or null. */
function archProblem(kind: 'arch' | 'cpu' | 'fpu' | 'arch_extension', value: string): string | null {
  const v = value.toLowerCase().replace(/["']/g, '');
  if (kind === 'arch' && !ARCHS.has(v)) return `architecture ${v}`;
  if (kind === 'cpu' && !CPUS.has(v)) return `CPU ${v}`;
  if (kind === 'fpu' && v !== 'softvfp' && v !== 'none') return `FPU ${v}`;
  if (kind === 'arch_extension') return `extension ${v}`;
  return null;
}

const TOOL_OPTIONS = ['readelf', 'nm', 'objcopy_objects', 'objcopy_linked_file', 'ld', 'error_output', 'error', 'stderr', 'xfail'];

/** Architectures and CPUs of ARMv5TEJ (BXJ). */
const V5TEJ = new Set(['armv5tej', 'arm926ej', 'arm926ejs', 'arm926ej-s', 'arm1026ejs', 'arm1026ej-s']);

/** A digest of an object's contents: allocated sections and relocations, by name. */
export function objectDigest(path: string): string {
  const bytes = new Uint8Array(readFileSync(path));
  const { shs } = parseElf(bytes, path);
  const h = createHash('sha1');
  for (const s of shs) {
    if ((s.flags & 2) === 0 && s.type !== 9) continue; // SHF_ALLOC, SHT_REL
    h.update(`${s.name}:${s.type}:${s.size}:`);
    if (s.type !== 8) h.update(bytes.subarray(s.offset, s.offset + s.size)); // not SHT_NOBITS
  }
  return h.digest('hex');
}

function gnuObject(dir: string, source: string, flags: readonly string[], out: string): { ok: boolean; digest?: string } {
  const r = spawnSync('arm-none-eabi-as', [...flags, source, '-o', join(dir, out)], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false };
  return { ok: true, digest: objectDigest(join(dir, out)) };
}

/** Decides the scope of one .d file (GNU as is run; see the rule at the top). */
export function classify(dFile: string, work: string): Scope {
  const name = dFile.split('/').pop()!.replace(/\.d$/, '');
  const { options, body } = parseDumpFile(dFile);
  const opt = (k: string): string => (options.get(k) ?? []).join(' ');
  const objdump = words(opt('objdump'));
  if (!options.has('objdump') || !objdump.some((w) => /^-[a-zA-Z]*[dD]/.test(w) || w === '--disassemble')) return { inScope: false, name, reason: 'not a disassembly dump' };
  for (const k of TOOL_OPTIONS) if (options.has(k)) return { inScope: false, name, reason: `#${k} test` };
  if (options.has('target') && !targetMatches(opt('target'))) return { inScope: false, name, reason: 'target excludes arm-none-eabi' };
  if (options.has('notarget') && targetMatches(opt('notarget'))) return { inScope: false, name, reason: 'notarget includes arm-none-eabi' };
  if (options.has('skip') && targetMatches(opt('skip'))) return { inScope: false, name, reason: 'skipped for arm-none-eabi' };
  if (options.has('noskip') && !targetMatches(opt('noskip'))) return { inScope: false, name, reason: 'run only for other targets (#noskip)' };
  const srcName = options.get('source')?.[0] ?? `${name}.s`;
  const source = join(TESTSUITE_DIR, srcName.replace(/^\$srcdir\/\$subdir\//, ''));
  if (!existsSync(source)) return { inScope: false, name, reason: `no source ${srcName}` };
  const asFlags = words(opt('as').replace(/\$srcdir\/\$subdir/g, TESTSUITE_DIR));
  let thumb = false;
  let arch: 'armv5te' | 'armv5tej' = 'armv5te';
  const includeDirs: string[] = [];
  const kept: string[] = [];
  for (let i = 0; i < asFlags.length; i++) {
    const f = asFlags[i]!;
    const m = /^-m(arch|cpu|fpu)=(.*)$/.exec(f);
    if (m) {
      const p = archProblem(m[1] as 'arch' | 'cpu' | 'fpu', m[2]!);
      if (p) return { inScope: false, name, reason: `assembler option ${p}` };
      if (V5TEJ.has(m[2]!.toLowerCase())) arch = 'armv5tej';
      continue;
    }
    if (f === '-EL' || f === '-mno-warn-deprecated' || f === '-mthumb-interwork' || f === '--generate-missing-build-notes=no') continue;
    if (f === '-mthumb') {
      thumb = true;
      kept.push(f);
    } else if (f === '-I') includeDirs.push(asFlags[++i]!);
    else if (f.startsWith('-I')) includeDirs.push(f.slice(2));
    else return { inScope: false, name, reason: `assembler option ${f}` };
  }
  for (const d of readFileSync(source, 'utf8').matchAll(/^\s*\.(arch|cpu|fpu|arch_extension)\s+(\S+)/gm)) {
    const p = archProblem(d[1] as 'arch' | 'cpu' | 'fpu' | 'arch_extension', d[2]!);
    if (p) return { inScope: false, name, reason: `source selects ${p}` };
  }
  const own = gnuObject(work, source, asFlags, `${name}.own.o`);
  if (!own.ok) return { inScope: false, name, reason: 'GNU as rejects the source with its own options' };
  const v5te = gnuObject(work, source, [`-march=${arch}`, ...kept, ...includeDirs.flatMap((d) => ['-I', d])], `${name}.v5te.o`);
  if (!v5te.ok) return { inScope: false, name, reason: `needs more than ARMv5TE(J) (GNU as -march=${arch} rejects it)` };
  if (v5te.digest !== own.digest) return { inScope: false, name, reason: 'assembles differently for ARMv5TE(J)' };
  const messages = options.has('warning') ? { regex: opt('warning') } : options.has('warning_output') ? { lines: readLines(join(TESTSUITE_DIR, opt('warning_output'))) } : undefined;
  return { inScope: true, test: { name, dFile, source, asFlags: [...kept, `-march=${arch}`], objdumpFlags: objdump, expected: body, arch, ...(messages ? { messages } : {}) }, thumb, includeDirs };
}

/** A file's lines as Tcl's gets reads them. */
function readLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/**
 * GNU's check of the assembler's messages (stderr, final newline dropped): none unless the test
 * expects some; a `warning` regular expression must match somewhere in them; a `warning_output`
 * file is compared line by line (regexp_diff). Returns the problem, or null.
 */
export function messagesProblem(t: DumpTest, stderr: string): string | null {
  const text = stderr.endsWith('\n') ? stderr.slice(0, -1) : stderr;
  if (!t.messages) return text === '' ? null : `unexpected messages: ${JSON.stringify(text.slice(0, 300))}`;
  if (text === '') return 'no messages, some expected';
  if ('regex' in t.messages) return tclToJs(t.messages.regex, false).test(text) ? null : `messages ${JSON.stringify(text.slice(0, 300))} do not match ${JSON.stringify(t.messages.regex)}`;
  const d = regexpDiff(text.split('\n'), t.messages.lines);
  return d === null ? null : `messages: ${d}`;
}

export function allDumpTests(): string[] {
  return readdirSync(TESTSUITE_DIR).filter((f) => f.endsWith('.d')).sort().map((f) => join(TESTSUITE_DIR, f));
}

/** Tcl regular expressions of the .d files, as JavaScript ones (POSIX classes spelled out). */
function tclToJs(re: string, anchored = true): RegExp {
  const js = re
    .replace(/\[\[:space:\]\]/g, '\\s').replace(/\[\[:digit:\]\]/g, '\\d').replace(/\[\[:xdigit:\]\]/g, '[0-9a-fA-F]')
    .replace(/\[:space:\]/g, '\\s').replace(/\[:digit:\]/g, '\\d').replace(/\[:xdigit:\]/g, '0-9a-fA-F').replace(/\[:alnum:\]/g, '0-9A-Za-z');
  return new RegExp(anchored ? `^(?:${js})$` : js);
}

/**
 * GNU's regexp_diff (binutils-common.exp), step by step: blank output lines are skipped except
 * while "#..." looks for its expression; each other body line is a regular expression ("!"
 * negates) for the next output line; "#..." skips output lines until the next expression matches,
 * "#?" is an optional line, "#pass" ends with success, "#failif" inverts the result, and other
 * '#' lines are comments. Returns the first mismatch, or null.
 */
export function regexpDiff(output: readonly string[], expected: readonly string[]): string | null {
  // Lines as Tcl's gets reads them from a file written with a final newline.
  const a = output.length > 0 && output[output.length - 1] === '' ? output.slice(0, -1) : [...output];
  let ia = 0;
  let ib = 0;
  const getA = (): string | null => (ia < a.length ? a[ia++]! : null);
  const getB = (): string | null => (ib < expected.length ? expected[ib++]! : null);
  const matches = (pattern: string, line: string): boolean => {
    const negated = pattern.startsWith('!');
    return tclToJs(negated ? pattern.slice(1) : pattern).test(line) !== negated;
  };
  let first: string | null = null;
  let failIfMatch = false;
  let diffPass = false;
  for (;;) {
    let lineA = '';
    let lineB = '';
    let end1 = false;
    let end2 = false;
    while (lineA.length === 0) {
      const l = getA();
      if (l === null) {
        end1 = true;
        break;
      }
      lineA = l;
    }
    while (lineB.length === 0 || lineB.startsWith('#')) {
      if (lineB === '#pass') {
        end2 = true;
        diffPass = true;
        break;
      } else if (lineB === '#failif') failIfMatch = true;
      else if (lineB === '#...') {
        const next = getB();
        if (next === null) {
          end2 = true;
          diffPass = true;
          break;
        }
        lineB = next;
        while (!matches(lineB, lineA)) {
          const l = getA();
          if (l === null) {
            end1 = true;
            break;
          }
          lineA = l;
        }
        break;
      } else if (lineB.startsWith('#?')) {
        if (!end1) {
          lineB = lineB.slice(2);
          if (matches(lineB, lineA)) break;
        }
      }
      const l = getB();
      if (l === null) {
        end2 = true;
        break;
      }
      lineB = l;
    }
    if (diffPass) break;
    if (end1 && end2) break;
    if (end1) {
      first ??= `extra expected lines from: ${lineB}`;
      break;
    }
    if (end2) {
      first ??= `extra output lines from: ${lineA}`;
      break;
    }
    if (!matches(lineB, lineA)) first ??= `line ${JSON.stringify(lineA)} does not match ${JSON.stringify(lineB)}`;
  }
  if (failIfMatch) return first === null ? 'matched a #failif test' : null;
  return first;
}

export function objdump(obj: string, flags: readonly string[]): string[] {
  return execFileSync('arm-none-eabi-objdump', [...flags, obj], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n');
}

export function withWorkDir<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-gas-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export { writeFileSync };
