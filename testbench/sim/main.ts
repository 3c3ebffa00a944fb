// npm run sim -- <image> [options]: run one's own ARM image (an ELF, or raw bytes with --address) on
// the reference model, the RTL or both in lockstep, like `qemu-system-arm -kernel`: stop conditions,
// a VCD window by cycles or by symbols, a GTKWave view, the UART output, a JSON summary, and a GDB
// remote stub (--gdb). docs/API.md.
// Exit code: 0 the run stopped where asked (an --until condition, or a semihosting exit with status
// 0); 1 it stopped otherwise (a budget, a non-zero exit, a lockstep mismatch, a deadlock); 2 bad input.
import { readElf } from '../../kernel/toolchain/index.ts';
import type { LinkedImage } from '../../kernel/toolchain/index.ts';
import { helpText, parseArgs, parseInteger, UsageError, type OptionSpec } from '../cli/args.ts';
import { checkDistinctPaths, checkOutputPath, checkRegularOutput, writeFileAtomic, type NamedPath } from '../cli/atomic-file.ts';
import { readInputFile } from '../cli/input-file.ts';
import { isEntryPoint, processIo, runMain, type CliIo } from '../cli/run-main.ts';
import { DEFAULT_START_CPSR } from '../machine/iss-machine.ts';
import { VALID_MODES } from '../machine/base.ts';
import { createMachine, IssMachine, RtlMachine, resolveAddress, type ImageSource, type Machine, type ModelKind, type RunResult, type StopCondition } from '../machine/index.ts';
import { fastForwardFrom, parseFastForwardPoint, shortOfPoint, type FastForward, type FastForwardPoint } from '../machine/fast-forward.ts';
import { VcdWriter } from '../trace/vcd-writer.ts';
import type { GtkwMarker } from '../trace/gtkw-writer.ts';
import { parseUntil, UNTIL_FORMS } from './conditions.ts';
import { simGtkw } from './waves.ts';
import { summary, type SimSummary } from './summary.ts';
import { serveGdb } from './gdb/server.ts';

const spec = {
  model: { type: 'string', default: 'rtl', choices: ['iss', 'rtl', 'lockstep'], help: 'reference model, RTL system, or both compared at every retirement' },
  address: { type: 'string', arg: 'ADDR', help: 'the file is raw bytes: load them at ADDR (default: the file is an ELF)' },
  entry: { type: 'string', arg: 'SYM|ADDR', help: 'start here (default: the ELF entry, or the raw load address)' },
  cpsr: { type: 'string', arg: 'N', help: 'CPSR at start (default 0xd3: SVC, IRQ and FIQ masked; bit 5 set starts in Thumb, as does an entry with bit 0 set)' },
  ram: { type: 'int', default: 128, min: 1, max: 256, arg: 'MB', help: 'RAM from address 0, in MB' },
  until: { type: 'list', arg: 'COND', help: `stop condition, repeatable: ${UNTIL_FORMS} (a semihosting exit always stops)` },
  'max-cycles': { type: 'int', default: 50_000_000, min: 1, max: 2 ** 40, help: 'cycle budget (the ISS: its clock)' },
  'max-instructions': { type: 'int', min: 1, max: 2 ** 40, help: 'retired-instruction budget' },
  vcd: { type: 'string', arg: 'PATH', help: 'write the waveform (RTL and lockstep)' },
  'vcd-from': { type: 'int', min: 0, max: 2 ** 40, help: 'first cycle of the waveform (counted from the start)' },
  'vcd-to': { type: 'int', min: 1, max: 2 ** 40, help: 'cycle after the last one of the waveform' },
  'trace-from': { type: 'string', arg: 'SYM|ADDR', help: 'waveform from the first time the next pc is here' },
  'trace-to': { type: 'string', arg: 'SYM|ADDR', help: 'waveform up to the first time after that the next pc is here' },
  gtkw: { type: 'string', arg: 'PATH', help: 'GTKWave save file for the waveform (pipeline view; needs --vcd)' },
  uart: { type: 'flag', help: 'print the UART0 output' },
  json: { type: 'flag', help: 'print the stop reason, registers, cycles, instructions, cache/TLB counters and UART output as JSON' },
  'fast-forward': { type: 'string', arg: 'SYM[:N]|COUNT', help: 'run the reference model to the Nth time the next pc is SYM (default the 1st), or for COUNT instructions, then hand its state to the RTL (caches and TLB warmed) and continue there (--model rtl; --max-instructions also bounds the model\'s run to the point)' },
  gdb: { type: 'int', min: 0, max: 65535, arg: 'PORT', help: 'serve the GDB remote protocol on 127.0.0.1:PORT (0: any free port) instead of running' },
  help: { type: 'flag', short: 'h', help: 'show this help' },
} satisfies Record<string, OptionSpec>;

type Options = ReturnType<typeof parseArgs<typeof spec>>['values'];

function numberOption(text: string | undefined, name: string, max = 0xffff_ffff): number | undefined {
  if (text === undefined) return undefined;
  const n = parseInteger(text);
  if (n === undefined || n < 0 || n > max) throw new UsageError(`--${name} must be an integer in 0..0x${max.toString(16)} (got ${JSON.stringify(text)})`);
  return n;
}

interface Plan {
  readonly source: ImageSource;
  readonly image: LinkedImage | undefined;
  readonly symbols: ReadonlyMap<string, number>;
  readonly entry: number;
  readonly cpsr: number | undefined;
  readonly until: readonly StopCondition[];
  readonly traceFrom: number | undefined;
  readonly traceTo: number | undefined;
  readonly fastForward: FastForwardPoint | undefined;
}

/**
 * The CPSR to start in: --cpsr's (its mode must be an ARM mode: the models treat others differently),
 * and Thumb state when the entry's bit 0 is set (a .thumb_func _start), as QEMU starts an ELF.
 */
function startCpsr(given: number | undefined, entry: number): number | undefined {
  const hex = (n: number): string => `0x${n.toString(16)}`;
  if (given !== undefined && !VALID_MODES.has(given & 0x1f)) throw new UsageError(`--cpsr ${hex(given)}: mode bits ${hex(given & 0x1f)} are not an ARM mode (usr 0x10, fiq 0x11, irq 0x12, svc 0x13, abt 0x17, und 0x1b, sys 0x1f)`);
  if ((entry & 1) === 0) return given;
  if (given !== undefined && (given & 0x20) === 0) throw new UsageError(`--cpsr ${hex(given)} starts in ARM state (bit 5 clear), but the entry ${hex(entry)} is Thumb (bit 0 set)`);
  return ((given ?? DEFAULT_START_CPSR) | 0x20) >>> 0;
}

/** Everything the command line says, checked before any work. */
function plan(path: string, o: Options): Plan {
  const bytes = new Uint8Array(readInputFile(path, 'image'));
  const raw = numberOption(o.address, 'address');
  const image = raw === undefined ? readElf(bytes, path) : undefined;
  const source: ImageSource = image ? { image } : { raw: bytes, address: raw! };
  const symbols = image?.symbols ?? new Map<string, number>();
  const resolve = (s: string): number => resolveAddress(s, symbols);
  const entry = o.entry !== undefined ? resolve(o.entry) : image ? image.entry : raw!;
  // The MMU is off at start: an entry outside RAM would fetch zeros (ANDEQ r0, r0, r0) forever.
  if (entry >= o.ram << 20) throw new UsageError(`entry 0x${entry.toString(16)} lies outside RAM (0..0x${((o.ram << 20) - 1).toString(16)}; --ram sets its size in MB)`);
  const cpsr = startCpsr(numberOption(o.cpsr, 'cpsr'), entry);
  const until = o.until.map((u) => parseUntil(u, resolve));
  if (o.model === 'iss' && (o.vcd !== undefined || o.gtkw !== undefined)) throw new UsageError('--vcd and --gtkw need the RTL (--model rtl or lockstep)');
  if (o.gtkw !== undefined && o.vcd === undefined) throw new UsageError('--gtkw needs --vcd (the view opens that waveform)');
  const windowed = o['vcd-from'] !== undefined || o['vcd-to'] !== undefined;
  const symbolic = o['trace-from'] !== undefined || o['trace-to'] !== undefined;
  if ((windowed || symbolic) && o.vcd === undefined) throw new UsageError('a waveform window needs --vcd');
  if (windowed && symbolic) throw new UsageError('give the waveform window by cycles (--vcd-from/--vcd-to) or by symbols (--trace-from/--trace-to), not both');
  if (o['vcd-from'] !== undefined && o['vcd-to'] !== undefined && o['vcd-to'] <= o['vcd-from']) throw new UsageError('--vcd-to must be after --vcd-from');
  if (o.vcd !== undefined) checkRegularOutput(o.vcd, '--vcd');
  if (o.gtkw !== undefined) checkOutputPath(o.gtkw, '--gtkw');
  const outputs: NamedPath[] = [...(o.vcd !== undefined ? [{ path: o.vcd, what: '--vcd' }] : []), ...(o.gtkw !== undefined ? [{ path: o.gtkw, what: '--gtkw' }] : [])];
  checkDistinctPaths([{ path, what: 'image' }], outputs);
  if (o.json && o.uart) throw new UsageError('--json already holds the UART output; give --json or --uart');
  const fastForward = o['fast-forward'] === undefined ? undefined : parseFastForwardPoint(o['fast-forward']);
  if (fastForward !== undefined && o.model !== 'rtl') throw new UsageError('--fast-forward hands off to the RTL: give --model rtl');
  if (fastForward !== undefined && 'symbol' in fastForward) resolve(fastForward.symbol);
  if (fastForward !== undefined && o.gdb !== undefined) throw new UsageError('--fast-forward and --gdb: give one');
  return {
    fastForward,
    source, image, symbols, entry, cpsr, until,
    traceFrom: o['trace-from'] === undefined ? undefined : resolve(o['trace-from']),
    traceTo: o['trace-to'] === undefined ? undefined : resolve(o['trace-to']),
  };
}

/** The machine to run, started (with --fast-forward: the RTL the reference model handed off to, and the hand-off). */
function machineFor(o: Options, p: Plan, withView: boolean): { m: Machine; ff: FastForward | undefined } {
  const options = { ramBytes: o.ram << 20, ...(withView ? { view: { ...(p.image ? { image: p.image } : {}) } } : {}) };
  const start = (m: Machine): void => {
    m.load(p.source);
    m.start(p.entry, p.cpsr === undefined ? {} : { cpsr: p.cpsr });
  };
  if (p.fastForward !== undefined) {
    const iss = new IssMachine(options);
    start(iss);
    const ff = fastForwardFrom(iss, p.fastForward, { ...options, ...(o['max-instructions'] !== undefined ? { maxInstructions: o['max-instructions'] } : {}) });
    return { m: ff.rtl, ff };
  }
  const m = createMachine(o.model as ModelKind, options);
  start(m);
  return { m, ff: undefined };
}

/** Cycles (from the start) where the next pc first reaches `from`, then `to`: a deterministic first pass. */
function symbolWindow(o: Options, p: Plan): { from: number; to: number } | string {
  const { m } = machineFor(o, p, false);
  const limits = { maxCycles: o['max-cycles'] };
  let from = 0;
  if (p.traceFrom !== undefined) {
    const r = m.run([{ kind: 'pc', address: p.traceFrom }], limits);
    if (r.stop.kind !== 'pc') return `--trace-from ${o['trace-from']}: not reached (${r.stop.kind})`;
    from = m.cycles;
  }
  if (p.traceTo === undefined) return { from, to: Infinity };
  const r = m.run([{ kind: 'pc', address: p.traceTo }], limits);
  if (r.stop.kind !== 'pc') return `--trace-to ${o['trace-to']}: not reached after --trace-from (${r.stop.kind})`;
  return { from, to: m.cycles + 1 };
}

export async function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): Promise<number> {
  const { values: o, positionals } = parseArgs(argv, spec, { max: 1 });
  if (o.help) {
    io.out(`usage: npm run sim -- <image> [options]\n  Runs an ARM image (ELF, or raw bytes with --address) on the reference model, the RTL, or both in lockstep.\n\n${helpText(spec)}\n`);
    return 0;
  }
  const path = positionals[0];
  if (path === undefined) throw new UsageError('no image given (npm run sim -- <image.elf> [options]; see --help)');
  const p = plan(path, o);
  if (io.validateOnly) return 0;

  let window: { from: number; to: number } | undefined;
  if (o['vcd-from'] !== undefined || o['vcd-to'] !== undefined) window = { from: o['vcd-from'] ?? 0, to: o['vcd-to'] ?? Infinity };
  if (p.traceFrom !== undefined || p.traceTo !== undefined) {
    const w = symbolWindow(o, p);
    if (typeof w === 'string') {
      io.err(`sim: ${w}\n`);
      return 1;
    }
    window = w;
  }
  const { m, ff } = machineFor(o, p, o.vcd !== undefined);
  if (ff) {
    const w = ff.warm;
    io.err(`[sim iss: fast-forward ${describeStop({ stop: ff.reached.stop })}, ${ff.reached.instructions} instructions; RTL warmed: ${w ? `${w.tlbFills} TLB entries, ${w.iLines} I-lines, ${w.dLines} D-lines (${w.dirtyLines} dirty)` : 'nothing'}]\n`);
    const short = shortOfPoint(p.fastForward!, ff.reached);
    if (short) {
      io.err(`sim: --fast-forward ${o['fast-forward']}: ${short}\n`);
      return 1;
    }
    for (const w of ff.warnings) io.err(`sim: WARNING: --fast-forward: ${w}\n`);
  }
  const markers: GtkwMarker[] = [];
  let vcd: VcdWriter | undefined;
  let base = 0;
  if (o.vcd !== undefined && m instanceof RtlMachine) {
    base = m.sim.cycle;
    vcd = new VcdWriter(m.sim, { output: o.vcd, window: window ? { from: base + window.from, to: base + window.to } : { from: 0 } });
    if (window && window.from > 0) markers.push({ name: 'trace-from', cycle: base + window.from });
  }
  let result: RunResult;
  if (o.gdb !== undefined) {
    result = await serveGdb(m, { port: o.gdb, log: (t) => io.err(t), mark: (name) => markers.push({ name, cycle: m instanceof RtlMachine ? m.sim.cycle : m.cycles }), maxCycles: o['max-cycles'] });
  } else {
    result = m.run(p.until, { maxCycles: o['max-cycles'], ...(o['max-instructions'] !== undefined ? { maxInstructions: o['max-instructions'] } : {}) });
  }
  if (vcd && m instanceof RtlMachine) {
    markers.push({ name: `stop: ${result.stop.kind}`, cycle: m.sim.cycle });
    vcd.close();
    if (o.gtkw !== undefined) writeFileAtomic(o.gtkw, simGtkw(o.vcd!, vcd.variables, markers, base + (window?.from ?? 0)));
  }
  // (The RTL's UART capture holds the model's bytes too: its output is the whole run's.)
  const s0: SimSummary = summary(m, result);
  const s: SimSummary = ff ? { ...s0, fastForward: { stop: ff.reached.stop, instructions: ff.reached.instructions, warm: ff.warm, warnings: ff.warnings, resumedWfi: ff.resumedWfi } } : s0;
  if (o.json) io.out(`${JSON.stringify(s, null, 2)}\n`);
  else {
    if (o.uart) io.out(s.uart);
    io.err(`[sim ${m.model}: ${describeStop(s)}, ${s.instructions} instructions, ${s.cycles} cycles]\n`);
  }
  const asked = result.stop.kind !== 'exit' && p.until.some((c) => c.kind === result.stop.kind);
  return asked || (result.stop.kind === 'exit' && result.stop.code === 0) ? 0 : 1;
}

function describeStop(s: Pick<SimSummary, 'stop'>): string {
  const r = s.stop;
  switch (r.kind) {
    case 'exit': return `exit ${r.code}`;
    case 'mismatch': return `lockstep mismatch\n${r.report}`;
    case 'pc': case 'breakpoint': return `${r.kind} at 0x${r.pc.toString(16)}`;
    case 'swi': return `swi 0x${r.number.toString(16)} at 0x${r.pc.toString(16)}`;
    case 'vector': return `${r.exception} vector 0x${r.pc.toString(16)}`;
    default: return r.kind;
  }
}

if (isEntryPoint(import.meta.url)) await runMain('sim', main);
