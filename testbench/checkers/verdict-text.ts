// The verdict section people read: every claim with the evidence for it, each number counted from
// the report of the run (no sentence is fixed text that could outlive the fact it states).
import { brokenBy, type ClaimName } from './claims.ts';
import { BLOCKED_RAN } from './judge.ts';
import type { HandoffReport, IpcReport } from './report.ts';
import { SWITCH_POLICIES } from './switch-policy.ts';

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const sum = (xs: readonly IpcReport[], f: (i: IpcReport) => number): number => xs.reduce((a, i) => a + f(i), 0);

const IRQ_ONLY = 'an interrupt taken in user mode that delivered no message';

/** How the windows of a run divide: hand-offs by path, and the others by what they were. */
export function windowsText(r: HandoffReport): string[] {
  const handOffs = r.ipcs.filter((i) => i.kind === 'hand-off');
  const irqHandOffs = r.ipcs.filter((i) => i.kind === 'interrupt hand-off');
  const others = r.ipcs.filter((i) => i.kind === 'no hand-off');
  const fast = handOffs.filter((i) => i.path === 'fast').length;
  const lines = [`${plural(r.ipcs.length, 'kernel window')} (trap to resume): ${plural(handOffs.length, 'hand-off')} (${fast} on the fast path, ${handOffs.length - fast} on the slow path)${irqHandOffs.length > 0 ? `, ${plural(irqHandOffs.length, 'interrupt delivered', 'interrupts delivered')} to a handler` : ''}, ${others.length} without a hand-off`];
  const seen = new Map<string, { count: number; first: IpcReport }>();
  for (const o of others) {
    const key = o.trap === 'irq' ? IRQ_ONLY : o.summary.replace(/\d+/g, '#');
    const e = seen.get(key);
    if (e) e.count++;
    else seen.set(key, { count: 1, first: o });
  }
  for (const [key, e] of seen) lines.push(`  ${e.count} x ${key === IRQ_ONLY ? `${key}${irqWhy(others.filter((o) => o.trap === 'irq'))}` : `${e.first.summary}${e.count > 1 ? ' (the first of them)' : ''}`}`);
  if (r.entries.length > 0) {
    const kinds = [...new Set(r.entries.map((e) => e.exception))].join(', ');
    const failed = r.entries.filter((e) => e.verdict === 'fail').length;
    lines.push(`${plural(r.entries.length, 'other kernel entry', 'other kernel entries')} from user mode (${kinds}; no IPC), judged by the leak rules: ${failed} failed`);
  }
  return lines;
}

/**
 * Why interrupts delivered nothing, counted from their windows (judge.ts writes which): no pending
 * line had a handler thread (the kernel handled it, a timer tick), or a line's handler was not
 * waiting for it.
 */
function irqWhy(irqs: readonly IpcReport[]): string {
  const notWaiting = irqs.filter((i) => i.summary.includes('its handler')).length;
  const inKernel = irqs.length - notWaiting;
  const parts = [...(inKernel > 0 ? [`${inKernel} on lines with no handler thread, handled in the kernel`] : []), ...(notWaiting > 0 ? [`${notWaiting} whose handler was not waiting`] : [])];
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/** 'held' or 'BROKEN (rules)': the claim over the judged windows' failures. */
function claimStatus(claim: ClaimName, judged: readonly IpcReport[]): string {
  const rules = [...new Set(judged.flatMap((i) => brokenBy(claim, i.failures)))];
  return rules.length === 0 ? 'held' : `BROKEN (${rules.join(', ')})`;
}

/** The claims, each with its evidence, over the judged hand-offs. */
export function verdictText(r: HandoffReport, nreg: number): string[] {
  const judged = r.ipcs.filter((i) => i.judged);
  const msgs = judged.filter((i) => i.kind === 'hand-off');
  const L: string[] = [];
  if (judged.length === 0) {
    // Nothing was judged: not a pass (nothing was shown), and not a broken claim either.
    L.push(`Zero-copy hand-off: NOT JUDGED (counted as a failure: no claim was shown)`);
    for (const f of r.failures) L.push(`  ${f}`);
    return L;
  }
  const others = judged.filter((i) => i.kind === 'no hand-off');
  // A window that is not a hand-off counts when it failed: it leaked message data, or it ran a thread its trap left blocked.
  const blocked = judged.filter((i) => i.failures.some((f) => f.includes(BLOCKED_RAN))).length;
  const leaked = others.filter((i) => i.failures.some((f) => !f.includes(BLOCKED_RAN))).length;
  const why = [...(leaked > 0 ? [`${leaked} leaked message data`] : []), ...(blocked > 0 ? [`${blocked} resumed a thread blocked in IPC`] : [])].join(', ');
  const leakyEntries = r.entries.filter((e) => e.verdict === 'fail').length;
  L.push(
    `Zero-copy hand-off: ${r.verdict.toUpperCase()} over ${plural(judged.length - others.length, 'judged hand-off')}${others.length === 0 ? '' : ` and ${plural(others.length, 'other kernel window')} (${why})`}${leakyEntries === 0 ? '' : `, and ${plural(leakyEntries, 'kernel entry', 'kernel entries')} that was no IPC leaked message data`}`,
  );
  const registers = judged[0]!.registerMRs.registers;
  const regsCompared = sum(msgs, (i) => Math.min(nreg, i.delivery.mrs));
  L.push(
    `  MRs in core registers (${registers.join(', ') || 'none'}), left in place: ${claimStatus('register MRs left in place', judged)}; ${plural(r.registerMRsWritten, 'kernel write')} to them, ${plural(sum(msgs, (i) => i.registerMRs.stores.length), 'store')} of their values to memory, ${plural(sum(msgs, (i) => i.registerMRs.leaks.length), 'move')} into CP15 or a PSR`,
  );
  L.push(`    (${plural(regsCompared, 'register value')} compared at the receivers' resumes with the senders' at their traps: ${plural(sum(msgs, (i) => i.delivery.mismatches.filter((m) => m.where.includes(' in r')).length), 'mismatch', 'mismatches')})`);
  const words = sum(msgs, (i) => i.utcb.words);
  const copied = sum(msgs, (i) => i.utcb.wordsCopied);
  const inPlace = msgs.filter((i) => i.utcb.inPlace).length;
  L.push(
    `  MRs in the UTCB, copied directly: ${claimStatus('UTCB words copied directly', judged)}; ${copied} of ${words} words so copied (loaded from the sender's UTCB slot, stored to the same slot of the receiver's, nowhere else)${inPlace > 0 ? `; ${inPlace} hand-offs read the sender's own memory (mapped, not copied)` : ''};`,
  );
  L.push(`    ${sum(msgs, (i) => i.utcb.staged.length)} staged elsewhere, ${sum(msgs, (i) => i.utcb.notCopied.length)} not copied, ${sum(msgs, (i) => i.utcb.wrong.length)} wrong, ${sum(msgs, (i) => i.utcb.extra.length)} extra`);
  // Only hand-offs deliver: a window judged for its leaks alone has nothing to compare.
  const delivering = judged.filter((i) => i.kind !== 'no hand-off');
  const mrsCompared = sum(delivering, (i) => i.delivery.mrs);
  const deliveredOk = delivering.filter((i) => i.delivery.verdict === 'pass').length;
  L.push(`  delivered: ${claimStatus('message delivered', judged)}; ${deliveredOk} of ${plural(delivering.length, 'hand-off')} exactly (${plural(mrsCompared, 'MR')} and the sender's id compared, ${plural(r.deliveryMismatches, 'mismatch', 'mismatches')})${blocked > 0 ? `; ${blocked} ${blocked === 1 ? 'window' : 'windows'} resumed a thread the rendezvous left blocked` : ''}`);
  const policy = SWITCH_POLICIES[judged[0]!.remap.policy as keyof typeof SWITCH_POLICIES];
  const switches = judged.filter((i) => i.remap.spaceSwitch).length;
  const switchWrites = sum(judged, (i) => i.remap.cp15.filter((o) => o.kind === 'switch' || o.kind === 'domains').length);
  L.push(
    `  no remapping (${policy.name} switch): ${claimStatus('no remapping', judged)}; ${plural(r.pageTableWrites, 'page-table write')}; ${plural(sum(judged, (i) => i.remap.tlbOps), 'TLB operation')} and ${plural(sum(judged, (i) => i.remap.cacheOps), 'cache operation')}, ${r.maintenanceOps} not needed by the switch; ${plural(switches, 'address-space switch', 'address-space switches')} by ${plural(switchWrites, 'CP15 write')}`,
  );
  for (const f of r.failures.slice(0, 12)) L.push(`  FAIL ${f}`);
  if (r.failures.length > 12) L.push(`  ... and ${r.failures.length - 12} more failures (--json lists them all)`);
  return L;
}
