// The hand-off report for people and for `npm start --json`: the `handoff` object, and text made
// only from the report's fields (every number and name printed is measured in the run).
import type { HandoffReport, IpcReport, Verdict } from './report.ts';

export const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export interface HandoffJson {
  readonly verdict: Verdict;
  readonly judgedIpcs: number;
  readonly ipcs: number;
  readonly handOffs: number;
  readonly registerMRsWritten: number;
  readonly registerMRsStored: number;
  readonly utcbWordsCopied: number;
  readonly stagedWords: number;
  readonly pageTableWrites: number;
  readonly maintenanceOps: number;
  readonly deliveryMismatches: number;
  readonly failures: readonly string[];
}

export function handoffJson(r: HandoffReport): HandoffJson {
  return {
    verdict: r.verdict,
    judgedIpcs: r.judgedIpcs,
    ipcs: r.ipcs.length,
    handOffs: r.ipcs.filter((i) => i.kind !== 'no hand-off').length,
    registerMRsWritten: r.registerMRsWritten,
    registerMRsStored: r.registerMRsStored,
    utcbWordsCopied: r.utcbWordsCopied,
    stagedWords: r.stagedWords,
    pageTableWrites: r.pageTableWrites,
    maintenanceOps: r.maintenanceOps,
    deliveryMismatches: r.deliveryMismatches,
    failures: r.failures,
  };
}

function ipcLines(i: IpcReport): string[] {
  const c = i.cost;
  const lines = [
    `IPC ${i.index} (${i.trap}): trap at cycle ${i.trapCycle} (pc ${hex(i.trapPc)}), resume at cycle ${i.resumeCycle} (pc ${hex(i.resumePc)}): ${c.cycles} cycles, ${c.kernelInstructions} kernel instructions, ${i.path} path; ${i.kind}: ${i.summary}; ${i.verdict.toUpperCase()}${i.judged || i.kind === 'no hand-off' ? '' : ' (not judged)'}`,
  ];
  if (i.kind !== 'no hand-off') {
    const m = i.registerMRs;
    lines.push(`  MR registers ${m.registers.join(',') || '(none)'}: ${m.verdict}: ${plural(m.writes.length, 'write')}, ${plural(m.stores.length, 'store')} to memory, ${plural(m.leaks.length, 'move')} into CP15/PSR`);
    const u = i.utcb;
    lines.push(
      `  UTCB: ${u.verdict}: ${u.inPlace ? 'receiver reads the sender\'s own memory (mapped)' : `${u.wordsCopied} of ${u.words} words copied directly`}; ${u.staged.length} staged, ${u.notCopied.length} not copied, ${u.wrong.length} wrong, ${u.extra.length} extra`,
    );
    const d = i.delivery;
    lines.push(`  delivery: ${d.verdict}: ${d.unreadable ?? `${plural(d.mrs, 'MR')} (tag ${hex(d.tagSent)} sent, ${hex(d.tagReceived)} received), ${plural(d.mismatches.length, 'mismatch', 'mismatches')}`}`);
  }
  const r = i.remap;
  lines.push(`  remap (${r.policy}): ${r.verdict}: ${plural(r.pageTableWrites.length, 'page-table write')}; TLB operations ${r.tlbOps}, cache operations ${r.cacheOps}, ${r.disallowed.length} not needed by the switch; address-space switch: ${r.spaceSwitch ? 'yes' : 'no'}`);
  lines.push(`  footprint: ${c.iLines} I-lines, ${c.iPages} I-pages, ${c.dLines} D-lines, ${c.dPages} D-pages, ${c.kernelLoads} loads, ${c.kernelStores} stores`);
  if (c.phases.length > 0) lines.push(`  phases: ${c.phases.map((p) => `${p.phase} ${p.cycles}`).join(', ')}`);
  const counters = Object.entries(c.counters);
  if (counters.length > 0) lines.push(`  counters: ${counters.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return lines;
}

export function formatHandoffReport(r: HandoffReport): string {
  const unjudged = r.ipcs.length - r.judgedIpcs;
  const lines = [`zero-copy hand-off: ${r.verdict.toUpperCase()} over ${plural(r.judgedIpcs, 'judged IPC')}${unjudged > 0 ? ` (${unjudged} other windows reported, not judged)` : ''}`];
  for (const i of r.ipcs) lines.push(...ipcLines(i));
  if (r.openTrapCycle !== undefined) lines.push(`(a trap at cycle ${r.openTrapCycle} had not returned to user mode when the run ended)`);
  for (const f of r.failures) lines.push(`  FAIL ${f}`);
  return lines.join('\n');
}
