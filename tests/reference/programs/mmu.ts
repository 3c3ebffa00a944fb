// MMU: sections, coarse/fine tables with large/small/tiny pages, domains, AP/S/R, every fault
// type (FSR/FAR read back into registers), prefetch abort, FCSE relocation, alignment faults.
import { program, type DirectedProgram } from './common.ts';
import { installVectors, type Handlers } from './vectors.ts';

/** Identity-map 8 MB (domain 0, AP=3) plus test mappings; enables the MMU. Uses r0-r5. */
const TABLES = `
  ldr r0, =0x4000
  mov r1, #0
  mov r2, #0x4000
1: subs r2, r2, #4
  str r1, [r0, r2]
  bne 1b
  ldr r2, =0x8000
  mov r3, #0x800
2: subs r3, r3, #4
  str r1, [r2, r3]
  bne 2b
  @ sections 0..7: identity, AP=3, domain 0
  ldr r1, =0x00000c12
  mov r3, #0
3: str r1, [r0, r3, lsl #2]
  add r1, r1, #0x100000
  add r3, r3, #1
  cmp r3, #8
  bne 3b
  ldr r1, =0x10100c12          @ devices (UART) identity
  str r1, [r0, #0x404]
  ldr r1, =0x00008031          @ VA 0x20000000: coarse table at 0x8000, domain 1
  str r1, [r0, #0x800]
  ldr r1, =0x00300ff2          @ small page -> 0x300000, AP=3
  str r1, [r2]
  ldr r1, =0x00301552          @ small page -> 0x301000, AP=1 (privileged only)
  str r1, [r2, #4]
  ldr r1, =0x003020a2          @ small page -> 0x302000, AP=2 (user read-only)
  str r1, [r2, #8]
  ldr r1, =0x00400ff1          @ large page -> 0x400000, replicated 16 times at entries 16..31
  add r4, r2, #0x40
  mov r3, #16
4: str r1, [r4], #4
  subs r3, r3, #1
  bne 4b
  ldr r1, =0x0000c053          @ VA 0x30000000: fine table at 0xC000, domain 2
  str r1, [r0, #0xc00]
  ldr r4, =0xc000
  ldr r1, =0x00500033          @ tiny page -> 0x500000, AP=3
  str r1, [r4]
  mov r1, #0
  str r1, [r4, #4]
  ldr r1, =0x00000c72          @ VA 0x40000000: section in domain 3 (no access)
  add r5, r0, #0x1000
  str r1, [r5]
  ldr r1, =0x00000012          @ VA 0x50000000: section AP=0 (S/R decide)
  str r1, [r5, #0x400]
  mcr p15, 0, r0, c2, c0, 0    @ TTBR
  ldr r1, =0x35                @ d0 client, d1 client, d2 manager, d3 no access
  mcr p15, 0, r1, c3, c0, 0
  mcr p15, 0, r1, c8, c7, 0    @ invalidate TLBs
  mrc p15, 0, r1, c1, c0, 0
  orr r1, r1, #1
  mcr p15, 0, r1, c1, c0, 0
`;

/** After TABLES: VA 0x70000000 through a coarse table at 0x8400 in domain 3 (no access): entry 0 invalid, entry 1 a small page. Uses r1, r4. */
const NO_ACCESS_COARSE_TABLE = `
  ldr r1, =0x00008471          @ VA 0x70000000: coarse table at 0x8400, domain 3 (no access)
  add r4, r0, #0x1c00
  str r1, [r4]
  ldr r4, =0x8400
  ldr r1, =0x00300ff2          @ its entry 1: a valid small page; entry 0 stays invalid
  str r1, [r4, #4]
  mcr p15, 0, r1, c8, c7, 0    @ invalidate TLBs
`;

/** A data abort handler that counts aborts in r10 and leaves FSR and FAR in r11 and r12, then skips the access. */
const RECORD_DATA_ABORT = `
dabt_handler:
  add r10, r10, #1
  mrc p15, 0, r11, c5, c0, 0
  mrc p15, 0, r12, c6, c0, 0
  subs pc, lr, #4
`;

/** An MMU program's start: its vectors, SVC and abort stacks, then TABLES (the MMU on). */
function withTables(handlers: Handlers): string {
  return `
${installVectors(handlers)}
  ldr sp, =0x80000
  msr cpsr_c, #0xd7
  ldr sp, =0x70000
  msr cpsr_c, #0xd3
${TABLES}`;
}

export const mmuPrograms: readonly DirectedProgram[] = [
  {
    name: 'mmu: section, small, large and tiny pages; translation, domain, permission faults',
    golden: true,
    source: program(`
${withTables({ dataAbort: 'dabt_handler', prefetchAbort: 'pabt_handler', swi: 'swi_handler' })}
  mov r10, #0
  ldr r4, =0x20000010
  ldr r5, =0xcafe
  str r5, [r4]
  ldr r6, =0x00300010
  ldr r6, [r6]                 @ the same word through the identity map
  ldr r4, =0x20011234
  str r5, [r4]
  ldr r7, =0x00401234
  ldr r7, [r7]
  ldr r4, =0x30000020
  str r5, [r4]
  ldr r8, =0x00500020
  ldr r8, [r8]
  ldr r4, =0x60000000
  ldr r9, [r4]                 @ section translation fault
  mov r0, r11
  mov r1, r12
  ldr r4, =0x20003000
  ldr r9, [r4]                 @ page translation fault (domain 1)
  mov r2, r11
  mov r3, r12
  ldr r4, =0x40000004
  ldr r9, [r4]                 @ section domain fault
  push {r11, r12}
  ldr r4, =0x30000400
  ldr r9, [r4]                 @ fine table: page translation fault
  push {r11, r12}
  ldr r4, =0x50000000
  ldr r9, [r4]                 @ AP=0, S=0 R=0: permission fault
  push {r11, r12}
  mrc p15, 0, r1, c1, c0, 0
  orr r1, r1, #0x100           @ S: AP=0 is privileged read-only
  mcr p15, 0, r1, c1, c0, 0
  ldr r9, [r4]
  str r9, [r4]                 @ permission fault
  push {r11, r12}
  bic r1, r1, #0x100
  orr r1, r1, #0x200           @ R: AP=0 is read-only for all
  mcr p15, 0, r1, c1, c0, 0
  ldr r9, [r4]
  msr cpsr_c, #0xd0            @ user mode
  ldr r4, =0x20001000
  ldr r9, [r4]                 @ user on AP=1: permission fault
  ldr r4, =0x20002000
  ldr r9, [r4]                 @ user read on AP=2: allowed
  str r9, [r4]                 @ user write on AP=2: permission fault
  ldr r4, =0x50000000
  ldr r9, [r4]                 @ R: user read allowed
  swi 0                        @ back to SVC
svc_again:
  ldr r4, =0x60000000
  mov lr, pc
  mov pc, r4                   @ prefetch abort
pabt_resume:
  mov r4, r10
  b mmu_done
dabt_handler:
  add r10, r10, #1
  mrc p15, 0, r11, c5, c0, 0
  mrc p15, 0, r12, c6, c0, 0
  subs pc, lr, #4
pabt_handler:
  add r10, r10, #0x100
  mrc p15, 0, r11, c5, c0, 1
  ldr lr, =pabt_resume
  movs pc, lr
swi_handler:
  b svc_again
mmu_done:
  ldm sp!, {r5-r12}
`),
  },
  {
    // A large page's four 16 KB subpages have their own AP bits; the DACR's reserved value 2 is
    // UNPREDICTABLE on ARMv5, and the model faults it as "no access", as QEMU does.
    name: 'mmu: large-page subpage permissions, and the reserved domain access value',
    golden: true,
    registers: { 5: 0x39, 6: 0x1f, 7: 0x20014000, 8: 0x1f, 10: 3 },
    source: program(`
${withTables({ dataAbort: 'dabt_handler', swi: 'swi_handler' })}
  ldr r1, =0x00400e71          @ large page -> 0x400000, subpage APs 3, 1, 2, 3 (16 KB each)
  ldr r4, =0x8040
  mov r3, #16
1: str r1, [r4], #4
  subs r3, r3, #1
  bne 1b
  mcr p15, 0, r1, c8, c7, 0    @ invalidate TLBs
  ldr r1, =0xb5                @ d3 = 2 (reserved), d2 manager, d1 client, d0 client
  mcr p15, 0, r1, c3, c0, 0
  mov r10, #0
  ldr r4, =0x40000004
  ldr r9, [r4]                 @ domain 3 reserved: a domain fault
  mov r5, r11
  msr cpsr_c, #0xd0            @ user mode
  ldr r4, =0x20010000
  ldr r9, [r4]                 @ subpage 0, AP=3: allowed
  ldr r4, =0x20014000
  ldr r9, [r4]                 @ subpage 1, AP=1: permission fault
  mov r6, r11
  mov r7, r12
  ldr r4, =0x20018000
  ldr r9, [r4]                 @ subpage 2, AP=2: user read allowed
  str r9, [r4]                 @ user write: permission fault
  mov r8, r11
  swi 0                        @ back to SVC
swi_handler:
  b large_done
${RECORD_DATA_ABORT}
large_done:
`),
  },
  {
    // A fine table (its L1 descriptor with SBZ bit 10 set: the table base is bits 31:12) holding a
    // tiny page at a 1 KB (not 4 KB) aligned address, AP in bits 5:4; and a valid small page in a
    // no-access domain: a page domain fault.
    name: 'mmu: tiny pages in a fine table, and a page domain fault',
    golden: true,
    ramBytes: 8 << 20, // the tiny page's frame at 5 MB
    registers: { 6: 0x3b, 7: 0x7e57c0de, 8: 0x1f, 10: 2 },
    source: program(`
${withTables({ dataAbort: 'dabt_handler', swi: 'swi_handler' })}
  ldr r1, =0x0000c433          @ VA 0x30000000: fine table at 0xC000 (bit 10 SBZ set), domain 1
  str r1, [r0, #0xc00]
  ldr r4, =0xc000
  ldr r1, =0x00500c23          @ tiny page -> 0x500C00, AP=2 (user read-only)
  str r1, [r4]
${NO_ACCESS_COARSE_TABLE}
  ldr r4, =0x00500c10
  ldr r1, =0x7e57c0de
  str r1, [r4]                 @ PA 0x500C10 through the identity map
  mov r10, #0
  ldr r4, =0x70001000
  ldr r9, [r4]                 @ valid entry, no-access domain: page domain fault
  mov r6, r11
  msr cpsr_c, #0xd0            @ user mode
  ldr r4, =0x30000010
  ldr r7, [r4]                 @ tiny page, user read: allowed
  str r7, [r4]                 @ user write: permission fault
  mov r8, r11
  swi 0                        @ back to SVC
swi_handler:
  b tiny_done
${RECORD_DATA_ABORT}
tiny_done:
`),
  },
  {
    // The ARM926EJ-S TRM's fault priority puts a page translation fault before a domain fault: the
    // walk reaches the second-level entry first. QEMU 7.2 checks the domain right after the
    // first-level descriptor and reports a page domain fault (0x3b): a deviation, not compared.
    name: 'mmu: an invalid second-level entry in a no-access domain is a page translation fault',
    golden: false,
    registers: { 5: 0x37, 6: 0x3b, 10: 2 },
    source: program(`
${withTables({ dataAbort: 'dabt_handler' })}
${NO_ACCESS_COARSE_TABLE}
  mov r10, #0
  ldr r4, =0x70000000
  ldr r9, [r4]                 @ invalid entry, no-access domain: page translation fault
  mov r5, r11
  ldr r4, =0x70001000
  ldr r9, [r4]                 @ valid entry: page domain fault
  mov r6, r11
  b priority_done
${RECORD_DATA_ABORT}
priority_done:
`),
  },
  {
    // CP15 V (control bit 13) moves the exception vectors to 0xFFFF0000 (mapped here to RAM at
    // 0x2F0000, inside a lockstep run's 4 MB); the vectors at 0 all exit with status 1.
    name: 'high vectors: undefined, SWI and data abort with CP15 V set enter at 0xFFFF0000 + offset',
    golden: true,
    registers: { 7: 0x77, 8: 0x66, 9: 0x55 },
    source: program(`
${withTables({})}
  ldr r1, =0x00200c12          @ VA 0xFFF00000 -> PA 0x200000 (AP=3, domain 0)
  ldr r2, =0x3ffc
  str r1, [r0, r2]
  mcr p15, 0, r1, c8, c7, 0
  ldr r3, =0xffff0000
  ldr r4, =0xe59ff018          @ ldr pc, [pc, #0x18]
  mov r5, #0
high_fill:
  str r4, [r3, r5]
  add r5, r5, #4
  cmp r5, #0x20
  bne high_fill
  ldr r4, =high_undef
  str r4, [r3, #0x24]
  ldr r4, =high_swi
  str r4, [r3, #0x28]
  ldr r4, =high_dabt
  str r4, [r3, #0x30]
  mrc p15, 0, r1, c1, c0, 0
  orr r1, r1, #0x2000          @ V: high vectors
  mcr p15, 0, r1, c1, c0, 0
  mov r7, #0
  mov r8, #0
  mov r9, #0
  .word 0xe7f000f0             @ undefined: 0xFFFF0004
  swi 0                        @ 0xFFFF0008
  ldr r4, =0x60000000
  ldr r6, [r4]                 @ section translation fault: 0xFFFF0010
  mrc p15, 0, r1, c1, c0, 0
  bic r1, r1, #0x2000          @ low vectors again for the exit
  mcr p15, 0, r1, c1, c0, 0
  b high_done
high_undef:
  mov r9, #0x55
  movs pc, lr
high_swi:
  mov r8, #0x66
  movs pc, lr
high_dabt:
  mov r7, #0x77
  subs pc, lr, #4
high_done:
`),
  },
  {
    name: 'mmu: FCSE PID relocation and TLB invalidation after a table change',
    golden: true,
    source: program(`
${TABLES}
  ldr r1, =0x02000000          @ PID 1: VA 0..32MB -> MVA 32MB..64MB
  ldr r0, =0x4000
  ldr r2, =0x00000c12          @ MVA section 0x020 -> PA 0 (so code keeps running)
  str r2, [r0, #0x80]
  ldr r2, =0x00100c12          @ MVA section 0x021 -> PA 0x100000
  str r2, [r0, #0x84]
  mcr p15, 0, r0, c8, c7, 0
  mcr p15, 0, r1, c13, c0, 0
  ldr r3, =0x00100040
  ldr r4, =0x1234
  str r4, [r3]                 @ VA 0x100040 -> MVA 0x2100040 -> PA 0x100040
  mov r1, #0
  mcr p15, 0, r1, c13, c0, 0
  ldr r5, [r3]                 @ same address, PID 0: identity section 1
  mrc p15, 0, r6, c13, c0, 0
  ldr r2, =0x00200c12          @ remap section 1 to PA 0x200000
  str r2, [r0, #0x4]
  mcr p15, 0, r0, c8, c7, 1    @ invalidate one entry (MVA in r0: any)
  mcr p15, 0, r0, c8, c7, 0
  ldr r7, [r3]                 @ now reads PA 0x200040
  ldr r8, =0x00200044
  str r4, [r8]
  ldr r9, [r3, #4]
  mcr p15, 0, r9, c13, c0, 1   @ CONTEXTIDR
  mrc p15, 0, r10, c13, c0, 1
`),
  },
  {
    // FCSE relocates addresses below 32 MB whether or not the MMU is on (the MVA is then the
    // physical address): instruction fetches too, so the program first copies itself (4 KB from
    // 0x10000) to where PID 1 relocates it.
    name: 'FCSE PID relocation with the MMU off (fetches and data)',
    golden: true,
    ramBytes: 64 << 20, // the copy at 32 MB + 64 KB
    registers: { 9: 0x5a5a1234, 10: 0x11112222, 11: 0x02000000 },
    source: program(`
  ldr r0, =0x10000
  ldr r1, =0x02010000
  mov r2, #1024
fcse_copy:
  ldr r3, [r0], #4
  str r3, [r1], #4
  subs r2, r2, #1
  bne fcse_copy
  ldr r4, =0x02001000
  ldr r5, =0x5a5a1234
  str r5, [r4]                 @ PA 0x02001000 (at or above 32 MB: never relocated)
  mov r4, #0x1000
  ldr r5, =0x11112222
  str r5, [r4]                 @ PA 0x1000
  ldr r7, =0x02000000
  mcr p15, 0, r7, c13, c0, 0   @ PID 1, MMU off: the next fetch comes from the copy
  ldr r9, [r4]                 @ VA 0x1000 -> PA 0x02001000
  mrc p15, 0, r11, c13, c0, 0
  mov r7, #0
  mcr p15, 0, r7, c13, c0, 0   @ PID 0 (the exit's SWI vector is at 0)
  ldr r10, [r4]                @ VA 0x1000 -> PA 0x1000
`),
  },
  {
    name: 'alignment faults with CP15 A set',
    golden: true,
    source: program(`
${installVectors({ dataAbort: 'dabt_handler' })}
  msr cpsr_c, #0xd7
  ldr sp, =0x70000
  msr cpsr_c, #0xd3
  mov r10, #0
  mrc p15, 0, r1, c1, c0, 0
  orr r1, r1, #2
  mcr p15, 0, r1, c1, c0, 0
  ldr r4, =0x20001
  ldr r5, [r4]
  mov r0, r11
  ldrh r5, [r4]
  ldrb r6, [r4]
  add r4, r4, #1
  ldrh r7, [r4]
  str r5, [r4]
  ldmia r4, {r5, r6}
  mov r1, r11
  mov r2, r12
  b align_done
dabt_handler:
  add r10, r10, #1
  mrc p15, 0, r11, c5, c0, 0
  mrc p15, 0, r12, c6, c0, 0
  subs pc, lr, #4
align_done:
`),
    registers: { 10: 4 },
  },
];
