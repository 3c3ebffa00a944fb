// The memory port between a bus master (the core's instruction and data sides, later the MMU and
// caches) and what serves it (bus, caches, RAM, devices). A request/ready handshake that can stall
// the master for any number of cycles:
//
//   cycle t:   master drives req=1 with addr/we/size/wdata/priv, and holds them until ready.
//   cycle t+n: slave drives ready=1 (n >= 0: ready may come in the same cycle, combinationally);
//              rdata (the whole aligned word containing addr), abort and fsr are valid while
//              ready=1. The transfer is complete at the clock edge ending that cycle.
//
// rdata is always the aligned 32-bit word: the master extracts bytes and halfwords and applies
// ARMv5 rotation for misaligned words. wdata carries the value on its byte lanes (a byte store
// replicates its byte on all four lanes, a halfword on both halves), as AHB does.
import type { Module, Signal } from '../hdl/index.ts';

export const SIZE_BYTE = 0;
export const SIZE_HALF = 1;
export const SIZE_WORD = 2;

export interface MemPort {
  readonly req: Signal; //    1  master: request valid
  readonly addr: Signal; //  32  master: byte address (virtual on the core side, physical on the bus)
  readonly we: Signal; //     1  master: write
  readonly size: Signal; //   2  master: SIZE_BYTE / SIZE_HALF / SIZE_WORD
  readonly wdata: Signal; // 32  master: store data on its byte lanes
  readonly priv: Signal; //   1  master: privileged access (0 for user mode and LDRT/STRT)
  readonly ready: Signal; //  1  slave: transfer completes this cycle
  readonly rdata: Signal; // 32  slave: aligned word read
  readonly abort: Signal; //  1  slave: the access faulted (external abort or MMU fault)
  readonly fsr: Signal; //    8  slave: with abort: domain (7..4) and fault status (3..0) as in CP15 FSR
}

const FIELDS: ReadonlyArray<readonly [keyof MemPort, number, 'master' | 'slave']> = [
  ['req', 1, 'master'],
  ['addr', 32, 'master'],
  ['we', 1, 'master'],
  ['size', 2, 'master'],
  ['wdata', 32, 'master'],
  ['priv', 1, 'master'],
  ['ready', 1, 'slave'],
  ['rdata', 32, 'slave'],
  ['abort', 1, 'slave'],
  ['fsr', 8, 'slave'],
];

/**
 * Declare a memory port on `m` with signals named `<prefix>_<field>`. The master side drives the
 * master fields (outputs) and reads the slave fields (inputs); the slave side the reverse.
 */
export function declareMemPort(m: Module, prefix: string, side: 'master' | 'slave'): MemPort {
  const port: Partial<Record<keyof MemPort, Signal>> = {};
  for (const [field, width, driver] of FIELDS) {
    const name = `${prefix}_${field}`;
    port[field] = driver === side ? m.output(name, width) : m.input(name, width);
  }
  return port as MemPort;
}

/** Connect every field of two ports (in `parent`): a master's port to a slave's port. */
export function connectMemPorts(parent: Module, a: MemPort, b: MemPort): void {
  for (const [field] of FIELDS) parent.connect(a[field], b[field]);
}
