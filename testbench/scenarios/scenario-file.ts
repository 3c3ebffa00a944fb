// Scenario files for `npm start -- --scenario <file>`: the spaces, threads, priorities, programs and
// interrupt lines of a kernel system, the shape kernel/build.ts builds (Scenario), as JSON:
//
//   { "spaces":  [ { "name": "clients", "sources": ["pingpong_client.S"], "defsym": { "ROUNDS": 4, "WORDS": 8 } },
//                  { "name": "server",  "sources": ["pingpong_server.S"] } ],
//     "threads": [ { "name": "client",  "space": "clients", "entry": "client_start", "priority": 10 },
//                  { "name": "client2", "space": "clients", "entry": "client_start", "priority": 10 },
//                  { "name": "server",  "space": "server",  "entry": "server_start", "priority": 20 } ] }
//
// A program is a file name of kernel/user (kernel/user/thumb for a Thumb space), or a path of one's
// own, relative to the scenario file (any name containing '/'; it may `.include "user.inc"` and files
// beside it). Every field is checked and an error names it (`scenario.threads[1].space: "x" is not a
// space`). The kernel's knobs (register MRs, switch strategy, design) come from the command line.
// `"verdicts": ["pingpong"]` (optional) names the programs that must print a verdict line
// ("pingpong: ok"): a run where one of them printed none fails; without it, only a FAIL line fails.
// The bundled ping-pong is such a file (scenarios/pingpong.json); its parameters, the WORDS and
// ROUNDS symbols and the client's and server's instruction sets, are what `--words`, `--rounds`
// and `--isa` set (applyScenarioKnobs).
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../kernel/project-root.ts';
import { checkScenario, ScenarioError, USER_SRC_DIR, USER_THUMB_DIR, WORD_MAX, WORD_MIN, type Scenario, type SpaceSpec, type ThreadSpec, type UserIsa } from '../../kernel/build.ts';
import { readJsonFile } from '../cli/input-file.ts';

export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError';
}

const MAX_FILE = 1 << 20;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Json = Readonly<Record<string, unknown>>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function fields(where: string, v: unknown, allowed: readonly string[]): Json {
  if (!isRecord(v)) throw new ScenarioFileError(`${where}: expected an object`);
  for (const k of Object.keys(v)) if (!allowed.includes(k)) throw new ScenarioFileError(`${where}.${k}: unknown field (allowed: ${allowed.join(', ')})`);
  return v;
}

function name(where: string, v: unknown): string {
  if (typeof v !== 'string' || !NAME.test(v)) throw new ScenarioFileError(`${where}: ${JSON.stringify(v)} is not a name (letters, digits, _)`);
  return v;
}

function int(where: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new ScenarioFileError(`${where}: ${JSON.stringify(v)} is not allowed (an integer in ${lo}..${hi})`);
  return v;
}

function list(where: string, v: unknown): readonly unknown[] {
  if (!Array.isArray(v)) throw new ScenarioFileError(`${where}: expected an array`);
  return v;
}

/** The bundled scenario files (scenarios/ at the project's root). */
export const SCENARIOS_DIR = join(PROJECT_ROOT, 'scenarios');
/** The default scenario: ping-pong between a client and a server in two address spaces. */
export const PINGPONG_SCENARIO = join(SCENARIOS_DIR, 'pingpong.json');

function program(where: string, f: unknown, dir: string, isa: string | undefined, baseDir: string): string {
  if (typeof f !== 'string' || !f.endsWith('.S')) throw new ScenarioFileError(`${where}: ${JSON.stringify(f)} is not a program (an assembly file name.S)`);
  if (f.includes('/')) {
    const path = resolve(baseDir, f);
    if (!existsSync(path) || !statSync(path).isFile()) throw new ScenarioFileError(`${where}: no file ${path}`);
    return path;
  }
  if (!existsSync(join(dir, f))) throw new ScenarioFileError(`${where}: no ${f} in ${isa === 'thumb' ? 'kernel/user/thumb' : 'kernel/user'} (a program of one's own is a path: ./${f})`);
  return f;
}

function space(where: string, raw: unknown, baseDir: string): SpaceSpec {
  const s = fields(where, raw, ['name', 'sources', 'defsym', 'devices', 'isa']);
  const isa = s['isa'] === undefined ? undefined : s['isa'];
  if (isa !== undefined && isa !== 'arm' && isa !== 'thumb') throw new ScenarioFileError(`${where}.isa: ${JSON.stringify(isa)} is not allowed (arm, thumb)`);
  const dir = isa === 'thumb' ? USER_THUMB_DIR : USER_SRC_DIR;
  const sources = list(`${where}.sources`, s['sources']).map((f, i) => program(`${where}.sources[${i}]`, f, dir, isa, baseDir));
  if (sources.length === 0) throw new ScenarioFileError(`${where}.sources: a space needs at least one program`);
  let defsym: Record<string, number> | undefined;
  if (s['defsym'] !== undefined) {
    const d = fields(`${where}.defsym`, s['defsym'], Object.keys(isRecord(s['defsym']) ? s['defsym'] : {}));
    defsym = Object.fromEntries(Object.entries(d).map(([k, v]) => [name(`${where}.defsym (name)`, k), int(`${where}.defsym.${k}`, v, WORD_MIN, WORD_MAX)]));
  }
  if (s['devices'] !== undefined && typeof s['devices'] !== 'boolean') throw new ScenarioFileError(`${where}.devices: expected true or false`);
  return {
    name: name(`${where}.name`, s['name']),
    sources,
    ...(defsym ? { defsym } : {}),
    ...(s['devices'] === true ? { devices: true } : {}),
    ...(isa ? { isa } : {}),
  };
}

function thread(where: string, raw: unknown, spaces: ReadonlySet<string>): ThreadSpec {
  const t = fields(where, raw, ['name', 'space', 'entry', 'priority', 'arg', 'irqs', 'start']);
  const sp = name(`${where}.space`, t['space']);
  if (!spaces.has(sp)) throw new ScenarioFileError(`${where}.space: ${JSON.stringify(sp)} is not a space of the scenario (${[...spaces].join(', ')})`);
  const arg = t['arg'];
  if (arg !== undefined && typeof arg !== 'string' && (typeof arg !== 'number' || !Number.isInteger(arg))) throw new ScenarioFileError(`${where}.arg: expected an integer or a symbol name`);
  if (typeof arg === 'number') int(`${where}.arg`, arg, WORD_MIN, WORD_MAX);
  if (t['start'] !== undefined && typeof t['start'] !== 'boolean') throw new ScenarioFileError(`${where}.start: expected true or false`);
  const irqs = t['irqs'] === undefined ? undefined : list(`${where}.irqs`, t['irqs']).map((l, i) => int(`${where}.irqs[${i}]`, l, 0, 31));
  return {
    name: name(`${where}.name`, t['name']),
    space: sp,
    entry: name(`${where}.entry`, t['entry']),
    priority: int(`${where}.priority`, t['priority'], 0, 255),
    ...(arg !== undefined ? { arg: arg as number | string } : {}),
    ...(irqs ? { irqs } : {}),
    ...(t['start'] === false ? { start: false } : {}),
  };
}

/** A scenario file: the system kernel/build.ts builds, and what its programs must report. */
export interface ScenarioFile extends Scenario {
  /** Programs that must print a verdict line (`<program>: ok`); default none (runOutcome's `expected`). */
  readonly verdicts?: readonly string[];
}

/** A program's name in a verdict line (outcome.ts reads `<program>: ok`). */
const PROGRAM = /^[A-Za-z0-9_.-]+$/;

/** A parsed scenario file, checked field by field; program paths are relative to `baseDir`. */
export function scenarioFromJson(raw: unknown, where = 'scenario', baseDir = process.cwd()): ScenarioFile {
  const top = fields(where, raw, ['spaces', 'threads', 'verdicts']);
  const spaces = list(`${where}.spaces`, top['spaces']).map((s, i) => space(`${where}.spaces[${i}]`, s, baseDir));
  if (spaces.length === 0) throw new ScenarioFileError(`${where}.spaces: at least one space`);
  const spaceNames = new Set<string>();
  spaces.forEach((s, i) => {
    if (spaceNames.has(s.name)) throw new ScenarioFileError(`${where}.spaces[${i}].name: ${JSON.stringify(s.name)} is used twice`);
    spaceNames.add(s.name);
  });
  const threads = list(`${where}.threads`, top['threads']).map((t, i) => thread(`${where}.threads[${i}]`, t, spaceNames));
  if (threads.length === 0) throw new ScenarioFileError(`${where}.threads: at least one thread`);
  const threadNames = new Set<string>();
  threads.forEach((t, i) => {
    if (threadNames.has(t.name.toUpperCase())) throw new ScenarioFileError(`${where}.threads[${i}].name: ${JSON.stringify(t.name)} is used twice (names are TID_<NAME> symbols, case-insensitive)`);
    threadNames.add(t.name.toUpperCase());
  });
  const verdicts = top['verdicts'] === undefined ? undefined : list(`${where}.verdicts`, top['verdicts']).map((v, i) => {
    if (typeof v !== 'string' || !PROGRAM.test(v)) throw new ScenarioFileError(`${where}.verdicts[${i}]: ${JSON.stringify(v)} is not a program name (letters, digits, _ . -: the name its verdict line starts with)`);
    return v;
  });
  const scenario = { spaces, threads, ...(verdicts ? { verdicts } : {}) };
  // The kernel's limits (spaces, threads per space, interrupt lines, reserved symbols), named by field
  // now rather than when the kernel is built; what only the build knows (symbols, sizes) is named then.
  try {
    checkScenario(scenario);
  } catch (e) {
    throw e instanceof ScenarioError ? new ScenarioFileError(e.message.replace(/^scenario/, where)) : e;
  }
  return scenario;
}

/** Reads and checks a scenario file (JSON; bad JSON names the file, line and column). */
export function readScenarioFile(path: string): ScenarioFile {
  const raw = readJsonFile(path, 'scenario file', MAX_FILE);
  try {
    return scenarioFromJson(raw, 'scenario', dirname(resolve(path)));
  } catch (e) {
    throw e instanceof ScenarioFileError ? scenarioFileError(path, e) : e;
  }
}

/** A scenario file's error, led by the file's path. */
export function scenarioFileError(path: string, e: ScenarioFileError | ScenarioError): ScenarioFileError {
  return new ScenarioFileError(`${path}: ${e.message}`);
}

/** One line for the report: what runs in the scenario. */
export function describeScenario(s: Scenario): string {
  const per = s.spaces.map((sp) => {
    const ts = s.threads.filter((t) => t.space === sp.name).map((t) => `${t.name} (priority ${t.priority})`);
    return `${sp.name}: ${ts.length > 0 ? ts.join(', ') : 'no thread'}`;
  });
  const count = (k: number, one: string, many: string): string => `${k} ${k === 1 ? one : many}`;
  return `${count(s.threads.length, 'thread', 'threads')} in ${count(s.spaces.length, 'address space', 'address spaces')} (${per.join('; ')})`;
}

/** The parameters `--words`, `--rounds` and `--isa` set; a knob left out keeps the file's value. */
export interface ScenarioKnobs {
  /** The WORDS symbol of every space that defines it (words per message). */
  readonly words?: number;
  /** The ROUNDS symbol of every space that defines it. */
  readonly rounds?: number;
  /** The instruction set of the space named 'client', and of the one named 'server'. */
  readonly clientIsa?: UserIsa;
  readonly serverIsa?: UserIsa;
}

/** `s` with the knobs applied; a knob the scenario has no parameter for is an error naming it. */
export function applyScenarioKnobs<S extends Scenario>(s: S, knobs: ScenarioKnobs): S {
  const symbol = (name: 'WORDS' | 'ROUNDS', value: number | undefined) => (sp: SpaceSpec): SpaceSpec => (value !== undefined && sp.defsym?.[name] !== undefined ? { ...sp, defsym: { ...sp.defsym, [name]: value } } : sp);
  const isa = (name: string, value: UserIsa | undefined) => (sp: SpaceSpec): SpaceSpec => (value !== undefined && sp.name === name ? { ...sp, isa: value } : sp);
  const has = (test: (sp: SpaceSpec) => boolean): boolean => s.spaces.some(test);
  if (knobs.words !== undefined && !has((sp) => sp.defsym?.['WORDS'] !== undefined)) throw new ScenarioFileError('--words: no space of the scenario defines WORDS (defsym)');
  if (knobs.rounds !== undefined && !has((sp) => sp.defsym?.['ROUNDS'] !== undefined)) throw new ScenarioFileError('--rounds: no space of the scenario defines ROUNDS (defsym)');
  if (knobs.clientIsa !== undefined && knobs.clientIsa !== 'arm' && !has((sp) => sp.name === 'client')) throw new ScenarioFileError("--isa: the scenario has no space named 'client'");
  if (knobs.serverIsa !== undefined && knobs.serverIsa !== 'arm' && !has((sp) => sp.name === 'server')) throw new ScenarioFileError("--isa: the scenario has no space named 'server'");
  const spaces = s.spaces.map(symbol('WORDS', knobs.words)).map(symbol('ROUNDS', knobs.rounds)).map(isa('client', knobs.clientIsa)).map(isa('server', knobs.serverIsa));
  return { ...s, spaces };
}

/** The bundled ping-pong with the knobs applied. */
export function pingPongScenario(knobs: ScenarioKnobs): ScenarioFile {
  return applyScenarioKnobs(readScenarioFile(PINGPONG_SCENARIO), knobs);
}

/** The value of a parameter symbol (WORDS, ROUNDS) in the first space that defines it. */
export function scenarioSymbol(s: Scenario, name: string): number | undefined {
  return s.spaces.find((sp) => sp.defsym?.[name] !== undefined)?.defsym?.[name];
}

/** The instruction set of the space named `name` ('arm' when it does not say, or has no such space). */
export function spaceIsa(s: Scenario, name: string): UserIsa {
  return s.spaces.find((sp) => sp.name === name)?.isa ?? 'arm';
}
