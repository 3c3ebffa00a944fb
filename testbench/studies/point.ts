// One point of a study: the full, validated configuration of one scenario run. Its hash (over the
// configuration with every hardware default filled in, plus a fingerprint of the model's sources)
// names its cache file, so equal configurations share a result and a changed model recomputes.
import { createHash } from 'node:crypto';
import { MAX_MRS } from '../../kernel/abi.ts';
import { validateConfig, type PartialConfig } from '../../rtl/config.ts';
import { IPC_DESIGNS, type IpcDesign } from '../../kernel/abi.ts';
import type { SwitchStrategy } from '../scenarios/ipc-scenario.ts';
import { modelFingerprint } from './fingerprint.ts';
import { formatFastForwardPoint, parseFastForwardPoint } from '../machine/fast-forward.ts';
import { MachineInputError } from '../machine/image.ts';
import { PointError } from './point-error.ts';
import { canonicalJson } from './canonical-json.ts';
import { DEFAULT_BENCH, USES_WORDS, validateBench, type BenchSpec } from '../ipcbench/measure/spec.ts';

export const SCENARIOS = ['pingpong', 'ring', 'ipcbench'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export const STRATEGIES: readonly SwitchStrategy[] = ['full', 'fcse', 'asid'];
export const KERNEL_MAPPINGS = ['section', 'pages'] as const;
/** The user programs' instruction set: ARM, Thumb, or a Thumb client with an ARM server. */
export const USER_ISAS = ['arm', 'thumb', 'mixed'] as const;
export type KernelMapping = (typeof KERNEL_MAPPINGS)[number];

export interface PointConfig {
  /** 'pingpong': runIpcScenario (client/server Call + ReplyWait); 'ring': N spaces pass a message around. */
  readonly scenario: ScenarioName;
  readonly registerMrs: number;
  readonly words: number;
  readonly strategy: SwitchStrategy;
  /** The kernel's IPC design (pingpong only; kernel/abi.ts IPC_DESIGNS). */
  readonly design: IpcDesign;
  /** How the kernel's megabyte is mapped: one section (default) or 4 KB pages (pingpong and ipcbench). */
  readonly kernelMapping: KernelMapping;
  readonly rounds: number;
  /** Address spaces in the ring (ring only; 2..7). */
  readonly spaces: number;
  /** Cache lines of private data each thread dirties before every send (ring only). */
  readonly dirtyLines: number;
  readonly hardware: PartialConfig;
  /** User programs (pingpong only; KernelConfig.userIsa): 'arm', 'thumb' or 'mixed'. */
  readonly userIsa: (typeof USER_ISAS)[number];
  /** The benchmark run (ipcbench only; testbench/ipcbench/spec.ts). */
  readonly bench?: BenchSpec;
  /**
   * Run the reference model to this point (`sym`, `sym:N`, an instruction count: canonical text,
   * fast-forward.ts), hand off to this point's RTL and measure only what follows (pingpong and ring;
   * absent: the whole run on the RTL). studies/fast-forward.ts.
   */
  readonly fastForward?: string;
}

export const DEFAULT_POINT: PointConfig = {
  scenario: 'pingpong',
  registerMrs: 6,
  words: 4,
  strategy: 'fcse',
  design: 'l4',
  kernelMapping: 'section',
  rounds: 6,
  spaces: 2,
  dirtyLines: 0,
  hardware: {},
  userIsa: 'arm',
};

export { PointError };

function int(field: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new PointError(`point.${field}: ${JSON.stringify(v)} is not allowed (an integer in ${lo}..${hi})`);
  return v;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fill defaults and check every field; the hardware goes through rtl/config's validateConfig. */
export function validatePoint(raw: unknown): PointConfig {
  if (!isObject(raw)) throw new PointError(`point: expected an object, got ${JSON.stringify(raw) ?? String(raw)}`);
  const p = raw as Partial<PointConfig>;
  if (p.hardware !== undefined && !isObject(p.hardware)) throw new PointError(`point.hardware: expected an object, got ${JSON.stringify(p.hardware)}`);
  const known = [...Object.keys(DEFAULT_POINT), 'bench', 'fastForward'];
  for (const k of Object.keys(p)) if (!known.includes(k)) throw new PointError(`point.${k}: unknown field (allowed: ${known.join(', ')})`);
  const m = { ...DEFAULT_POINT, ...p };
  if (!SCENARIOS.includes(m.scenario)) throw new PointError(`point.scenario: ${JSON.stringify(m.scenario)} is not allowed (allowed: ${SCENARIOS.join(', ')})`);
  if (!STRATEGIES.includes(m.strategy)) throw new PointError(`point.strategy: ${JSON.stringify(m.strategy)} is not allowed (allowed: ${STRATEGIES.join(', ')})`);
  if (!IPC_DESIGNS.includes(m.design)) throw new PointError(`point.design: ${JSON.stringify(m.design)} is not allowed (allowed: ${IPC_DESIGNS.join(', ')})`);
  if (!KERNEL_MAPPINGS.includes(m.kernelMapping)) throw new PointError(`point.kernelMapping: ${JSON.stringify(m.kernelMapping)} is not allowed (allowed: ${KERNEL_MAPPINGS.join(', ')})`);
  if (m.scenario === 'ring' && m.kernelMapping !== 'section') throw new PointError(`point.kernelMapping: the ring scenario maps the kernel with a section only (got ${JSON.stringify(m.kernelMapping)})`);
  if (!USER_ISAS.includes(m.userIsa)) throw new PointError(`point.userIsa: ${JSON.stringify(m.userIsa)} is not allowed (allowed: ${USER_ISAS.join(', ')})`);
  if (m.scenario === 'ring' && m.userIsa !== 'arm') throw new PointError(`point.userIsa: the ring scenario's program is ARM (got ${JSON.stringify(m.userIsa)})`);
  if (m.scenario === 'ring' && m.design !== 'l4') throw new PointError(`point.design: the ring scenario runs the l4 design only (got ${JSON.stringify(m.design)})`);
  if (m.scenario !== 'ipcbench' && p.bench !== undefined) throw new PointError(`point.bench: only the ipcbench scenario takes a benchmark run (scenario ${m.scenario})`);
  if (m.scenario === 'ipcbench' && m.userIsa !== 'arm') throw new PointError(`point.userIsa: the ipcbench programs are ARM (got ${JSON.stringify(m.userIsa)})`);
  const fastForward = p.fastForward === undefined ? undefined : canonicalFastForward(p.fastForward);
  if (fastForward !== undefined && m.scenario === 'ipcbench') throw new PointError('point.fastForward: the ipcbench scenario measures every operation from the start of its run (its cold samples too); fast-forward applies to the pingpong and ring scenarios');
  if (m.scenario === 'ipcbench') return benchPoint(m, validateBench(p.bench ?? DEFAULT_BENCH));
  const point: PointConfig = {
    scenario: m.scenario,
    registerMrs: int('registerMrs', m.registerMrs, 0, 6),
    words: int('words', m.words, 0, MAX_MRS - 1),
    strategy: m.strategy,
    design: m.design,
    kernelMapping: m.kernelMapping,
    rounds: int('rounds', m.rounds, 2, 1000),
    spaces: int('spaces', m.spaces, 2, 7),
    dirtyLines: int('dirtyLines', m.dirtyLines, 0, 256),
    hardware: m.hardware,
    userIsa: m.userIsa,
    ...(fastForward !== undefined ? { fastForward } : {}),
  };
  validateConfig(point.hardware); // throws a ConfigError naming the field
  return point;
}

/** A fast-forward point as canonical text (`ipc_entry` and `ipc_entry:1` are one point, so one hash). */
function canonicalFastForward(v: unknown): string {
  if (typeof v !== 'string' && typeof v !== 'number') throw new PointError(`point.fastForward: ${JSON.stringify(v)} is not a point (expected text: a symbol, symbol:N or an instruction count)`);
  try {
    return formatFastForwardPoint(parseFastForwardPoint(String(v)));
  } catch (e) {
    if (e instanceof MachineInputError) throw new PointError(`point.fastForward: ${e.message.replace(/^--fast-forward /, '')}`);
    throw e;
  }
}

/**
 * An ipcbench point: the fields its run does not use take their defaults (rounds, spaces and dirty
 * lines; words for the null call and interrupts), so equal runs share a hash.
 */
function benchPoint(m: PointConfig, bench: BenchSpec): PointConfig {
  if (m.design === 'buffered') throw new PointError('point.design: the ipcbench scenario cannot run the buffered design (its sends never block, so the queue run\'s blocking operations do not exist)');
  const point: PointConfig = {
    ...DEFAULT_POINT,
    scenario: 'ipcbench',
    registerMrs: int('registerMrs', m.registerMrs, 0, 6),
    words: USES_WORDS.has(bench.run) ? int('words', m.words, 0, 63) : 0,
    strategy: m.strategy,
    design: m.design,
    kernelMapping: m.kernelMapping,
    hardware: m.hardware,
    bench,
  };
  validateConfig(point.hardware);
  return point;
}

/** The hash naming a point's result: full configuration (defaults filled in) + model fingerprint. */
export function pointHash(p: PointConfig): string {
  const full = { ...p, hardware: validateConfig(p.hardware) };
  // A fast-forwarded point's result also depends on the reference model and the hand-off.
  return createHash('sha256').update(canonicalJson({ point: full, model: modelFingerprint(p.scenario, p.fastForward !== undefined) })).digest('hex').slice(0, 24);
}
