// The red team's fifth round (2026-12-07, after the fourth round's fixes), by an outsider: message
// data handed to a thread in its other user registers. Five broken ones escaped when written (MR1
// or a UTCB word put into the receiver's r12 at exit, or an earlier message's word into a third
// thread's r2, laundered back through the thread's next trap or a putc, or simply left there),
// all by one cause: user registers start clean at each trap and no rule looked at them at the
// resume. Now a resumed thread's user registers must hold no earlier message's data, and this
// message's data only if it is the destination (or the thread resumed by its own trap)
// (`message-left-registers` at the resume): the third thread's cases are caught; the three that
// hand the destination its own message in r12 stay known escapes (below). One outsider
// variant (MR1 laundered through sp_usr from SYS mode) is left out: clobbering sp_usr makes the
// thread unrecognisable to the message view, so it fails for that reason first.
import { join } from 'node:path';
import { applyScenarioKnobs, readScenarioFile, SCENARIOS_DIR } from '../../testbench/scenarios/scenario-file.ts';
import { both, replace, type Patch } from './kernel-mutants.ts';
import type { CorrectVariant, RedteamMutant } from './kernel-mutants-redteam.ts';
import { atFastState, copy, FIQ, lines, parkAtFastState, STORE, SVC, type RoundVariant } from './redteam-patches.ts';

const TWO_CLIENTS = applyScenarioKnobs(readScenarioFile(join(SCENARIOS_DIR, 'two-clients.json')), { words: 8, rounds: 2 });
const SYS = '#(MODE_SYS | PSR_I | PSR_F)';
const EXIT = '        ldmia   sp, {r9-r14}^\n        ldr     r2, [r2, #CTX_R2]               @ (no banked register right after ldm ^)\n';
/** code after the receiver's user bank is restored at ipc_exit; `pre` before it (flags survive ldm ^) */
const atExit = (marked: boolean, pre: string[], post: string[]): Patch =>
  replace('entry.S', EXIT, `${lines(...pre)}\n${EXIT}${marked ? 'mutant_site:\n' : ''}${lines(...post)}\n${marked ? 'mutant_end:\n' : ''}`);
/** receiver is the server (id 2): Z set */
const IF_SERVER = ['ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #2'];

const V: RoundVariant[] = [
  {
    name: 'mr1-into-receivers-r12-at-exit',
    story: "after the receiver's user bank is restored, MR1 is also put into the server's r12 (preserved by the ABI): the receiver sees message data in a non-MR register",
    kind: 'broken',
    patch: atExit(true, IF_SERVER, ['moveq   r12, r4']),
  },
  {
    name: 'mr1-laundered-through-receivers-r12',
    story: "MR1 of the client's Call put into the server's user r12 at exit; at the server's next trap ipc_entry saves r12 into its TCB; the reply's fast path copies that TCB word to a kernel global",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: both(atExit(false, IF_SERVER, ['moveq   r12, r4']), atFastState('ldr     r11, [sp, #CTX_R12]', ...STORE('r11'))),
  },
  {
    name: 'mr1-laundered-through-receivers-sp-usr-in-sys-mode',
    story: "MR1 written into the server's sp_usr from SYS mode at exit; the reply's fast path reads sp_usr back from SYS mode (live, not from the TCB) and stores it to a kernel global",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: both(atExit(false, IF_SERVER, [`msreq   cpsr_c, ${SYS}`, 'moveq   sp, r4', `msreq   cpsr_c, ${SVC}`]),
      atFastState(`msr     cpsr_c, ${SYS}`, 'mov     r11, sp', `msr     cpsr_c, ${SVC}`, ...STORE('r11'))),
  },
  {
    name: 'mr1-mr2-delivered-swapped',
    story: "at exit the receiver gets MR2 in r4 and MR1 in r5 (register MRs in the wrong order)",
    kind: 'broken',
    expect: ['delivery', 'register-mr-written'],
    patch: atExit(true, [], ['eor     r4, r4, r5', 'eor     r5, r4, r5', 'eor     r4, r4, r5']),
  },
  {
    name: 'tag-count-one-less',
    story: "all 8 words delivered, but the delivered tag claims 7 (sub r3, r3, #1 at exit)",
    kind: 'broken',
    expect: ['delivery', 'register-mr-written'],
    patch: atExit(true, [], ['sub     r3, r3, #1']),
  },
  {
    name: 'copy-through-sys-mode-sp-lr',
    story: "the three UTCB words copied through sp_usr and lr_usr loaded/stored in SYS mode (restored from the receiver's TCB at exit as always)",
    kind: 'correct',
    patch: copy('mov     r12, lr', `msr     cpsr_c, ${SYS}`, 'ldr     sp, [r9], #4', 'ldr     lr, [r9], #4', 'ldr     r0, [r9], #4',
      'str     sp, [r12], #4', 'str     lr, [r12], #4', 'str     r0, [r12], #4', `msr     cpsr_c, ${SVC}`, 'mov     lr, r12'),
  },
  {
    name: 'restore-receiver-user-bank-in-sys-mode',
    story: "the receiver's r9-r12, sp_usr, lr_usr restored by a plain LDM in SYS mode instead of LDM ^",
    kind: 'correct',
    patch: replace('entry.S', EXIT, `mutant_site:\n${lines(`msr     cpsr_c, ${SYS}`, 'ldmia   r2, {r9-r14}', `msr     cpsr_c, ${SVC}`, 'ldr     r2, [r2, #CTX_R2]')}\nmutant_end:\n`),
  },
  {
    name: 'call-copies-words-then-declines-to-slow-path',
    story: "the client's Call copies the UTCB words into the server's UTCB directly, then hands the IPC to the slow path (which copies them again); the reply stays on the fast path",
    kind: 'correct',
    patch: replace('entry.S', '        movs    r0, r11, lsr #2                 @ four-word groups: out of line\n',
      `mutant_site:\n${lines('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #1', 'ldreq   r0, [r10, #TCB_ID]', 'ldreq   r1, [sp, #CTX_R1]', 'ldreq   r2, [sp, #CTX_R2]', 'beq     ipc_slowpath')}\nmutant_end:\n        movs    r0, r11, lsr #2\n`),
  },
];

V.push(
  {
    name: 'mr6-laundered-through-receivers-r12',
    story: "at exit the server's r12 gets MR6 reloaded from its own UTCB slot (just copied); the reply's fast path stores the server's saved r12 (its TCB) to a kernel global: a UTCB word staged",
    kind: 'broken',
    expect: ['utcb-word-staged'],
    patch: both(replace('entry.S', EXIT, `${lines(...IF_SERVER)}\n${EXIT}${lines('ldreq   r12, [sp, #TCB_UTCB_MRS]', 'ldreq   r12, [r12]')}\n`), atFastState('ldr     r11, [sp, #CTX_R12]', ...STORE('r11'))),
  },
  {
    name: 'client1-mr1-parked-in-fiq-handed-to-client2-r2',
    story: "two clients: client1's Call parks its MR1 in r8_fiq; when the server's reply resumes client2, r8_fiq goes into client2's r2 (a user register, no store): client1's message data reaches client2",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: both(
      parkAtFastState('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #1', `msreq   cpsr_c, ${FIQ}`, 'moveq   r8, r4', `msreq   cpsr_c, ${SVC}`),
      replace('entry.S', EXIT, `${lines('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #2')}\n${EXIT}mutant_site:\n${lines(`msreq   cpsr_c, ${FIQ}`, 'moveq   r2, r8', `msreq   cpsr_c, ${SVC}`)}\nmutant_end:\n`)),
  },
  {
    name: 'client1-mr1-parked-in-fiq-handed-to-client2-r2-then-stored-by-putc',
    story: "as above, then the putc stores the caller's saved r2 (its TCB) to a kernel global",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: both(both(
      parkAtFastState('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #1', `msreq   cpsr_c, ${FIQ}`, 'moveq   r8, r4', `msreq   cpsr_c, ${SVC}`),
      replace('entry.S', EXIT, `${lines('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #2')}\n${EXIT}${lines(`msreq   cpsr_c, ${FIQ}`, 'moveq   r2, r8', `msreq   cpsr_c, ${SVC}`)}\n`)),
      replace('entry.S', '\nsys_putc:\n', `\nsys_putc:\nmutant_site:\n${lines('ldr     r1, [r4, #CTX_R2]', 'ldr     r2, =mutant_buf + KDATA', 'str     r1, [r2]')}\nmutant_end:\n`)),
  },
);

/** The rules and evidence each broken variant's claim calls for (message data in a non-MR register: at the resume). */
const CAUGHT: Record<string, { readonly rules: RedteamMutant['rules']; readonly evidence: 'site' | 'resume'; readonly programOk: boolean; readonly twoClients?: true }> = {
  'mr1-into-receivers-r12-at-exit': { rules: ['message-left-registers'], evidence: 'resume', programOk: true },
  'mr1-laundered-through-receivers-r12': { rules: ['message-left-registers'], evidence: 'resume', programOk: true },
  'mr6-laundered-through-receivers-r12': { rules: ['message-left-registers'], evidence: 'resume', programOk: true },
  'client1-mr1-parked-in-fiq-handed-to-client2-r2': { rules: ['message-left-registers'], evidence: 'resume', programOk: true, twoClients: true },
  'client1-mr1-parked-in-fiq-handed-to-client2-r2-then-stored-by-putc': { rules: ['message-left-registers'], evidence: 'resume', programOk: true, twoClients: true },
  'mr1-mr2-delivered-swapped': { rules: ['delivery', 'message-left-registers', 'register-mr-written'], evidence: 'site', programOk: true },
  'tag-count-one-less': { rules: ['delivery', 'register-mr-written'], evidence: 'site', programOk: false },
};

export const REDTEAM5_BROKEN: readonly RedteamMutant[] = V.filter((v) => v.kind === 'broken' && CAUGHT[v.name]).map((v) => {
  const c = CAUGHT[v.name]!;
  return { name: v.name, story: v.story, patch: v.patch, rules: c.rules, evidence: c.evidence, programOk: c.programOk, ...(c.twoClients ? { options: { scenario: TWO_CLIENTS } } : {}) };
});

export const REDTEAM5_CORRECT: readonly CorrectVariant[] = V.filter((v) => v.kind === 'correct').map((v) => ({ name: v.name, story: v.story, patch: v.patch }));
