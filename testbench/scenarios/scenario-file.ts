// Scenario files for `npm start -- --scenario <file>`: the spaces, threads, priorities, programs and
// interrupt lines of a kernel system, the shape kernel/build.ts builds (Scenario), as JSON:
//
//   { "spaces":  [ { "name": "clients", "sources": ["pingpong_client.S"], "defsym": { "ROUNDS": 4, "WORDS": 8 } },
//                  { "name": "server",  "sources": ["pingpong_server.S"] } ],
//     "threads": [ { "name": "client",  "space": "clients", "entry": "client_start", "priority": 10 },
//                  { "name": "client2", "space": "clients", "entry": "client_start", "priority": 10 },
//                  { "name": "server",  "space": "server",  "entry": "server_start", "priority": 20 } ] }
//
// Programs are files of kernel/user (kernel/user/thumb for a Thumb space); every field is checked
// and an error names it (`scenario.threads[1].space: "x" is not a space`). The kernel's knobs
// (register MRs, switch strategy, design) come from the command line, as for the built-in ping-pong.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { USER_SRC_DIR, USER_THUMB_DIR, type Scenario, type SpaceSpec, type ThreadSpec } from '../../kernel/build.ts';
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

function space(where: string, raw: unknown): SpaceSpec {
  const s = fields(where, raw, ['name', 'sources', 'defsym', 'devices', 'isa']);
  const isa = s['isa'] === undefined ? undefined : s['isa'];
  if (isa !== undefined && isa !== 'arm' && isa !== 'thumb') throw new ScenarioFileError(`${where}.isa: ${JSON.stringify(isa)} is not allowed (arm, thumb)`);
  const dir = isa === 'thumb' ? USER_THUMB_DIR : USER_SRC_DIR;
  const sources = list(`${where}.sources`, s['sources']).map((f, i) => {
    if (typeof f !== 'string' || f.includes('/') || !f.endsWith('.S')) throw new ScenarioFileError(`${where}.sources[${i}]: ${JSON.stringify(f)} is not a program file name of kernel/user (name.S)`);
    if (!existsSync(join(dir, f))) throw new ScenarioFileError(`${where}.sources[${i}]: no ${f} in ${isa === 'thumb' ? 'kernel/user/thumb' : 'kernel/user'}`);
    return f;
  });
  if (sources.length === 0) throw new ScenarioFileError(`${where}.sources: a space needs at least one program`);
  let defsym: Record<string, number> | undefined;
  if (s['defsym'] !== undefined) {
    const d = fields(`${where}.defsym`, s['defsym'], Object.keys(isRecord(s['defsym']) ? s['defsym'] : {}));
    defsym = Object.fromEntries(Object.entries(d).map(([k, v]) => [name(`${where}.defsym (name)`, k), int(`${where}.defsym.${k}`, v, -0x8000_0000, 0xffff_ffff)]));
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

/** A parsed scenario file, checked field by field. */
export function scenarioFromJson(raw: unknown, where = 'scenario'): Scenario {
  const top = fields(where, raw, ['spaces', 'threads']);
  const spaces = list(`${where}.spaces`, top['spaces']).map((s, i) => space(`${where}.spaces[${i}]`, s));
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
  return { spaces, threads };
}

/** Reads and checks a scenario file (JSON; bad JSON names the file, line and column). */
export function readScenarioFile(path: string): Scenario {
  const raw = readJsonFile(path, 'scenario file', MAX_FILE);
  try {
    return scenarioFromJson(raw);
  } catch (e) {
    throw e instanceof ScenarioFileError ? new ScenarioFileError(`${path}: ${e.message}`) : e;
  }
}

/** One line for the report: what runs in the scenario. */
export function describeScenario(s: Scenario): string {
  const per = s.spaces.map((sp) => {
    const ts = s.threads.filter((t) => t.space === sp.name).map((t) => `${t.name} (priority ${t.priority})`);
    return `${sp.name}: ${ts.length > 0 ? ts.join(', ') : 'no thread'}`;
  });
  return `${s.threads.length} threads in ${s.spaces.length} address spaces (${per.join('; ')})`;
}
