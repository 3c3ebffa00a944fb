// Builds a bootable system: the kernel (kernel/src/*.S), the user programs of every address space
// (kernel/user/*.S or inline sources) and a boot description generated from a scenario, linked by
// our toolchain into one image (and ELF). TypeScript only produces configuration data and defsyms.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { assemble, link, makeImage, writeElf, type LinkedImage, type ObjectFile, type Segment } from './toolchain/index.ts';
import { IPC_DESIGN_CODE, IPC_DESIGNS, KERNEL_TEXT, MAX_SPACES, PAGE_TABLES, SWITCH_STRATEGY, TCB_SIZE, UTCB_SIZE, type IpcDesign, type SwitchStrategy } from './abi.ts';

import { PROJECT_ROOT } from './project-root.ts';
import { enabled as objectCacheEnabled, ObjectCache } from './object-cache.ts';

const here = join(PROJECT_ROOT, 'kernel');

/**
 * The image with its line table naming the project's sources relative to the project
 * (`kernel/src/entry.S`): waveforms (the source-line view), debug info and reports are then the same
 * in every checkout. Sources outside the project keep the name they were given.
 */
function projectRelativeLines(img: LinkedImage): LinkedImage {
  const name = (f: string): string => (isAbsolute(f) && f.startsWith(PROJECT_ROOT + sep) ? relative(PROJECT_ROOT, f) : f);
  return makeImage(img.entry, img.segments, img.symbols, img.lines.map((l) => ({ ...l, file: name(l.file) })), img.mappings, img.globals, img.thumbFunctions);
}
export const KERNEL_SRC_DIR = join(here, 'src');
export const USER_SRC_DIR = join(here, 'user');
/** The Thumb versions of the user programs (same file names; they include ../user.inc). */
export const USER_THUMB_DIR = join(USER_SRC_DIR, 'thumb');
// entry.S first: the fast path starts the kernel's text, aligned, inside one 4 KB page.
export const KERNEL_SOURCES = ['entry.S', 'boot.S', 'ipc.S', 'sched.S'] as const;

/** Build knobs of the kernel. Knobs change cost, never results. */
export interface KernelConfig {
  /** Message registers held in CPU registers, 0..6 (default 6). */
  readonly nreg?: number;
  /** Address-space switch strategy (default 'fcse'). */
  readonly switchStrategy?: SwitchStrategy;
  /** Timer tick period 2^tickShift microseconds of the SP804 (default 10; 0 = no tick). */
  readonly tickShift?: number;
  /** Round-robin preemption on every tick (default false). */
  readonly preempt?: boolean;
  /** How IPC moves a message (default 'l4'; kernel/abi.ts IPC_DESIGNS). */
  readonly design?: IpcDesign;
  /** Map MB 0 (vectors, kernel, page tables) in 4 KB pages instead of one section (default false). */
  readonly kernelPages?: boolean;
  /**
   * The instruction set the user programs are built for (default 'arm'): 'thumb' assembles every
   * space's programs from kernel/user/thumb (a space may choose for itself: SpaceSpec.isa).
   */
  readonly userIsa?: UserIsa;
}

export type UserIsa = 'arm' | 'thumb';

export interface SpaceSpec {
  readonly name: string;
  /**
   * User sources: file names in kernel/user (kernel/user/thumb for a Thumb space), absolute paths of
   * one's own programs (they may include user.inc and files beside them), or { name, text } inline.
   * lib.S is always added.
   */
  readonly sources: readonly (string | { readonly name: string; readonly text: string })[];
  /** Extra defsyms for this space's programs. */
  readonly defsym?: Readonly<Record<string, number>>;
  /** Map the device window (VIC, timers, UARTs) at 0x01F00000 user read/write. */
  readonly devices?: boolean;
  /** This space's instruction set (default: the config's userIsa). Inline sources are taken as written. */
  readonly isa?: UserIsa;
}

export interface ThreadSpec {
  readonly name: string;
  readonly space: string;
  /** Entry symbol in the space's program. */
  readonly entry: string;
  /** Priority 0..255 (higher runs first). */
  readonly priority: number;
  /** Passed in r2 at start (a number or a symbol of the space). */
  readonly arg?: number | string;
  /** Interrupt lines this thread handles (messages from irq threads 0x1000 + line). */
  readonly irqs?: readonly number[];
  /** Started at boot (default true). */
  readonly start?: boolean;
}

export interface Scenario {
  readonly spaces: readonly SpaceSpec[];
  readonly threads: readonly ThreadSpec[];
  readonly config?: KernelConfig;
  /**
   * Tests only: rewrite a kernel source file's text before it is assembled, to build deliberately
   * broken kernel variants that the hand-off checkers must catch.
   */
  readonly patchKernel?: (file: string, text: string) => string;
}

export interface BuiltThread {
  readonly name: string;
  readonly id: number;
  readonly space: string;
  readonly spaceId: number;
  readonly utcb: number;
  readonly stackTop: number;
  readonly stackSize: number;
  readonly entry: number;
  /** Interrupt lines it handles. */
  readonly irqs: readonly number[];
}

export interface BuiltSystem {
  readonly image: LinkedImage;
  readonly kernel: LinkedImage;
  readonly users: ReadonlyMap<string, LinkedImage>;
  readonly threads: readonly BuiltThread[];
  readonly config: Required<KernelConfig>;
  readonly defsym: Readonly<Record<string, number>>;
  thread(name: string): BuiltThread;
  /** Address of a symbol of a space's program. */
  userSymbol(space: string, name: string): number;
  /** Address of a kernel symbol. */
  kernelSymbol(name: string): number;
  elf(): Uint8Array;
}

export const DEFAULT_CONFIG: Required<KernelConfig> = { nreg: 6, switchStrategy: 'fcse', tickShift: 10, preempt: false, design: 'l4', kernelPages: false , userIsa: 'arm' };

/** Space s (1-based) owns physical = virtual megabyte s. */
export const spaceBase = (spaceId: number): number => spaceId << 20;

/**
 * Where space s's program starts: not at the megabyte boundary but at a different cache colour per
 * space (sets 64, 80, 96, 112 of a 4 KB cache way). Programs all starting on a 4 KB boundary put
 * their first lines in the same sets as each other and as the kernel's fast path and vectors, and
 * a 4-way cache then misses on every IPC (found on the RTL model: 1-4 I-cache misses per hot IPC).
 */
export const programBase = (spaceId: number): number => spaceBase(spaceId) + 0x800 + ((spaceId - 1) % 4) * 0x200;
const STACK_TOP = 0xf0000;
/**
 * The remap design swaps message pages: each thread's MR0 starts a page it owns, its UTCB header
 * (bytes 0..63) sits at the end of the page before (8 KB a thread from REMAP_UTCB_AREA).
 */
const REMAP_UTCB_AREA = 0xf0000;
const REMAP_THREAD_BYTES = 0x2000;
const REMAP_MAX_THREADS_PER_SPACE = 8;
/** User stack of each thread (bytes). */
export const STACK_SIZE = 0x4000;
const UTCB_AREA = 0xf8000;
const MAX_THREADS_PER_SPACE = 16;

/** The Thumb functions of a linked program (an image from a toolchain without Thumb has none). */
function thumbFunctions(img: LinkedImage): ReadonlySet<string> {
  return (img as { readonly thumbFunctions?: ReadonlySet<string> }).thumbFunctions ?? new Set();
}

function readSource(dir: string, name: string): { file: string; text: string } {
  const file = isAbsolute(name) ? name : join(dir, name);
  return { file, text: readFileSync(file, 'utf8') };
}

// Assembled objects are cached by (file, text, defsyms) in the process (tests build many similar
// systems; included files are assumed unchanged during a process), and on disk between processes
// (object-cache.ts: there, included files are checked).
const objectCache = new Map<string, ObjectFile>();
let diskCache: ObjectCache | undefined;
function assembleText(text: string, file: string, defsym: Record<string, number>, dirs: readonly string[], persist = true): ObjectFile {
  const key = JSON.stringify([file, text, Object.entries(defsym).sort(([a], [b]) => a.localeCompare(b)), dirs]);
  let obj = objectCache.get(key);
  if (!obj) {
    const options = { file, defsym, includeDirs: [...dirs] };
    if (persist && objectCacheEnabled()) {
      diskCache ??= new ObjectCache();
      obj = diskCache.getOrAssemble(diskCache.key(text, file, defsym, dirs), (hooks) => assemble(text, { ...options, ...hooks }));
    } else obj = assemble(text, options);
    if (objectCache.size > 400) objectCache.clear();
    objectCache.set(key, obj);
  }
  return obj;
}

export function kernelDefsyms(config: Required<KernelConfig>, nthreads: number, nspaces: number, thumbUsers = false): Record<string, number> {
  return {
    THUMB_USERS: thumbUsers ? 1 : 0,
    NREG: config.nreg,
    SWITCH: SWITCH_STRATEGY[config.switchStrategy],
    DESIGN: IPC_DESIGN_CODE[config.design],
    NTHREADS: nthreads,
    NSPACES: nspaces,
    TICK_SHIFT: config.tickShift,
    PREEMPT: config.preempt ? 1 : 0,
    KERNEL_PAGES: config.kernelPages ? 1 : 0,
  };
}

/**
 * A scenario the kernel cannot be built for: the message leads with the field at fault
 * (`scenario.threads[0].entry: ...`), so a scenario file's author sees what to change.
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
  }
}

/** The range of a 32-bit word given as a signed or an unsigned number (as --defsym takes it). */
export const WORD_MIN = -0x8000_0000;
export const WORD_MAX = 0xffff_ffff;

function validateConfig(s: Scenario, config: Required<KernelConfig>): void {
  if (!Number.isInteger(config.nreg) || config.nreg < 0 || config.nreg > 6) throw new Error(`nreg must be 0..6, got ${config.nreg}`);
  if (!(config.switchStrategy in SWITCH_STRATEGY)) throw new Error(`unknown switch strategy ${config.switchStrategy}`);
  if (!IPC_DESIGNS.includes(config.design)) throw new Error(`design must be one of ${IPC_DESIGNS.join(', ')}, got ${String(config.design)}`);
  if (typeof config.kernelPages !== 'boolean') throw new Error(`kernelPages must be true or false, got ${String(config.kernelPages)}`);
  if (!Number.isInteger(config.tickShift) || config.tickShift < 0 || config.tickShift > 24) throw new Error('tickShift must be 0..24');
  for (const isa of [config.userIsa, ...s.spaces.map((sp) => sp.isa ?? config.userIsa)]) {
    if (isa !== 'arm' && isa !== 'thumb') throw new Error(`userIsa must be 'arm' or 'thumb', got ${String(isa)}`);
  }
}

/** The symbols the builder defines for every user program (a scenario's defsym may not redefine them). */
export function generatedUserSymbols(s: Pick<Scenario, 'threads'>): ReadonlySet<string> {
  return new Set(['NREG', 'SPACE_ID', ...s.threads.map((t) => `TID_${t.name.toUpperCase()}`)]);
}

/**
 * The limits of the kernel's boot description, checked before anything is built (scenario-file.ts
 * calls it at load with the default config); each error names the field (ScenarioError).
 */
export function checkScenario(s: Scenario, config: Required<KernelConfig> = DEFAULT_CONFIG): void {
  if (s.spaces.length < 1 || s.spaces.length > MAX_SPACES) throw new ScenarioError('scenario.spaces', `${s.spaces.length} spaces: the kernel has room for 1..${MAX_SPACES}`);
  const names = new Set<string>();
  const generated = generatedUserSymbols(s);
  s.spaces.forEach((sp, i) => {
    if (names.has(sp.name)) throw new ScenarioError(`scenario.spaces[${i}].name`, `duplicate space ${sp.name}`);
    names.add(sp.name);
    for (const k of Object.keys(sp.defsym ?? {})) {
      if (generated.has(k)) throw new ScenarioError(`scenario.spaces[${i}].defsym.${k}`, `${k} is defined by the builder (NREG, SPACE_ID, TID_<thread>): a scenario may not redefine it`);
    }
  });
  if (s.threads.length < 1 || s.threads.length > 64) throw new ScenarioError('scenario.threads', `${s.threads.length} threads: the kernel has room for 1..64`);
  const tnames = new Set<string>();
  const irqs = new Map<number, string>();
  const perSpace = config.design === 'remap' ? REMAP_MAX_THREADS_PER_SPACE : MAX_THREADS_PER_SPACE;
  const inSpace = new Map<string, number>();
  s.threads.forEach((t, i) => {
    const at = `scenario.threads[${i}]`;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.name)) throw new ScenarioError(`${at}.name`, `thread name ${t.name} must be an identifier`);
    if (tnames.has(t.name)) throw new ScenarioError(`${at}.name`, `duplicate thread ${t.name}`);
    tnames.add(t.name);
    if (!names.has(t.space)) throw new ScenarioError(`${at}.space`, `unknown space ${t.space}`);
    if (!Number.isInteger(t.priority) || t.priority < 0 || t.priority > 255) throw new ScenarioError(`${at}.priority`, `${t.priority}: priority 0..255`);
    // The boot description holds one word: a number outside a word's range would wrap silently.
    if (typeof t.arg === 'number' && (!Number.isInteger(t.arg) || t.arg < WORD_MIN || t.arg > WORD_MAX)) throw new ScenarioError(`${at}.arg`, `${t.arg} is not allowed (an integer in ${WORD_MIN}..${WORD_MAX})`);
    (t.irqs ?? []).forEach((l, k) => {
      const field = `${at}.irqs[${k}]`;
      if (!Number.isInteger(l) || l < 0 || l > 31) throw new ScenarioError(field, `irq line ${l} (0..31)`);
      if (l === 4 && config.tickShift > 0) throw new ScenarioError(field, 'irq 4 is the kernel tick (timer 0/1)');
      const other = irqs.get(l);
      if (other !== undefined) throw new ScenarioError(field, `irq ${l} has two handlers (${other} handles it already)`);
      irqs.set(l, field);
    });
    const k = (inSpace.get(t.space) ?? 0) + 1;
    inSpace.set(t.space, k);
    if (k > perSpace) throw new ScenarioError(`${at}.space`, `space ${t.space}: at most ${perSpace} threads${config.design === 'remap' ? ' with the remap design (a message page each)' : ''}`);
  });
}

function validate(s: Scenario, config: Required<KernelConfig>): void {
  validateConfig(s, config);
  checkScenario(s, config);
}

/** Names for the vector slots at 0 (copied there at boot: no segment holds them). */
export const VECTOR_SYMBOLS: readonly [string, number][] = [
  ['vector_reset', 0x00], ['vector_undefined', 0x04], ['vector_swi', 0x08], ['vector_prefetch_abort', 0x0c],
  ['vector_data_abort', 0x10], ['vector_reserved', 0x14], ['vector_irq', 0x18], ['vector_fiq', 0x1c], ['vector_addresses', 0x20],
];

function mergeImages(kernel: LinkedImage, users: ReadonlyMap<string, LinkedImage>): LinkedImage {
  const segments: Segment[] = [...kernel.segments];
  const symbols = new Map<string, number>();
  const globals = new Set<string>();
  const lines = [...kernel.lines];
  const mappings = [...kernel.mappings];
  // Only symbols that name an address in the image (not .set constants such as TCB offsets), so
  // that address -> symbol lookups (traces, waveforms) never answer with a constant's name.
  const inside = (img: LinkedImage, v: number): boolean => img.segments.some((g) => v >= g.address && v < g.address + Math.max(g.memSize, 1) || v === g.address + g.memSize);
  for (const [n, v] of kernel.symbols) {
    if (n.startsWith('$') || !inside(kernel, v)) continue;
    symbols.set(n, v);
    if (kernel.globals.has(n)) globals.add(n);
  }
  for (const [n, v] of VECTOR_SYMBOLS) {
    symbols.set(n, v);
    globals.add(n);
  }
  for (const [space, img] of users) {
    for (const seg of img.segments) segments.push({ ...seg, name: `${seg.name}.${space}` });
    for (const [n, v] of img.symbols) {
      if (n.startsWith('$') || !inside(img, v)) continue;
      const name = `${space}.${n}`;
      symbols.set(name, v);
      if (img.globals.has(n)) globals.add(name);
    }
    lines.push(...img.lines);
    mappings.push(...img.mappings);
  }
  segments.sort((a, b) => a.address - b.address);
  for (let i = 1; i < segments.length; i++) {
    const p = segments[i - 1]!;
    if (p.address + p.memSize > segments[i]!.address) throw new Error(`segments overlap: ${p.name} and ${segments[i]!.name}`);
  }
  return makeImage(kernel.entry, segments, symbols, lines, mappings, globals);
}

/** Build kernel + user programs + boot description into one image. */
export function buildSystem(scenario: Scenario): BuiltSystem {
  const config: Required<KernelConfig> = { ...DEFAULT_CONFIG, ...(scenario.config ?? {}) };
  validate(scenario, config);
  const spaceId = new Map(scenario.spaces.map((s, i) => [s.name, i + 1]));
  const tidSyms: Record<string, number> = {};
  scenario.threads.forEach((t, i) => (tidSyms[`TID_${t.name.toUpperCase()}`] = i + 1));

  // user programs, one link per space at its megabyte
  const users = new Map<string, LinkedImage>();
  for (const sp of scenario.spaces) {
    const id = spaceId.get(sp.name)!;
    const defsym = { NREG: config.nreg, SPACE_ID: id, ...tidSyms, ...(sp.defsym ?? {}) };
    // A Thumb space's programs come from kernel/user/thumb (which includes ../user.inc).
    const dir = (sp.isa ?? config.userIsa) === 'thumb' ? USER_THUMB_DIR : USER_SRC_DIR;
    const dirs = dir === USER_SRC_DIR ? [dir] : [dir, USER_SRC_DIR];
    const objs: ObjectFile[] = [];
    const lib = readSource(dir, 'lib.S');
    objs.push(assembleText(lib.text, lib.file, defsym, dirs));
    for (const src of sp.sources) {
      const s = typeof src === 'string' ? readSource(dir, src) : { file: join(dir, src.name), text: src.text };
      // A program of one's own finds the files beside it first, then user.inc and the rest.
      // A program given as text (a test's generated one) is seldom built twice: not kept on disk.
      objs.push(assembleText(s.text, s.file, defsym, isAbsolute(s.file) && dirname(s.file) !== dir ? [dirname(s.file), ...dirs] : dirs, typeof src === 'string'));
    }
    const img = projectRelativeLines(link(objs, { sections: [{ name: '.text', address: programBase(id) }], entry: undefined }));
    const end = Math.max(...img.segments.map((g) => g.address + g.memSize));
    const limit = spaceBase(id) + STACK_TOP - STACK_SIZE * MAX_THREADS_PER_SPACE;
    if (end > limit) throw new ScenarioError(`scenario.spaces[${id - 1}].sources`, `space ${sp.name}: the program is too large (it ends at 0x${end.toString(16)}, past 0x${limit.toString(16)} where the thread stacks start)`);
    users.set(sp.name, img);
  }

  // threads
  const perSpace = new Map<string, number>();
  const threads: BuiltThread[] = scenario.threads.map((t, i) => {
    const k = perSpace.get(t.space) ?? 0;
    perSpace.set(t.space, k + 1);
    const sid = spaceId.get(t.space)!;
    const img = users.get(t.space)!;
    const symbol = img.symbols.get(t.entry);
    if (symbol === undefined) throw new ScenarioError(`scenario.threads[${i}].entry`, `no symbol ${t.entry} in space ${t.space}'s program`);
    // A Thumb entry has bit 0 set: the kernel starts the thread in Thumb state.
    const entry = thumbFunctions(img).has(t.entry) ? (symbol | 1) >>> 0 : symbol;
    return {
      name: t.name,
      id: i + 1,
      space: t.space,
      spaceId: sid,
      utcb: config.design === 'remap' ? spaceBase(sid) + REMAP_UTCB_AREA + k * REMAP_THREAD_BYTES + 0x1000 - 64 : spaceBase(sid) + UTCB_AREA + k * UTCB_SIZE,
      stackTop: spaceBase(sid) + STACK_TOP - k * STACK_SIZE,
      stackSize: STACK_SIZE,
      entry,
      irqs: t.irqs ?? [],
    };
  });

  // boot description
  const bd: string[] = ['@ generated by kernel/build.ts: boot description', '        .data', '        .align 2', '        .global bd_spaces, bd_threads', 'bd_spaces:', '        .word 0, 0, 0'];
  for (const sp of scenario.spaces) bd.push(`        .word ${spaceId.get(sp.name)}, 1, ${sp.devices ? 1 : 0}   @ ${sp.name}`);
  bd.push('bd_threads:');
  scenario.threads.forEach((t, i) => {
    const b = threads[i]!;
    const argv = t.arg === undefined ? 0 : typeof t.arg === 'number' ? t.arg : users.get(t.space)!.symbols.get(t.arg);
    if (argv === undefined) throw new ScenarioError(`scenario.threads[${i}].arg`, `no symbol ${String(t.arg)} in space ${t.space}'s program`);
    const mask = (t.irqs ?? []).reduce((m, l) => (m | (1 << l)) >>> 0, 0);
    bd.push(`        .word ${b.spaceId}, ${t.priority}, 0x${b.entry.toString(16)}, 0x${b.stackTop.toString(16)}, 0x${b.utcb.toString(16)}, 0x${(argv >>> 0).toString(16)}, 0x${mask.toString(16)}, ${t.start === false ? 0 : 1}   @ ${t.name}`);
  });
  const thumbUsers = scenario.spaces.some((sp) => (sp.isa ?? config.userIsa) === 'thumb');
  const defsym = kernelDefsyms(config, threads.length, scenario.spaces.length, thumbUsers);
  const kobjs = KERNEL_SOURCES.map((n) => {
    const s = readSource(KERNEL_SRC_DIR, n);
    const text = scenario.patchKernel ? scenario.patchKernel(n, s.text) : s.text;
    return assembleText(text, s.file, defsym, [KERNEL_SRC_DIR]);
  });
  kobjs.push(assembleText(bd.join('\n') + '\n', join(KERNEL_SRC_DIR, 'bootdesc.S'), defsym, [KERNEL_SRC_DIR]));
  const kernel = projectRelativeLines(link(kobjs, { sections: [{ name: '.text', address: KERNEL_TEXT }], entry: '_start' }));
  const kend = Math.max(...kernel.segments.map((g) => g.address + g.memSize));
  if (kend > PAGE_TABLES) throw new Error(`kernel image reaches 0x${kend.toString(16)}, past the page tables`);
  if (threads.length * TCB_SIZE > 0x40000) throw new Error('too many threads');

  const image = mergeImages(kernel, users);
  return {
    image,
    kernel,
    users,
    threads,
    config,
    defsym,
    thread(name) {
      const t = threads.find((x) => x.name === name);
      if (!t) throw new Error(`no thread ${name}`);
      return t;
    },
    userSymbol(space, name) {
      const v = users.get(space)?.symbols.get(name);
      if (v === undefined) throw new Error(`no symbol ${name} in space ${space}`);
      return v;
    },
    kernelSymbol(name) {
      const v = kernel.symbols.get(name);
      if (v === undefined) throw new Error(`no kernel symbol ${name}`);
      return v;
    },
    elf: () => writeElf(image),
  };
}
