// `npm start`: the default IPC scenario on the RTL model, its report and its waveform.
// The L4 kernel runs ping-pong between a client and a server in two address spaces on the
// ARM926-class RTL system; the checkers watch every IPC and one hot IPC is written as a waveform.
import { join, resolve } from 'node:path';
import { ConfigError, validateConfig, type PartialConfig } from '../../rtl/config.ts';
import { IPC_DESIGNS, type IpcDesign } from '../../kernel/abi.ts';
import { runDesign, type DesignRow } from '../scenarios/designs.ts';
import { comparisonRows, type ComparisonJob } from './comparison-cache.ts';
import { DEFAULT_MAX_CYCLES, runIpcScenario, type IpcScenarioOptions, type SwitchStrategy } from '../scenarios/ipc-scenario.ts';
import { PUBLISHED_LENGTHS } from '../scenarios/published.ts';
import { applyScenarioKnobs, PINGPONG_SCENARIO, readScenarioFile, scenarioFileError, scenarioSymbol, SCENARIOS_DIR, spaceIsa, type ScenarioKnobs } from '../scenarios/scenario-file.ts';
import { ScenarioError } from '../../kernel/build.ts';
import { helpText, parseArgs, UsageError, type OptionSpec } from './args.ts';
import { checkDistinctPaths, checkOutputPath, checkRegularOutput } from './atomic-file.ts';
import { formatReport, reportJson, thisRunSource, type PublishedSource } from './report.ts';
import { isEntryPoint, processIo, runMain, type CliIo } from './run-main.ts';

const spec = {
  scenario: { type: 'string', default: 'pingpong', arg: 'NAME|FILE', help: "a bundled scenario of scenarios/ ('pingpong', 'two-clients') or a scenario file (JSON: spaces, threads, priorities, programs, interrupt lines); --words, --rounds and --isa set its WORDS and ROUNDS symbols and the 'client' and 'server' spaces' instruction sets" },
  mrs: { type: 'int', default: 6, min: 0, max: 6, help: 'message registers passed in core registers (kernel build knob)' },
  words: { type: 'int', min: 0, max: 63, help: "untyped words per message (beyond the register MRs they go through the UTCBs; default: the scenario's)" },
  design: { type: 'string', default: 'l4', choices: [...IPC_DESIGNS], help: 'IPC design of the kernel for the main run and its waveform (kernel/abi.ts)' },
  compare: { type: 'string', default: 'all', arg: 'LIST', help: "designs measured beside it for 'Why it is fast' (comma-separated, 'all' or 'none')" },
  switch: { type: 'string', default: 'fcse', choices: ['full', 'fcse', 'asid'], help: "address-space switch strategy ('full': flush)" },
  rounds: { type: 'int', min: 1, max: 10_000, help: "ping-pong rounds (two one-way IPCs each; default: the scenario's)" },
  isa: { type: 'string', choices: ['arm', 'thumb', 'mixed'], help: "user programs' instruction set ('mixed': a Thumb client, an ARM server; default: the scenario's)" },
  icache: { type: 'int', default: 16, min: 1, max: 128, help: 'I-cache size in KB (a power of two)' },
  dcache: { type: 'int', default: 16, min: 1, max: 128, help: 'D-cache size in KB (a power of two)' },
  ways: { type: 'int', default: 4, min: 1, max: 8, help: 'cache associativity (both caches: 1, 2, 4 or 8)' },
  tlb: { type: 'int', default: 64, min: 2, max: 256, help: 'main TLB entries (a power of two)' },
  latency: { type: 'int', default: 0, min: 0, max: 64, help: 'RAM wait states (0: a bus access takes one cycle)' },
  'max-cycles': { type: 'int', default: DEFAULT_MAX_CYCLES, min: 1_000, max: 2_000_000_000, arg: 'N', help: 'cycle limit of each run (a program that never exits stops here, and the report says so)' },
  margin: { type: 'int', default: 40, min: 0, max: 100_000, help: 'cycles of waveform before the trap and after the resume' },
  vcd: { type: 'string', default: 'waves/handoff.vcd', arg: 'PATH', help: 'waveform output path (a regular file: it is read back)' },
  gtkw: { type: 'string', default: 'waves/handoff.gtkw', arg: 'PATH', help: 'GTKWave save file output path' },
  text: { type: 'string', default: 'string', choices: ['string', 'vector'], help: "text signal encoding ('string': GTKWave; 'vector': ASCII bits, any VCD reader)" },
  fresh: { type: 'flag', help: "run the comparison runs ('Why it is fast', the published lengths) again, not reusing those an earlier npm start with the same sources and options kept in .cache/why/" },
  json: { type: 'flag', help: 'print one JSON object instead of the report' },
  help: { type: 'flag', help: 'show this help' },
} satisfies Record<string, OptionSpec>;

export async function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): Promise<number> {
  const o = parseArgs(argv, spec).values;
  if (o.help) {
    io.out(`usage: npm start -- [options]\n\nRuns the L4 ping-pong IPC scenario on the ARM926 RTL model, checks the zero-copy\nhand-off of every IPC, and writes the waveform of one hot IPC with its GTKWave view.\n\n${helpText(spec)}\n`);
    return 0;
  }
  const hardware: PartialConfig = {
    icache: { sizeBytes: o.icache * 1024, ways: o.ways },
    dcache: { sizeBytes: o.dcache * 1024, ways: o.ways },
    tlb: { entries: o.tlb },
    memory: { ramWaitStates: o.latency },
  };
  validateHardware(hardware); // name a bad knob before anything runs
  // Outputs are checked before the simulation: a bad path fails in a moment, not after the run.
  checkRegularOutput(o.vcd, '--vcd');
  checkOutputPath(o.gtkw, '--gtkw');
  const file = scenarioPath(o.scenario);
  checkDistinctPaths([{ path: file, what: '--scenario' }], [{ path: o.vcd, what: '--vcd' }, { path: o.gtkw, what: '--gtkw' }]);
  const compare = designList(o.compare);
  // The scenario file with the parameters given on the command line (the others keep the file's values).
  const knobs: ScenarioKnobs = {
    ...(o.words !== undefined ? { words: o.words } : {}),
    ...(o.rounds !== undefined ? { rounds: o.rounds } : {}),
    ...(o.isa !== undefined ? { clientIsa: o.isa === 'arm' ? 'arm' : 'thumb', serverIsa: o.isa === 'thumb' ? 'thumb' : 'arm' } : {}),
  } as const;
  const loaded = applyScenarioKnobs(readScenarioFile(file), knobs);
  // The bundled ping-pong is the scenario whose message 'Why it is fast' and the published figures describe.
  const pingPong = resolve(file) === PINGPONG_SCENARIO;
  if (io.validateOnly) return 0;
  const design = o.design as IpcDesign;
  const options: IpcScenarioOptions = {
    registerMrs: o.mrs, words: scenarioSymbol(loaded, 'WORDS') ?? 0, strategy: o.switch as SwitchStrategy, design, rounds: scenarioSymbol(loaded, 'ROUNDS') ?? 0, hardware, vcd: o.vcd, gtkw: o.gtkw, margin: o.margin, textEncoding: o.text as 'string' | 'vector', maxCycles: o['max-cycles'],
    clientIsa: spaceIsa(loaded, 'client'), serverIsa: spaceIsa(loaded, 'server'),
    ...(pingPong ? {} : { scenario: loaded, scenarioFile: o.scenario }),
  };
  const scenario = options.scenario;
  // Why it is fast: the same run under each design (no waveform), and the l4 design at the lengths
  // the published figures are for; (both sections describe the built-in ping-pong's message: a
  // scenario file's run has neither). They run after the main run, in this thread, where its JIT
  // warm-up serves them (a worker thread on the other core repeated that warm-up: slower end to end).
  // They boot on the reference model (boot-on-model.ts: the same figures; the boot's uncached
  // page-table clearing is most of a short run's RTL cycles).
  const base: IpcScenarioOptions = { ...options, vcd: undefined, gtkw: undefined, rounds: Math.min(options.rounds, 4), bootOnModel: true };
  const designs = compare.length > 0 && !scenario ? compare : [];
  const l4AtWords = designs.includes('l4') || design === 'l4';
  const lengths = scenario ? [] : PUBLISHED_LENGTHS.filter((w) => !(l4AtWords && w === options.words));
  const jobs: ComparisonJob[] = [...designs.map((d) => ({ options: base, design: d })), ...lengths.map((words) => ({ options: { ...base, words }, design: 'l4' as const }))];
  const result = await runIpcScenario(options).catch((e: unknown) => {
    // What only the build knows (a missing symbol, a program too large): named by file and field.
    throw e instanceof ScenarioError ? scenarioFileError(file, e) : e;
  });
  // The same sources and options give the same rows (the simulation is deterministic): an earlier
  // run's are reused from the cache, and the report says so (comparison-cache.ts).
  const comparison = await comparisonRows(jobs, (j) => runDesign(j.options, j.design), { ...(io.cacheDir !== undefined ? { dir: io.cacheDir } : {}), fresh: o.fresh, warn: io.err });
  const rows = comparison.rows;
  const why: DesignRow[] = rows.slice(0, designs.length);
  const l4Row = why.find((r) => r.design === 'l4');
  const published = new Map<number, number | undefined>();
  // Whether our figure at each length came from fast-path IPCs (the published ones are fast paths).
  const publishedFast = new Map<number, boolean>();
  // Where each figure came from, and over how many IPCs its hot figure is (one: the cold one).
  const publishedSource = new Map<number, PublishedSource>();
  if (!scenario) {
    for (const w of PUBLISHED_LENGTHS) {
      const k = lengths.indexOf(w);
      const row = k >= 0 ? rows[designs.length + k]! : l4Row;
      published.set(w, row ? row.hotCycles : result.hotCycles);
      publishedFast.set(w, row ? row.fastHandOffs > 0 : result.fastPathIpcs > 0);
      publishedSource.set(w, row ? { run: 'a comparison run', measured: row.fastHandOffs > 0 ? row.fastHandOffs : row.handOffs, kind: row.fastHandOffs > 0 ? 'fast-path IPC' : 'hand-off', stoppedAt: undefined } : thisRunSource(result));
    }
  }
  if (o.json) io.out(`${JSON.stringify(reportJson(result, why, published, comparison, publishedFast, publishedSource), null, 2)}\n`);
  else io.out(`${formatReport(result, why, published, comparison, publishedFast, publishedSource)}\n`);
  // Non-zero when a program reported failure, the kernel faulted or did not exit cleanly, a claim
  // failed, or the waveform re-check disagreed with the online checkers.
  const ok = result.report.verdict === 'pass' && result.outcome.ok && (result.vcd?.agrees ?? true);
  return ok ? 0 : 1;
}

/** The config fields the hardware options set (the config names a bad field; the user typed an option). */
const OPTION_OF_FIELD: ReadonlyArray<readonly [string, string]> = [
  ['config.icache.sizeBytes', '--icache'],
  ['config.dcache.sizeBytes', '--dcache'],
  ['config.icache.ways', '--ways'],
  ['config.dcache.ways', '--ways'],
  ['config.tlb.entries', '--tlb'],
  ['config.memory.ramWaitStates', '--latency'],
];

/** validateConfig, its error led by the option that set the field (sizes are in bytes there). */
function validateHardware(hardware: PartialConfig): void {
  try {
    validateConfig(hardware);
  } catch (e) {
    const option = e instanceof ConfigError ? OPTION_OF_FIELD.find(([field]) => e.message.startsWith(`${field}:`))?.[1] : undefined;
    if (option !== undefined && e instanceof Error) throw new UsageError(`${option}: ${e.message}`);
    throw e;
  }
}

/** --scenario: a bundled scenario's name (scenarios/NAME.json) or a file's path. */
function scenarioPath(value: string): string {
  return /^[A-Za-z0-9_-]+$/.test(value) ? join(SCENARIOS_DIR, `${value}.json`) : value;
}

/** --compare: 'all', 'none' or a comma-separated list of designs. */
function designList(text: string): IpcDesign[] {
  if (text === 'all') return [...IPC_DESIGNS];
  if (text === 'none') return [];
  const names = text.split(',').map((s) => s.trim());
  for (const n of names) if (!(IPC_DESIGNS as readonly string[]).includes(n)) throw new UsageError(`--compare: ${JSON.stringify(n)} is not a design (${IPC_DESIGNS.join(', ')}, or 'all', 'none')`);
  return [...new Set(names)] as IpcDesign[];
}

if (isEntryPoint(import.meta.url)) await runMain('npm start', main);
