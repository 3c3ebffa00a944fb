// A window that reaches slow-path code and then comes back to code only the fast path runs
// (config fastPathPhases: the checks, the copies, the state update, the space switch) has left the
// slow path: from there on it is judged as a fast path (the leak rules, the resumed thread's
// registers, what it leaves in kernel state for later windows). Round 7's
// `reply-passes-through-slow-path-entry-then-logs-mr1` (a store after the hop back) is in
// kernel-mutants-redteam-8.test.ts; here the hop back is followed by the other things a fast path
// must not do, each a known escape before (the window was exempt as a slow path from its first
// slow-path instruction on), and a correct kernel whose slow path returns through code of the
// shared exit phase passes, in the scenarios where the slow path keeps and delivers messages.
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import { pingPongScenario, queueScenario, timeoutScenario } from '../../kernel/scenarios.ts';
import { FAST_PATH_PHASES } from '../../testbench/checkers/phase-markers.ts';
import { handoffConfigFor, runBuiltScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { both, replace, withTail, type Patch } from './kernel-mutants.ts';
import type { RedteamMutant } from './kernel-mutants-redteam.ts';
import { brokenTest } from './kernel-mutants-redteam-run.ts';
import { MUTANT_BASE } from './kernel-mutants-run.ts';
import { FIQ, lines, SVC } from './redteam-patches.ts';
import { DECLINE_CLIENT1 } from './kernel-mutants-redteam-round6.ts';

const HOP_FLAG = '        .bss\n        .balign 4\nmutant_hop: .space 4\n        .text';
/** ipc_slowpath's first instructions: with the flag set, straight back to the fast path (as round 7's). */
const SLOW_PATH_HOP = replace('entry.S', '\nipc_slowpath:\n        add     r9, sp, #CTX_R0\n',
  `\nipc_slowpath:\n${lines('ldr     r9, =mutant_hop + KDATA', 'ldr     r9, [r9]', 'cmp     r9, #0', 'bne     mutant_hop_back', 'add     r9, sp, #CTX_R0')}\n`);

/**
 * At ipc_fast_state (after the copy): the server's replies set the flag, jump to ipc_slowpath and
 * come back to `mutant_hop_back`, which runs `back` (the flag cleared first unless `keepFlag`); the
 * clients' Calls run `client`. `marked`: the site is the whole block.
 */
const hop = (back: string[], client: string[] = [], marked = true, keepFlag = false): Patch =>
  both(withTail(replace('entry.S', '\nipc_fast_state:\n', `\nipc_fast_state:\n${marked ? 'mutant_site:\n' : ''}${lines(
    'ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #2', 'bne     2f',
    'ldr     r9, =mutant_hop + KDATA', 'mov     r12, #1', 'str     r12, [r9]', 'b       ipc_slowpath',
    'mutant_hop_back:', ...back, ...(keepFlag ? [] : ['ldr     r9, =mutant_hop + KDATA', 'mov     r12, #0', 'str     r12, [r9]']), 'b       3f',
    '2:', ...client, '3:',
  )}\n${marked ? 'mutant_end:\n' : ''}`), HOP_FLAG), SLOW_PATH_HOP);

const EXIT = '        ldmia   sp, {r9-r14}^\n        ldr     r2, [r2, #CTX_R2]               @ (no banked register right after ldm ^)\n';

const BROKEN: readonly RedteamMutant[] = [
  {
    name: 'hop-through-slow-path-then-mr1-into-receivers-r12-at-exit',
    story: "the server's replies pass through ipc_slowpath's first instructions and come back; the fast path's exit, seeing the flag, also puts MR1 into the client's r12 after its user bank is restored",
    patch: both(hop([], [], false, true), replace('entry.S', EXIT, `${lines('ldr     r12, =mutant_hop + KDATA', 'ldr     r11, [r12]', 'mov     r9, #0', 'str     r9, [r12]', 'cmp     r11, #1')}\n${EXIT}mutant_site:\n${lines('moveq   r12, r4')}\nmutant_end:\n`)),
    rules: ['message-left-registers'],
    evidence: 'resume',
    programOk: false, // (the client checks that its r12 survived the Call)
  },
  {
    name: 'hop-through-slow-path-then-drain-write-buffer',
    story: "the server's replies pass through ipc_slowpath's first instructions and come back to a drain of the write buffer (no part of the FCSE switch), the first instruction back",
    patch: hop(['mcr     p15, 0, r12, c7, c10, 4']),
    rules: ['maintenance'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'hop-through-slow-path-then-mr1-parked-in-fiq-bank-stored-by-next-call',
    story: "the server's replies pass through ipc_slowpath's first instructions and come back to park MR1 in r8_fiq; the client's next Call stores r8_fiq into a kernel buffer",
    patch: hop([`msr     cpsr_c, ${FIQ}`, 'mov     r8, r4', `msr     cpsr_c, ${SVC}`], [`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'str     r8, [r9]', `msr     cpsr_c, ${SVC}`]),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'hop-through-slow-path-then-store-declined-calls-saved-mr1',
    story: "the client's Calls go to the unmodified slow path (its MR1 saved in its TCB, CTX_R4: kept by a slow path, its to deliver); the server's replies pass through ipc_slowpath's first instructions, come back and store that saved MR1 into a kernel global (round 6's declined-call-saved-mr1-logged-by-reply-fast-path, after a hop)",
    patch: both(DECLINE_CLIENT1, hop(['ldr     r11, [r10, #CTX_R4]', 'ldr     r9, =mutant_buf + KDATA', 'str     r11, [r9]'])),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
];

describe('a fast path that passes through slow-path code and comes back is judged as a fast path from there on', () => {
  for (const m of BROKEN) brokenTest(m);
});

/** kernel_resume (every slow path's return) restores the thread in code placed in the exit phase's range, after ipc_exit. */
const SHARED_EXIT: Patch = both(
  replace('entry.S', '        mov     sp, r4\n        ldr     r0, [sp, #CTX_CPSR]\n', '        mov     sp, r4\n        b       shared_exit\n        ldr     r0, [sp, #CTX_CPSR]\n'),
  replace('entry.S', '\n        .global fast_copy_groups\nfast_copy_groups:\n', `\nshared_exit:\n${lines('ldr     r0, [sp, #CTX_CPSR]', 'msr     spsr_cxsf, r0', 'ldr     lr, [sp, #CTX_PC]', 'add     r0, sp, #CTX_R0', 'ldmia   r0, {r0-r8}', 'ldmia   sp, {r9-r14}^', 'nop', 'subs    pc, lr, #0')}\n        .global fast_copy_groups\nfast_copy_groups:\n`),
);

describe('a slow path returning through code of the shared exit phase has not left the slow path', () => {
  it.each([
    ['queue', queueScenario('fcse'), 'queue: FIFO order ok'],
    ['timeouts', timeoutScenario('fcse'), 'timeouts: client ok'],
    ['ping-pong', pingPongScenario({}, 4, 9), 'pingpong'],
  ] as const)('%s: every window passes, none left its slow path', (_name, scenario, ok) => {
    const built = buildSystem({ ...scenario, patchKernel: SHARED_EXIT });
    expect(built.kernelSymbol('shared_exit')).toBeGreaterThan(built.kernelSymbol('ipc_exit'));
    expect(built.kernelSymbol('shared_exit')).toBeLessThan(built.kernelSymbol('ipc_slowpath'));
    const run = runBuiltScenario({ ...MUTANT_BASE, maxCycles: 2_000_000 }, built, handoffConfigFor(built));
    expect(run.exited).toBe(true);
    expect(run.bench.sys.soc.uart0.transmittedText()).toContain(ok);
    const report = run.checker.report();
    const slow = report.ipcs.filter((i) => i.path === 'slow');
    expect(slow.length, 'the slow path ran').toBeGreaterThan(0);
    expect(report.ipcs.filter((i) => i.leftSlowPath).map((i) => i.summary)).toEqual([]);
    expect(report.ipcs.filter((i) => i.judged && i.verdict === 'fail').flatMap((i) => i.failures)).toEqual([]);
    expect(report.entries.filter((e) => e.verdict === 'fail').flatMap((e) => e.failures)).toEqual([]);
    // The slow path did run code of the exit phase: counted as fast-path-only, it would have left.
    const strict = runBuiltScenario({ ...MUTANT_BASE, maxCycles: 2_000_000 }, built, handoffConfigFor(built, { fastPathPhases: [...FAST_PATH_PHASES, 'exit'] }));
    expect(strict.checker.report().ipcs.filter((i) => i.leftSlowPath).length).toBe(slow.length);
  }, 120_000);
});
