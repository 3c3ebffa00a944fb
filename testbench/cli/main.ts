// `npm start`: the main job. Until the L4 kernel runs on the RTL system (issues 5-8), it runs the
// most complete thing that exists: the clocked simulation kernel on the synthetic 5-stage pipeline,
// writing its waveform and GTKWave view, and says plainly what is not there yet.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Simulator } from '../../rtl/hdl/index.ts';
import { SyntheticPipeline } from '../bench/synthetic-pipeline.ts';
import { writeGtkw } from '../trace/gtkw-writer.ts';
import { VcdWriter } from '../trace/vcd-writer.ts';
import { helpText, parseArgs, UsageError, type OptionSpec } from './args.ts';

const spec = {
  cycles: { type: 'int', default: 2000, min: 1, max: 100_000_000, help: 'cycles to simulate' },
  'window-from': { type: 'int', default: 0, min: 0, help: 'first cycle written to the waveform' },
  'window-to': { type: 'int', default: 400, min: 1, help: 'cycle after the last one written to the waveform' },
  vcd: { type: 'string', default: 'waves/handoff.vcd', help: 'waveform output path' },
  gtkw: { type: 'string', default: 'waves/handoff.gtkw', help: 'GTKWave save file output path' },
  text: { type: 'string', default: 'string', help: "text signal encoding: 'string' (GTKWave) or 'vector' (ASCII bits)" },
  check: { type: 'flag', help: 'evaluate combinational logic twice per cycle (order-bug check)' },
  json: { type: 'flag', help: 'print one JSON object instead of the report' },
  help: { type: 'flag', help: 'show this help' },
} satisfies Record<string, OptionSpec>;

const NOT_YET = [
  'ARM926EJ-S core, MMU and caches as RTL (issues 5, 6)',
  'the L4 kernel running on the model (issue 7)',
  'IPC hand-off checkers, cycle counts and the zero-copy verdict (issue 8)',
];

function main(): number {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2), spec);
    if (opts.text !== 'string' && opts.text !== 'vector') throw new UsageError(`--text must be 'string' or 'vector' (got ${JSON.stringify(opts.text)})`);
    if (opts['window-to'] <= opts['window-from']) throw new UsageError('--window-to must be greater than --window-from');
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    console.log(`usage: npm start -- [options]\n\nRuns the default scenario and writes its waveform.\n\n${helpText(spec)}`);
    return 0;
  }
  for (const p of [opts.vcd, opts.gtkw]) mkdirSync(dirname(p), { recursive: true });
  const top = new SyntheticPipeline(null, 'top');
  const sim = new Simulator(top, { check: opts.check });
  const vcd = new VcdWriter(sim, {
    output: opts.vcd,
    window: { from: opts['window-from'], to: opts['window-to'] },
    textEncoding: opts.text,
    version: 'handoff: synthetic pipeline (placeholder scenario)',
  });
  const t0 = process.hrtime.bigint();
  sim.reset(2);
  sim.run(opts.cycles);
  vcd.close();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const stage = (name: string) => [`top.${name}.mnemonic`];
  writeFileSync(
    opts.gtkw,
    writeGtkw({
      dumpfile: opts.vcd,
      variables: vcd.variables,
      items: [
        'top.clk',
        'top.rst',
        { group: 'Pipeline', traces: ['top.fetch.pc', ...stage('fetch'), ...stage('decode'), ...stage('execute'), ...stage('mem'), ...stage('wb')] },
        { group: 'Register file writes', traces: ['top.wb.we', 'top.wb.waddr', 'top.wb.wdata'] },
        { group: 'Register file', traces: ['top.rf.regs.r0', 'top.rf.regs.r1', 'top.rf.regs.r2', 'top.rf.regs.r3'], closed: true },
        { group: 'Hazards', traces: ['top.hazard.stall', 'top.execute.branch'] },
      ],
      markers: [{ name: 'out_of_reset', cycle: 2 }],
      startCycle: opts['window-from'],
    }),
  );
  const result = {
    scenario: 'synthetic-pipeline',
    placeholder: true,
    notYetBuilt: NOT_YET,
    cycles: sim.cycle,
    cyclesPerSecond: Math.round(sim.cycle / seconds),
    retired: top.wb.retired.v,
    vcd: opts.vcd,
    vcdBytes: vcd.sink.bytes,
    gtkw: opts.gtkw,
  };
  if (opts.json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  console.log('handoff: why L4 IPC on ARM is fast, clock by clock');
  console.log('');
  console.log('NOT THERE YET: the default IPC scenario needs parts still being built:');
  for (const n of NOT_YET) console.log(`  - ${n}`);
  console.log('');
  console.log('Running instead: the clocked RTL simulation kernel on a synthetic 5-stage pipeline');
  console.log(`  ${sim.design.modules.length} modules, ${sim.cycle} cycles in ${seconds.toFixed(3)} s (${result.cyclesPerSecond.toLocaleString('en-US')} cycles/s), ${result.retired} instructions retired`);
  console.log(`  waveform: ${opts.vcd} (${vcd.sink.bytes.toLocaleString('en-US')} bytes, cycles ${opts['window-from']}..${Math.min(opts['window-to'], sim.cycle) - 1})`);
  console.log(`  GTKWave view: ${opts.gtkw}`);
  console.log('');
  console.log(`Open it with: gtkwave ${opts.vcd} ${opts.gtkw}`);
  return 0;
}

process.exitCode = main();
