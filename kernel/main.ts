// Command line: build a ready-made scenario, run it on the reference model, print the UART output,
// optionally write the ELF (for QEMU or the RTL).
//   npx tsx kernel/main.ts [pingpong|interrupts|queue|timeouts|faults] [--switch full|fcse|asid]
//                          [--nreg 0..6] [--rounds n] [--words n] [--elf out.elf]
// Exit code: 0 the kernel exited cleanly and no program printed FAIL; 1 otherwise; 2 bad arguments.
import { helpText, parseArgs, UsageError, type OptionSpec } from '../testbench/cli/args.ts';
import { checkOutputPath, writeFileAtomic } from '../testbench/cli/atomic-file.ts';
import { isEntryPoint, processIo, runMain, type CliIo } from '../testbench/cli/run-main.ts';
import { MAX_MRS, type SwitchStrategy } from './abi.ts';
import { buildSystem, type KernelConfig, type Scenario } from './build.ts';
import { runOnReference } from '../testbench/scenarios/reference-run.ts';
import { faultScenario, interruptScenario, pingPongScenario, queueScenario, timeoutScenario } from './scenarios.ts';

const spec = {
  switch: { type: 'string', default: 'fcse', choices: ['full', 'fcse', 'asid'], help: 'address-space switch strategy' },
  nreg: { type: 'int', default: 6, min: 0, max: 6, help: 'message registers in core registers' },
  rounds: { type: 'int', default: 100, min: 1, max: 100_000, help: 'ping-pong rounds' },
  words: { type: 'int', default: 5, min: 0, max: MAX_MRS - 1, help: 'untyped words per ping-pong message' },
  elf: { type: 'string', arg: 'PATH', help: 'also write the system image as an ELF file' },
  help: { type: 'flag', short: 'h', help: 'show this help' },
} satisfies Record<string, OptionSpec>;

const SCENARIOS = ['pingpong', 'interrupts', 'queue', 'timeouts', 'faults'] as const;

export function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): number {
  const { values: o, positionals } = parseArgs(argv, spec, { max: 1 });
  if (o.help) {
    io.out(`usage: npx tsx kernel/main.ts [${SCENARIOS.join('|')}] [options]\n  Runs a scenario of the L4 kernel on the reference model and prints its UART output.\n\n${helpText(spec)}\n`);
    return 0;
  }
  const name = positionals[0] ?? 'pingpong';
  if (!(SCENARIOS as readonly string[]).includes(name)) throw new UsageError(`unknown scenario ${JSON.stringify(name)} (one of ${SCENARIOS.join(', ')})`);
  if (o.elf !== undefined) checkOutputPath(o.elf, '--elf');
  if (io.validateOnly) return 0;
  const sw = o.switch as SwitchStrategy;
  const config: KernelConfig = { switchStrategy: sw, nreg: o.nreg };
  const scenarios: Record<(typeof SCENARIOS)[number], () => Scenario> = {
    pingpong: () => pingPongScenario(config, o.rounds, o.words),
    interrupts: () => interruptScenario(sw),
    queue: () => queueScenario(sw),
    timeouts: () => timeoutScenario(sw),
    faults: () => faultScenario(config),
  };
  const sys = buildSystem(scenarios[name as (typeof SCENARIOS)[number]]());
  if (o.elf !== undefined) writeFileAtomic(o.elf, sys.elf());
  const t0 = performance.now();
  const r = runOnReference(sys);
  const ms = performance.now() - t0;
  io.out(r.uart);
  io.err(`[${name}: ${r.stop}${r.exitCode !== undefined ? ` ${r.exitCode}` : ''}, ${r.instructions} instructions in ${ms.toFixed(0)} ms]\n`);
  // The programs check what they receive and print FAIL on a mismatch; the kernel still exits 0.
  return r.stop === 'exit' && r.exitCode === 0 && !/\bFAIL\b/.test(r.uart) ? 0 : 1;
}

if (isEntryPoint(import.meta.url)) await runMain('kernel', main);
