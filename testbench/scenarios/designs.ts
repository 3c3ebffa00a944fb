// Why L4 IPC is fast, measured: the same ping-pong (programs, message, hardware) under every IPC
// design of the kernel (kernel/abi.ts IPC_DESIGNS), each judged by the same checkers, which do not
// know the design. A row per design: its hot and cold one-way cost, where the cycles go, its cache
// and TLB traffic, and the claims it breaks (the rules its hand-offs fail). Slow-path hand-offs are
// judged too here, so the `slow` design gets a verdict.
import { IPC_DESIGNS, type IpcDesign } from '../../kernel/abi.ts';
import type { RuleName } from '../checkers/config.ts';
import { CLAIMS, CLAIM_NAMES, failedRules, type ClaimName } from '../checkers/claims.ts';
import type { IpcReport, PhaseSpan } from '../checkers/report.ts';
import { hotAndCold, runIpcScenario, type IpcScenarioOptions } from './ipc-scenario.ts';

// (the claims and their rules live with the checkers: claims.ts)
export { CLAIMS, CLAIM_NAMES, type ClaimName } from '../checkers/claims.ts';

export interface DesignRow {
  readonly design: IpcDesign;
  readonly hotCycles: number | undefined;
  readonly coldCycles: number | undefined;
  readonly hotKernelInstructions: number | undefined;
  /** Per hot IPC. */
  readonly counters: Readonly<Record<string, number>>;
  readonly iLines: number | undefined;
  /** Pages those I-cache lines lie in (trap to resume). */
  readonly iPages: number | undefined;
  readonly phases: readonly PhaseSpan[];
  /** Hand-offs on the fast path, of all hand-offs. */
  readonly fastHandOffs: number;
  readonly handOffs: number;
  /** Claim -> held on every judged hand-off. */
  readonly claims: Readonly<Record<ClaimName, boolean>>;
  /** The rules that failed, with how many hand-offs failed each. */
  readonly rules: Readonly<Partial<Record<RuleName, number>>>;
  /** The program's and kernel's outcome. */
  readonly ok: boolean;
  /** Where the kernel's boot ran: on the RTL, or on the reference model up to init_devices (boot-on-model.ts). */
  readonly boot: 'rtl' | 'model';
  /** Page-table writes, TLB and cache operations per hot IPC. */
  readonly pageTableWrites: number;
  readonly tlbOps: number;
  readonly cacheOps: number;
  /** Register MRs stored and written, UTCB words staged, per hot IPC. */
  readonly registerStores: number;
  readonly registerWrites: number;
  readonly stagedWords: number;
}

const rulesOf = (i: IpcReport): RuleName[] => failedRules(i.failures);

export async function runDesign(o: IpcScenarioOptions, design: IpcDesign): Promise<DesignRow> {
  const r = await runIpcScenario({ ...o, design, judgeSlowPath: true, vcd: undefined, gtkw: undefined });
  const { hot, cold, hotCycles } = hotAndCold(r.report);
  const handOffs = r.report.ipcs.filter((i) => i.kind === 'hand-off');
  const rules: Partial<Record<RuleName, number>> = {};
  for (const i of handOffs) for (const rule of rulesOf(i)) rules[rule] = (rules[rule] ?? 0) + 1;
  const claims = Object.fromEntries(CLAIM_NAMES.map((c) => [c, (CLAIMS[c] as readonly RuleName[]).every((rule) => !rules[rule])])) as Record<ClaimName, boolean>;
  return {
    design,
    hotCycles,
    coldCycles: cold?.cost.cycles,
    hotKernelInstructions: hot?.cost.kernelInstructions,
    counters: hot ? { ...hot.cost.counters } : {},
    iLines: hot?.cost.iLines,
    iPages: hot?.cost.iPages,
    phases: hot?.cost.phases ?? [],
    fastHandOffs: handOffs.filter((i) => i.path === 'fast').length,
    handOffs: handOffs.length,
    claims,
    rules,
    ok: r.outcome.ok,
    boot: o.bootOnModel ? 'model' : 'rtl',
    pageTableWrites: hot?.remap.pageTableWrites.length ?? 0,
    tlbOps: hot?.remap.tlbOps ?? 0,
    cacheOps: hot?.remap.cacheOps ?? 0,
    registerStores: hot?.registerMRs.stores.length ?? 0,
    registerWrites: hot?.registerMRs.writes.length ?? 0,
    stagedWords: hot?.utcb.staged.length ?? 0,
  };
}

/** Every design (or those given) on the same options, one after another. */
export async function compareDesigns(o: IpcScenarioOptions, designs: readonly IpcDesign[] = IPC_DESIGNS): Promise<DesignRow[]> {
  const rows: DesignRow[] = [];
  for (const d of designs) rows.push(await runDesign(o, d));
  return rows;
}

/** The l4 design's hot one-way cost at each message length (for the published figures beside it). */
export async function hotAtLengths(o: IpcScenarioOptions, lengths: readonly number[], known: ReadonlyMap<number, number | undefined> = new Map()): Promise<Map<number, number | undefined>> {
  const out = new Map<number, number | undefined>();
  for (const words of lengths) {
    if (known.has(words)) out.set(words, known.get(words));
    else out.set(words, (await runDesign({ ...o, words }, 'l4')).hotCycles);
  }
  return out;
}
