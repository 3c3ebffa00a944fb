// Runs scripted threads (kernel/user/script.S) on the kernel on the reference model and reads
// back their logs and final thread states.
import { buildSystem, type KernelConfig, type BuiltSystem } from '../../kernel/build.ts';
import { runOnReference, type RunOutcome } from '../../testbench/scenarios/reference-run.ts';
import { HANDOFF_RAM } from '../../testbench/checkers/handoff-machine.ts';
import { TCB, TCB_SIZE, TAG_ERROR, threadStateName } from '../../kernel/abi.ts';
import type { LogEntry, ModelState } from './ipc-model.ts';

export type RawOp =
  | { readonly kind: 'ipc'; readonly to: number; readonly from: number; readonly timeouts: number; readonly tag: number; readonly words: readonly number[] }
  | { readonly kind: 'end' }
  | { readonly kind: 'load'; readonly address: number }
  | { readonly kind: 'store'; readonly address: number }
  | { readonly kind: 'print'; readonly value: number };

export interface ScriptThread {
  readonly name: string;
  readonly space: string;
  readonly priority: number;
  readonly ops: readonly RawOp[];
}

export interface ScriptRun {
  readonly sys: BuiltSystem;
  readonly run: RunOutcome;
  readonly logs: LogEntry[][];
  readonly states: ModelState[];
  readonly partners: number[];
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

function encode(ops: readonly RawOp[]): string[] {
  const w: string[] = [];
  for (const op of ops) {
    switch (op.kind) {
      case 'ipc':
        w.push('0', hex(op.to), hex(op.from), hex(op.timeouts), hex(op.tag), ...op.words.map(hex));
        break;
      case 'end':
        w.push('1');
        break;
      case 'load':
        w.push('2', hex(op.address));
        break;
      case 'store':
        w.push('3', hex(op.address));
        break;
      case 'print':
        w.push('4', hex(op.value));
        break;
    }
  }
  if (ops.length === 0 || ops[ops.length - 1]!.kind !== 'end') w.push('1');
  return w;
}

export function buildScripted(threads: readonly ScriptThread[], config: KernelConfig = {}, extraSpaces: { name: string; devices?: boolean }[] = []): BuiltSystem {
  const spaceNames = [...new Set([...threads.map((t) => t.space), ...extraSpaces.map((s) => s.name)])];
  const spaces = spaceNames.map((name) => {
    const mine = threads.filter((t) => t.space === name);
    const lines = ['        .data', '        .align 2'];
    for (const t of mine) {
      lines.push(`        .global script_${t.name}`, `script_${t.name}:`, `        .word log_${t.name}`);
      const w = encode(t.ops);
      for (let i = 0; i < w.length; i += 8) lines.push(`        .word ${w.slice(i, i + 8).join(', ')}`);
    }
    lines.push('        .bss', '        .align 2');
    for (const t of mine) lines.push(`        .global log_${t.name}`, `log_${t.name}:`, '        .space 8192');
    return {
      name,
      sources: ['script.S', { name: `scripts_${name}.S`, text: lines.join('\n') + '\n' }],
      devices: extraSpaces.find((s) => s.name === name)?.devices,
    };
  });
  return buildSystem({
    spaces,
    threads: threads.map((t) => ({ name: t.name, space: t.space, entry: 'script_start', priority: t.priority, arg: `script_${t.name}` })),
    config,
  });
}

export function runScripted(threads: readonly ScriptThread[], config: KernelConfig = {}, maxInstructions = 20_000_000): ScriptRun {
  const sys = buildScripted(threads, config);
  // The RTL side's RAM size (8 MB): a 128 MB buffer per run made V8 collect its whole heap each time
  // (external-memory pressure), most of the kernel verify suite's time.
  const run = runOnReference(sys, { maxInstructions, machine: { ramSize: HANDOFF_RAM } });
  const mem = run.machine.memory;
  const logs = threads.map((t) => {
    let a = sys.userSymbol(t.space, `log_${t.name}`);
    const count = mem.read32(a);
    a += 4;
    const entries: LogEntry[] = [];
    const ipcOps = t.ops.filter((o) => o.kind === 'ipc').length;
    for (let i = 0; i < Math.min(count, ipcOps); i++) {
      const r0 = mem.read32(a) >>> 0;
      const tag = mem.read32(a + 4) >>> 0;
      const error = mem.read32(a + 8) >>> 0;
      a += 12;
      const ws: number[] = [];
      if ((tag & TAG_ERROR) === 0) {
        const n = (tag & 0x3f) + ((tag >>> 6) & 0x3f);
        for (let k = 0; k < n; k++) ws.push(mem.read32(a + 4 * k) >>> 0);
        a += 4 * n;
      }
      entries.push({ r0, tag, error, words: ws });
    }
    return entries;
  });
  const tcbs = sys.kernelSymbol('tcbs');
  const states: ModelState[] = [];
  const partners: number[] = [];
  sys.threads.forEach((t) => {
    const base = tcbs + t.id * TCB_SIZE;
    const s = threadStateName(mem.read32(base + TCB.state));
    const st: ModelState = s === 'sending' ? 'sending' : s === 'receiving' ? 'receiving' : s === 'halted' ? 'halted' : 'ready';
    states.push(st);
    partners.push(st === 'sending' || st === 'receiving' ? mem.read32(base + TCB.partner) | 0 : 0);
  });
  return { sys, run, logs, states, partners };
}
