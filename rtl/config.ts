// The hardware configuration: ONE typed, validated description of the co-design knobs, shared by
// every entry point (tests, benchmarks, the command line, the system top level). Defaults are an
// ARM926EJ-S as on the Versatile PB: 16 KB I + 16 KB D caches, 4-way, 32-byte lines, a 64-entry
// 2-way main TLB plus 8 lockdown entries, a 16-entry write buffer.
//
// `validateConfig(partial)` fills in defaults and checks every field; a bad configuration throws a
// ConfigError that names the field (e.g. `dcache.ways`) and the allowed values. A knob may change
// timing and counters, never the architectural result of a program that is legal under it.

export type Replacement = 'round-robin' | 'random';
/** How an address-space switch is paid for (see docs/MEMORY.md). */
export type AddressSpaceSwitch = 'flush' | 'fcse' | 'asid';
/** 'page': write-back or write-through per the page's C/B bits; 'write-through': force WT. */
export type WritePolicy = 'page' | 'write-through';

export interface CacheConfig {
  readonly sizeBytes: number;
  readonly ways: number;
  readonly lineBytes: number;
  readonly replacement: Replacement;
  /** Seed of the pseudo-random replacement LFSR (non-zero, 16 bits). */
  readonly seed: number;
}

export interface DCacheConfig extends CacheConfig {
  readonly writePolicy: WritePolicy;
}

export interface TlbConfig {
  /** Main TLB entries (set-associative). */
  readonly entries: number;
  readonly ways: number;
  /** Fully associative lockdown entries (CP15 c10). */
  readonly lockdownEntries: number;
}

export interface MemoryTimingConfig {
  /** Wait states of a RAM access (0: ready in the cycle of the request). */
  readonly ramWaitStates: number;
  /** Wait states of a device (UART, timer, VIC) access. */
  readonly deviceWaitStates: number;
}

export interface HardwareConfig {
  readonly icache: CacheConfig;
  readonly dcache: DCacheConfig;
  readonly tlb: TlbConfig;
  readonly writeBuffer: { readonly depth: number };
  readonly memory: MemoryTimingConfig;
  /** 'flush' (plain ARMv5), 'fcse' (FCSE PID + domains), 'asid' (ARMv6-style ASID-tagged TLB, physically tagged caches). */
  readonly addressSpaceSwitch: AddressSpaceSwitch;
  /** Message registers passed in core registers by the kernel ABI (0..6); a kernel build knob. */
  readonly registerMrs: number;
}

export type PartialConfig = {
  readonly [K in keyof HardwareConfig]?: HardwareConfig[K] extends object ? Partial<HardwareConfig[K]> : HardwareConfig[K];
};

export const DEFAULT_CONFIG: HardwareConfig = Object.freeze({
  icache: Object.freeze({ sizeBytes: 16384, ways: 4, lineBytes: 32, replacement: 'round-robin' as Replacement, seed: 0xace1 }),
  dcache: Object.freeze({ sizeBytes: 16384, ways: 4, lineBytes: 32, replacement: 'round-robin' as Replacement, seed: 0xace1, writePolicy: 'page' as WritePolicy }),
  tlb: Object.freeze({ entries: 64, ways: 2, lockdownEntries: 8 }),
  writeBuffer: Object.freeze({ depth: 16 }),
  memory: Object.freeze({ ramWaitStates: 0, deviceWaitStates: 1 }), // as rtl/soc VersatilePB defaults
  addressSpaceSwitch: 'fcse' as AddressSpaceSwitch,
  registerMrs: 6,
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const POW2 = (lo: number, hi: number): number[] => {
  const out: number[] = [];
  for (let v = lo; v <= hi; v *= 2) out.push(v);
  return out;
};

function oneOf<T>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ConfigError(`config.${field}: ${JSON.stringify(value)} is not allowed (allowed: ${allowed.map((a) => JSON.stringify(a)).join(', ')})`);
  }
  return value as T;
}

function intIn(field: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new ConfigError(`config.${field}: ${JSON.stringify(value)} is not allowed (allowed: an integer in ${lo}..${hi})`);
  }
  return value;
}

function noUnknown(field: string, given: object | undefined, known: object): void {
  if (given === undefined) return;
  if (typeof given !== 'object' || given === null) throw new ConfigError(`config${field ? `.${field}` : ''}: expected an object, got ${JSON.stringify(given)}`);
  for (const k of Object.keys(given)) {
    if (!(k in known)) {
      throw new ConfigError(`config${field ? `.${field}` : ''}.${k}: unknown field (allowed: ${Object.keys(known).join(', ')})`);
    }
  }
}

function cache(field: string, p: Partial<CacheConfig> | undefined, d: CacheConfig): CacheConfig {
  noUnknown(field, p, d);
  const m = { ...d, ...p };
  const lineBytes = oneOf(`${field}.lineBytes`, m.lineBytes, [16, 32, 64]);
  const ways = oneOf(`${field}.ways`, m.ways, [1, 2, 4, 8]);
  const sizeBytes = oneOf(`${field}.sizeBytes`, m.sizeBytes, POW2(1024, 131072));
  if (sizeBytes < ways * lineBytes) {
    throw new ConfigError(`config.${field}.sizeBytes: ${sizeBytes} is smaller than ways x lineBytes = ${ways * lineBytes} (allowed: a power of two >= ${ways * lineBytes})`);
  }
  const replacement = oneOf(`${field}.replacement`, m.replacement, ['round-robin', 'random'] as const);
  const seed = intIn(`${field}.seed`, m.seed, 1, 0xffff);
  return Object.freeze({ sizeBytes, ways, lineBytes, replacement, seed });
}

/** The part of a configuration that can change the design's combinational structure (combStructure). */
export interface CombStructure {
  readonly addressSpaceSwitch: AddressSpaceSwitch;
}

/**
 * What of a configuration can change which signals the design's comb blocks read and write, and so
 * its comb schedule (rtl/hdl/comb-schedule.ts): only the address-space switch (under 'asid' the
 * caches are physically tagged, so the I-cache reads the TLB's physical address, not its MVA).
 * Every other field sizes memories or sets values (wait states, seeds, entry counts), so designs
 * that differ only there share one comb recording (testbench/machine/rtl-machine.ts);
 * tests/machine/comb-structure.test.ts records each value of every other field to hold this to it.
 */
export function combStructure(c: HardwareConfig): CombStructure {
  return { addressSpaceSwitch: c.addressSpaceSwitch };
}

/** Ctype b1110 (write-back, register 7 cleaning, format C lockdown) and S = 1 (separate I and D caches). */
const CACHE_TYPE_CTYPE_S = (0b1110 << 25) | (1 << 24);

/**
 * The 12-bit Isize/Dsize field of the CP15 c0 cache type register (ARM926EJ-S TRM DDI0198D 2.3.2):
 * [11:10] 0, [9:6] Size, [5:3] Assoc, [2] M, [1:0] Len. With M = 0: size = 512 << Size bytes,
 * ways = 1 << Assoc, line = 8 << Len bytes. The ARM926 TRM lists only its own values (4..128 KB,
 * 4-way, 8 words) and calls the rest reserved; the model uses the general ARMv5 meaning of the
 * fields for the other configurations. A geometry the fields cannot hold (M = 1 sizes and
 * associativities, a Size over 15, a line over 64 bytes) is a ConfigError naming the field; every
 * value validateConfig allows today is representable, so this is a guard for future knob ranges.
 */
function cacheTypeField(field: string, c: CacheConfig): number {
  const l2 = (v: number): number => (Number.isInteger(Math.log2(v)) ? Math.log2(v) : -1);
  const size = l2(c.sizeBytes) - 9;
  const assoc = l2(c.ways);
  const len = l2(c.lineBytes) - 3;
  const bad = (f: string, v: number, allowed: string): never => {
    throw new ConfigError(`config.${field}.${f}: ${v} cannot be expressed in the CP15 c0 cache type register (allowed: ${allowed})`);
  };
  if (size < 0 || size > 15) bad('sizeBytes', c.sizeBytes, 'a power of two from 512 to 16777216');
  if (assoc < 0 || assoc > 7) bad('ways', c.ways, 'a power of two from 1 to 128');
  if (len < 0 || len > 3) bad('lineBytes', c.lineBytes, '8, 16, 32 or 64');
  return (size << 6) | (assoc << 3) | len;
}

/**
 * CP15 c0 (opcode2 1), the cache type register, for this configuration: what software reads to size
 * its set/way loops. Both models read it from here (the RTL's CP15 and the reference model through
 * testbench/machine). The default configuration gives 0x1d152152 (16 KB, 4-way, 32-byte lines each).
 */
export function cacheTypeRegister(c: Pick<HardwareConfig, 'icache' | 'dcache'>): number {
  return (CACHE_TYPE_CTYPE_S | (cacheTypeField('dcache', c.dcache) << 12) | cacheTypeField('icache', c.icache)) >>> 0;
}

/** Merge `partial` over the defaults and validate every field. */
export function validateConfig(partial: PartialConfig = {}): HardwareConfig {
  noUnknown('', partial, DEFAULT_CONFIG);
  const d = DEFAULT_CONFIG;
  const icache = cache('icache', partial.icache, d.icache);
  const dc = cache('dcache', partial.dcache, d.dcache);
  noUnknown('dcache', partial.dcache, d.dcache);
  const writePolicy = oneOf('dcache.writePolicy', partial.dcache?.writePolicy ?? d.dcache.writePolicy, ['page', 'write-through'] as const);
  const dcache: DCacheConfig = Object.freeze({ ...dc, writePolicy });

  noUnknown('tlb', partial.tlb, d.tlb);
  const t = { ...d.tlb, ...partial.tlb };
  const tlbWays = oneOf('tlb.ways', t.ways, [1, 2, 4, 8]);
  const entries = oneOf('tlb.entries', t.entries, POW2(Math.max(2, tlbWays), 256));
  const lockdownEntries = intIn('tlb.lockdownEntries', t.lockdownEntries, 0, 8);
  const tlb: TlbConfig = Object.freeze({ entries, ways: tlbWays, lockdownEntries });

  noUnknown('writeBuffer', partial.writeBuffer, d.writeBuffer);
  const depth = oneOf('writeBuffer.depth', partial.writeBuffer?.depth ?? d.writeBuffer.depth, POW2(1, 64));

  noUnknown('memory', partial.memory, d.memory);
  const mem = { ...d.memory, ...partial.memory };
  const memory: MemoryTimingConfig = Object.freeze({
    ramWaitStates: intIn('memory.ramWaitStates', mem.ramWaitStates, 0, 64),
    deviceWaitStates: intIn('memory.deviceWaitStates', mem.deviceWaitStates, 0, 64),
  });
  const addressSpaceSwitch = oneOf('addressSpaceSwitch', partial.addressSpaceSwitch ?? d.addressSpaceSwitch, ['flush', 'fcse', 'asid'] as const);
  const registerMrs = intIn('registerMrs', partial.registerMrs ?? d.registerMrs, 0, 6);
  cacheTypeRegister({ icache, dcache }); // a geometry the cache type register cannot describe is an error
  return Object.freeze({ icache, dcache, tlb, writeBuffer: Object.freeze({ depth }), memory, addressSpaceSwitch, registerMrs });
}
