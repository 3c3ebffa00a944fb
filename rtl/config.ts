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
  return Object.freeze({ icache, dcache, tlb, writeBuffer: Object.freeze({ depth }), memory, addressSpaceSwitch, registerMrs });
}
