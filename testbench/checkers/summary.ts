// The hand-off report for people and for `npm start --json`: the `handoff` object and a short text
// with the verdict and its evidence.
import { hex } from './handoff-engine.ts';
import type { HandoffReport, IpcReport, Verdict } from './report.ts';

export interface HandoffJson {
  readonly verdict: Verdict;
  readonly registerMRsWritten: number;
  readonly registerMRsStored: number;
  readonly utcbWordsCopied: number;
  readonly kernelBufferStores: number;
  readonly pageTableWrites: number;
  readonly ipcs: number;
  readonly judgedIpcs: number;
  readonly failures: readonly string[];
}

export function handoffJson(r: HandoffReport): HandoffJson {
  return {
    verdict: r.verdict,
    registerMRsWritten: r.registerMRsWritten,
    registerMRsStored: r.registerMRsStored,
    utcbWordsCopied: r.utcbWordsCopied,
    kernelBufferStores: r.kernelBufferStores,
    pageTableWrites: r.pageTableWrites,
    ipcs: r.ipcs.length,
    judgedIpcs: r.judgedIpcs,
    failures: r.failures,
  };
}

function ipcLines(i: IpcReport): string[] {
  const c = i.cost;
  const lines = [
    `IPC ${i.index}: trap at cycle ${i.trapCycle} (pc ${hex(i.trapPc)}), resume at cycle ${i.resumeCycle} (pc ${hex(i.resumePc)}): ${c.cycles} cycles, ${c.kernelInstructions} kernel instructions, ${i.path} path, ${i.verdict.toUpperCase()}${i.judged ? '' : ' (not judged)'}`,
    `  MR registers ${i.registerMRs.registers.join(',')}: ${i.registerMRs.writes.length} writes, ${i.registerMRs.stores.length} stores`,
    `  UTCB: ${i.utcb.wordsCopied} words copied directly, ${i.utcb.unmatchedStores.length} unmatched, ${i.utcb.kernelBufferStores.length} kernel-buffer stores`,
    `  page tables: ${i.remap.pageTableWrites.length} writes; TLB maintenance ${i.remap.tlbOps} (allowed ${i.remap.tlbOpsAllowed}), cache maintenance ${i.remap.cacheOps}, address-space switch: ${i.remap.spaceSwitch ? 'yes' : 'no'}`,
    `  footprint: ${c.iLines} I-lines, ${c.iPages} I-pages, ${c.dLines} D-lines, ${c.dPages} D-pages, ${c.kernelLoads} loads, ${c.kernelStores} stores`,
  ];
  if (c.phases.length > 0) lines.push(`  phases: ${c.phases.map((p) => `${p.phase} ${p.cycles}`).join(', ')}`);
  const counters = Object.entries(c.counters);
  if (counters.length > 0) lines.push(`  counters: ${counters.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return lines;
}

export function formatHandoffReport(r: HandoffReport): string {
  const unjudged = r.ipcs.length - r.judgedIpcs;
  const lines = [`zero-copy hand-off: ${r.verdict.toUpperCase()} over ${r.judgedIpcs} IPC${r.judgedIpcs === 1 ? '' : 's'}${unjudged > 0 ? ` (${unjudged} slow-path IPCs reported, not judged)` : ''}`];
  for (const i of r.ipcs) lines.push(...ipcLines(i));
  if (r.openTrapCycle !== undefined) lines.push(`(a trap at cycle ${r.openTrapCycle} had not returned to user mode when the run ended)`);
  for (const f of r.failures) lines.push(`  FAIL ${f}`);
  return lines.join('\n');
}
