// The studies that ship with the project: the seed's questions. Ranges are the full ones; pass a
// study file (JSON, same shape) to sweep other ranges.
import type { StudyDef } from './study.ts';

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

export const STUDIES: readonly StudyDef[] = [
  {
    name: 'mrs-words',
    title: 'Message registers x message length',
    question: 'How does one-way IPC grow with the message length, and how many words do the register MRs save? (the linear term of the UTCB words)',
    base: { scenario: 'pingpong', strategy: 'fcse', rounds: 4 },
    knobs: [
      { name: 'registerMrs', values: range(0, 6) },
      { name: 'words', values: range(0, 16) },
    ],
    metrics: ['hotCycles', 'hotKernelInstructions', 'coldCycles', 'fastPathIpcs'],
    plots: [{ x: 'words', y: 'hotCycles', series: 'registerMrs', title: 'One-way hot IPC vs message length, per register MRs' }],
  },
  {
    name: 'switch-cost',
    title: 'Address-space switch strategy x cache size x dirty data',
    question: 'What does an address-space switch cost with a plain ARMv5 flush, with FCSE PIDs + domains, and with ASIDs, as caches grow and hold more dirty data?',
    // Dirty data: each thread of a two-space ring dirties `dirtyLines` D-cache lines before every send.
    base: { scenario: 'ring', spaces: 2, words: 4, rounds: 4 },
    knobs: [
      { name: 'strategy', values: ['full', 'fcse', 'asid'] },
      { name: 'cacheKB', values: [4, 8, 16, 32] },
      { name: 'dirtyLines', values: [0, 16, 64] },
    ],
    metrics: ['hotCycles', 'ringRoundCycles', 'hotDcacheWritebacks', 'hotIcacheMisses', 'hotDcacheMisses', 'hotTlbWalks'],
    plots: [
      { x: 'cacheKB', y: 'hotCycles', series: 'strategy', title: 'One-way IPC by switch strategy', logY: true },
      { x: 'dirtyLines', y: 'ringRoundCycles', series: 'strategy', title: 'Ring round (2 spaces) vs dirty lines', logY: true },
    ],
  },
  {
    name: 'tlb-reach',
    title: 'TLB entries x address spaces in a ring',
    question: 'How many address spaces can pass a message round a ring before the main TLB stops holding their working set?',
    base: { scenario: 'ring', strategy: 'fcse', words: 4, rounds: 4 },
    knobs: [
      { name: 'tlbEntries', values: [4, 8, 16, 64] },
      { name: 'spaces', values: [2, 3, 5, 7] },
    ],
    metrics: ['hotCycles', 'ringRoundCycles', 'hotTlbWalks', 'hotIcacheMisses', 'hotDcacheMisses', 'hotKernelInstructions'],
    plots: [
      { x: 'spaces', y: 'hotCycles', series: 'tlbEntries', title: 'One-way IPC in a ring vs address spaces, per TLB size' },
      { x: 'spaces', y: 'hotTlbWalks', series: 'tlbEntries', title: 'Table walks per hot IPC' },
    ],
  },
  {
    name: 'memory-latency',
    title: 'Memory latency sensitivity',
    question: 'How much does RAM latency matter once the IPC path is cache-hot, and how much when every switch flushes?',
    base: { scenario: 'pingpong', words: 4, rounds: 4 },
    knobs: [
      { name: 'strategy', values: ['full', 'fcse', 'asid'] },
      { name: 'ramWaitStates', values: [0, 1, 2, 4, 8] },
    ],
    metrics: ['hotCycles', 'coldCycles', 'hotIcacheMisses', 'hotDcacheMisses'],
    plots: [
      { x: 'ramWaitStates', y: 'hotCycles', series: 'strategy', title: 'One-way hot IPC vs RAM wait states', logY: true },
      { x: 'ramWaitStates', y: 'coldCycles', series: 'strategy', title: 'One-way cold IPC vs RAM wait states', logY: true },
    ],
  },
  {
    name: 'designs',
    title: 'IPC designs x message length x switch strategy',
    question:
      "Why is L4 IPC fast? Each claim of the post as an IPC design beside it, on the same hardware and programs: register MRs left in place (l4) or copied through the TCBs (tcb-copy); the message copied once, directly (l4), or into a kernel buffer and out (buffered); copied (l4) or its page remapped (remap, the asker's model); the fast path (l4) or the general one (slow); small code (l4) or the same code spread over pages (l4-spread). ('full' flush switches leave every design on the slow path between address spaces: not swept.)",
    base: { scenario: 'pingpong', registerMrs: 6, rounds: 4 },
    knobs: [
      { name: 'design', values: ['l4', 'tcb-copy', 'buffered', 'remap', 'slow', 'l4-spread'] },
      { name: 'words', values: [0, 1, 4, 8, 16, 32, 63] },
      { name: 'strategy', values: ['fcse', 'asid'] },
    ],
    metrics: [
      'hotCycles', 'coldCycles', 'hotKernelInstructions', 'hotIcacheMisses', 'hotDcacheMisses', 'hotTlbMisses', 'hotTlbWalks', 'hotDataAccesses',
      'hotEntryCycles', 'hotCheckCycles', 'hotMessageCycles', 'hotExitCycles', 'hotSlowCycles',
      'claimRegisterMrs', 'claimUtcbDirect', 'claimDelivered', 'claimNoRemap',
    ],
    plots: [
      { x: 'words', y: 'hotCycles', series: 'design', title: 'One-way hot IPC vs message length, per IPC design', crossoverWith: 'l4' },
      { x: 'words', y: 'hotCycles', series: 'design', relativeTo: 'l4', title: 'What each alternative costs beside l4 (hot, cycles)' },
      { x: 'words', y: 'hotMessageCycles', series: 'design', title: 'Moving the message (copy, buffer or remap) and the state update' },
    ],
  },
  {
    name: 'footprint',
    title: 'Fast-path footprint x cache size',
    question:
      'The IPC code is small, so it stays in the caches: the l4 fast path on a dozen I-cache lines against the same code spread over 11 pages and cache colours (l4-spread), as the caches shrink.',
    base: { scenario: 'pingpong', registerMrs: 6, words: 8, strategy: 'fcse', rounds: 6 },
    knobs: [
      { name: 'design', values: ['l4', 'l4-spread'] },
      { name: 'cacheKB', values: [1, 2, 4, 8, 16] },
    ],
    metrics: ['hotCycles', 'coldCycles', 'hotIcacheMisses', 'hotDcacheMisses', 'hotTlbMisses', 'hotTlbWalks', 'hotKernelInstructions'],
    plots: [
      { x: 'cacheKB', y: 'hotCycles', series: 'design', title: 'One-way hot IPC vs cache size: compact or spread fast path' },
      { x: 'cacheKB', y: 'hotIcacheMisses', series: 'design', title: 'I-cache misses per hot IPC' },
    ],
  },
  {
    name: 'footprint-tlb',
    title: 'Fast-path footprint x TLB entries x kernel mapping',
    question:
      "The IPC code is small, so it stays in the TLB: the l4 fast path (2 pages) against the same code over 11 pages (l4-spread), as the main TLB shrinks; with the kernel's megabyte in one section (the default: one TLB entry whatever the spread) and in 4 KB pages (a TLB entry per page touched).",
    base: { scenario: 'pingpong', registerMrs: 6, words: 8, strategy: 'fcse', rounds: 6 },
    knobs: [
      { name: 'design', values: ['l4', 'l4-spread'] },
      { name: 'kernelMapping', values: ['section', 'pages'] },
      { name: 'tlbEntries', values: [8, 16, 32, 64] },
    ],
    metrics: ['hotCycles', 'coldCycles', 'hotTlbMisses', 'hotTlbWalks', 'hotIcacheMisses', 'hotKernelInstructions'],
    plots: [
      { x: 'tlbEntries', y: 'hotCycles', series: 'design', title: 'One-way hot IPC vs main TLB entries: compact or spread fast path' },
      { x: 'tlbEntries', y: 'hotTlbMisses', series: 'design', title: 'TLB misses per hot IPC' },
    ],
  },
  {
    name: 'user-isa',
    title: 'ARM or Thumb user programs',
    question: 'What does Thumb user code change for IPC: code size, cycles of the whole ping-pong, the hot one-way IPC and the I-cache lines it touches (the kernel stays ARM; its entry decodes a Thumb SWI)?',
    base: { scenario: 'pingpong', strategy: 'fcse', rounds: 6 },
    knobs: [
      { name: 'userIsa', values: ['arm', 'thumb', 'mixed'] },
      { name: 'words', values: [0, 4, 8] },
    ],
    metrics: ['hotCycles', 'hotKernelInstructions', 'hotIlines', 'hotIcacheMisses', 'userCodeBytes', 'totalCycles'],
    plots: [{ x: 'words', y: 'totalCycles', series: 'userIsa', title: 'Whole ping-pong run, ARM and Thumb user code' }],
  },
  {
    name: 'smoke',
    title: 'Smoke test: two knobs, two values',
    question: 'Does the study machinery work end to end?',
    base: { scenario: 'pingpong', strategy: 'fcse', rounds: 2 },
    knobs: [
      { name: 'registerMrs', values: [0, 6] },
      { name: 'words', values: [0, 8] },
    ],
    metrics: ['hotCycles', 'coldCycles'],
    plots: [{ x: 'words', y: 'hotCycles', series: 'registerMrs', title: 'One-way hot IPC' }],
  },
];

export function findStudy(name: string): StudyDef | undefined {
  return STUDIES.find((s) => s.name === name);
}
