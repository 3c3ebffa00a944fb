// `npm start`: the default IPC scenario on the RTL model, its report and its waveform.
// The L4 kernel runs ping-pong between a client and a server in two address spaces on the
// ARM926-class RTL system; the checkers watch every IPC and one hot IPC is written as a waveform.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { validateConfig, ConfigError, type PartialConfig } from '../../rtl/config.ts';
import { runIpcScenario, type IpcScenarioOptions, type SwitchStrategy } from '../scenarios/ipc-scenario.ts';
import { helpText, parseArgs, UsageError, type OptionSpec } from './args.ts';
import { formatReport, reportJson } from './report.ts';

const spec = {
  scenario: { type: 'string', default: 'pingpong', help: "scenario to run (only 'pingpong' so far)" },
  mrs: { type: 'int', default: 6, min: 0, max: 6, help: 'message registers passed in core registers (kernel build knob)' },
  words: { type: 'int', default: 8, min: 0, max: 31, help: 'untyped words per message (beyond the register MRs they go through the UTCBs)' },
  switch: { type: 'string', default: 'fcse', help: "address-space switch strategy: 'full' (flush), 'fcse' or 'asid'" },
  rounds: { type: 'int', default: 6, min: 1, max: 10_000, help: 'ping-pong rounds (two one-way IPCs each)' },
  icache: { type: 'int', default: 16, min: 1, max: 1024, help: 'I-cache size in KB' },
  dcache: { type: 'int', default: 16, min: 1, max: 1024, help: 'D-cache size in KB' },
  ways: { type: 'int', default: 4, min: 1, max: 64, help: 'cache associativity (both caches)' },
  tlb: { type: 'int', default: 64, min: 2, max: 1024, help: 'main TLB entries' },
  latency: { type: 'int', default: 0, min: 0, max: 64, help: 'RAM wait states (0: a bus access takes one cycle)' },
  margin: { type: 'int', default: 40, min: 0, max: 100_000, help: 'cycles of waveform before the trap and after the resume' },
  vcd: { type: 'string', default: 'waves/handoff.vcd', help: 'waveform output path' },
  gtkw: { type: 'string', default: 'waves/handoff.gtkw', help: 'GTKWave save file output path' },
  text: { type: 'string', default: 'string', help: "text signal encoding: 'string' (GTKWave) or 'vector' (ASCII bits, any VCD reader)" },
  json: { type: 'flag', help: 'print one JSON object instead of the report' },
  help: { type: 'flag', help: 'show this help' },
} satisfies Record<string, OptionSpec>;

const STRATEGIES: readonly SwitchStrategy[] = ['full', 'fcse', 'asid'];

async function main(): Promise<number> {
  let options: IpcScenarioOptions;
  let json = false;
  try {
    const o = parseArgs(process.argv.slice(2), spec);
    if (o.help) {
      console.log(`usage: npm start -- [options]\n\nRuns the L4 ping-pong IPC scenario on the ARM926 RTL model, checks the zero-copy\nhand-off of every IPC, and writes the waveform of one hot IPC with its GTKWave view.\n\n${helpText(spec)}`);
      return 0;
    }
    if (o.scenario !== 'pingpong') throw new UsageError(`--scenario must be 'pingpong' (got ${JSON.stringify(o.scenario)})`);
    if (!STRATEGIES.includes(o.switch as SwitchStrategy)) throw new UsageError(`--switch must be one of ${STRATEGIES.join(', ')} (got ${JSON.stringify(o.switch)})`);
    if (o.text !== 'string' && o.text !== 'vector') throw new UsageError(`--text must be 'string' or 'vector' (got ${JSON.stringify(o.text)})`);
    const hardware: PartialConfig = {
      icache: { sizeBytes: o.icache * 1024, ways: o.ways },
      dcache: { sizeBytes: o.dcache * 1024, ways: o.ways },
      tlb: { entries: o.tlb },
      memory: { ramWaitStates: o.latency },
    };
    validateConfig(hardware); // name a bad knob before anything runs
    json = o.json;
    options = { registerMrs: o.mrs, words: o.words, strategy: o.switch as SwitchStrategy, rounds: o.rounds, hardware, vcd: o.vcd, gtkw: o.gtkw, margin: o.margin, textEncoding: o.text };
    for (const p of [o.vcd, o.gtkw]) mkdirSync(dirname(p), { recursive: true });
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const result = await runIpcScenario(options);
  if (json) console.log(JSON.stringify(reportJson(result), null, 2));
  else console.log(formatReport(result));
  // Non-zero when a program reported failure, the kernel faulted or did not exit cleanly, a claim
  // failed, or the waveform re-check disagreed with the online checkers.
  const ok = result.report.verdict === 'pass' && result.outcome.ok && (result.vcd?.agrees ?? true);
  return ok ? 0 : 1;
}

process.exitCode = await main();
