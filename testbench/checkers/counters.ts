// Counter sources for the per-IPC cost report. The memory system (rtl/mem) keeps its counters in
// registers, so they are in the waveform too and the VCD checker reads the same ones.
import type { CounterSource } from './config.ts';

/** I/D cache hits and misses, TLB misses, table walks and D-cache write-backs of a MemorySystem. */
export function memorySystemCounters(memoryPath: string): CounterSource[] {
  const c = (name: string, rel: string): CounterSource => ({ name, path: `${memoryPath}.${rel}` });
  return [
    c('icacheHits', 'icache.hits'),
    c('icacheMisses', 'icache.misses'),
    c('itlbMisses', 'icache.tlb_misses'),
    c('dcacheHits', 'dcache.hits'),
    c('dcacheMisses', 'dcache.misses'),
    c('dtlbMisses', 'dcache.tlb_misses'),
    c('dcacheWritebacks', 'dcache.writebacks'),
    c('tlbWalks', 'walker.walks'),
  ];
}
