// Command line: build a ready-made scenario, run it on the reference model, print the UART output,
// optionally write the ELF (for QEMU or the RTL).
//   npx tsx kernel/main.ts [pingpong|interrupts|queue|timeouts|faults] [--switch full|fcse|asid]
//                          [--nreg 0..6] [--rounds n] [--words n] [--elf out.elf]
import { writeFileSync } from 'node:fs';
import { SWITCH_STRATEGY, type SwitchStrategy } from './abi.ts';
import { buildSystem, type KernelConfig, type Scenario } from './build.ts';
import { runOnReference } from './run.ts';
import { faultScenario, interruptScenario, pingPongScenario, queueScenario, timeoutScenario } from './scenarios.ts';

function main(argv: readonly string[]): number {
  const opts = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) opts.set(a.slice(2), argv[++i] ?? '');
    else positional.push(a);
  }
  const sw = (opts.get('switch') ?? 'fcse') as SwitchStrategy;
  if (!(sw in SWITCH_STRATEGY)) throw new Error(`--switch: full, fcse or asid`);
  const config: KernelConfig = { switchStrategy: sw, nreg: Number(opts.get('nreg') ?? 6) };
  const name = positional[0] ?? 'pingpong';
  const scenarios: Record<string, () => Scenario> = {
    pingpong: () => pingPongScenario(config, Number(opts.get('rounds') ?? 100), Number(opts.get('words') ?? 5)),
    interrupts: () => interruptScenario(sw),
    queue: () => queueScenario(sw),
    timeouts: () => timeoutScenario(sw),
    faults: () => faultScenario(config),
  };
  const make = scenarios[name];
  if (!make) throw new Error(`unknown scenario ${name}: ${Object.keys(scenarios).join(', ')}`);
  const sys = buildSystem(make());
  const elf = opts.get('elf');
  if (elf) writeFileSync(elf, sys.elf());
  const t0 = performance.now();
  const r = runOnReference(sys);
  const ms = performance.now() - t0;
  process.stdout.write(r.uart);
  process.stderr.write(`[${name}: ${r.stop}${r.exitCode !== undefined ? ` ${r.exitCode}` : ''}, ${r.instructions} instructions in ${ms.toFixed(0)} ms]\n`);
  return r.stop === 'exit' ? (r.exitCode ?? 1) : 2;
}

process.exitCode = main(process.argv.slice(2));
