// Single loads and stores: LDR/STR/LDRB/STRB (with the T variants), LDRH/STRH/LDRSB/LDRSH,
// LDRD/STRD and SWP/SWPB. ARMv5 semantics (ARM ARM, ARM926EJ-S):
//  - a misaligned LDR (or SWP) rotates the aligned word right by 8 x address[1:0];
//  - a misaligned STR/STRH/LDRH ignores the low address bits;
//  - with CP15 A set, misaligned word and halfword accesses take an alignment fault;
//  - STR of r15 stores the instruction address + 12;
//  - loads with writeback to the same register: the loaded value wins.
import type { Arm926Core } from '../core.ts';
import { type Op, undefinedOp } from './op.ts';
import { shiftImmediate } from './shifter.ts';

function rotateForAddress(word: number, address: number): number {
  const rot = (address & 3) * 8;
  return rot === 0 ? word : (word >>> rot) | (word << (32 - rot));
}

/** LDR with ARMv5 rotation for a misaligned address (alignment fault first if A is set). */
export function loadWordRotated(c: Arm926Core, address: number, user: boolean): number {
  if (address & 3 && c.alignCheck) c.alignmentFault(address);
  return rotateForAddress(c.read32(address, user), address);
}

export const loadStoreWordByte: Op = (c, w) => {
  const pre = (w & 0x01000000) !== 0;
  const up = (w & 0x00800000) !== 0;
  const byte = (w & 0x00400000) !== 0;
  const writeBit = (w & 0x00200000) !== 0;
  const load = (w & 0x00100000) !== 0;
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const offset = w & 0x02000000 ? shiftImmediate(c, c.r[w & 15]!, (w >>> 5) & 3, (w >>> 7) & 31) : w & 0xfff;
  const base = c.r[rn]!;
  const offsetAddress = up ? (base + offset) | 0 : (base - offset) | 0;
  const address = pre ? offsetAddress : base;
  // Post-indexed with W set is LDRT/STRT: access with User permissions.
  const user = !c.privileged || (!pre && writeBit);
  const writeback = (!pre || writeBit) && rn !== 15;
  if (load) {
    const value = byte ? c.read8(address, user) : loadWordRotated(c, address, user);
    if (writeback) c.r[rn] = offsetAddress;
    if (rd === 15) c.branchExchange(value);
    else c.r[rd] = value;
  } else {
    const value = rd === 15 ? (c.r[15]! + 4) | 0 : c.r[rd]!;
    if (byte) c.write8(address, value, user);
    else {
      if (address & 3 && c.alignCheck) c.alignmentFault(address);
      c.write32(address, value, user);
    }
    if (writeback) c.r[rn] = offsetAddress;
  }
};

/**
 * Fast handlers for LDR/STR word with an immediate offset and no writeback, the literal loads
 * (base r15, read as the instruction address + 8) included; anything else, and a misaligned load,
 * goes to `loadStoreWordByte` (tests/reference/specialised-ops.test.ts holds them to it).
 */
export function decodeLoadStoreWordByte(w: number): Op {
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const simple = (w & 0x0f600000) === 0x05000000 && rd !== 15; // immediate, pre-indexed, word, no W
  if (!simple) return loadStoreWordByte;
  const offset = w & 0x00800000 ? w & 0xfff : -(w & 0xfff);
  if (w & 0x00100000) {
    return (c) => {
      const address = (c.r[rn]! + offset) | 0;
      if (address & 3) {
        loadStoreWordByte(c, w);
        return;
      }
      c.r[rd] = c.read32(address, !c.privileged);
    };
  }
  return (c) => {
    const address = (c.r[rn]! + offset) | 0;
    if (address & 3 && c.alignCheck) c.alignmentFault(address);
    c.write32(address, c.r[rd]!, !c.privileged);
  };
}

/** LDRH, STRH, LDRSB, LDRSH, LDRD, STRD. */
export const loadStoreExtra: Op = (c, w) => {
  const pre = (w & 0x01000000) !== 0;
  const up = (w & 0x00800000) !== 0;
  const immediate = (w & 0x00400000) !== 0;
  const writeBit = (w & 0x00200000) !== 0;
  const load = (w & 0x00100000) !== 0;
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const sh = (w >>> 5) & 3;
  const doubleword = !load && sh >= 2;
  // Post-indexed with W set is UNPREDICTABLE on ARMv5. As QEMU (ARMv6T2's LDRHT, STRHT, LDRSBT,
  // LDRSHT), the halfword and signed-byte forms access memory with User permissions; the
  // doubleword forms are undefined.
  const unprivileged = !pre && writeBit;
  if (unprivileged && doubleword) {
    c.undefinedInstruction();
    return;
  }
  if (doubleword && rd & 1) {
    c.undefinedInstruction(); // LDRD/STRD need an even first register
    return;
  }
  const offset = immediate ? ((w >>> 4) & 0xf0) | (w & 15) : c.r[w & 15]!;
  const base = c.r[rn]!;
  const offsetAddress = up ? (base + offset) | 0 : (base - offset) | 0;
  const address = pre ? offsetAddress : base;
  const user = !c.privileged || unprivileged;
  const writeback = (!pre || writeBit) && rn !== 15;
  if (doubleword) {
    if (address & 3 && c.alignCheck) c.alignmentFault(address);
    if (sh === 2) {
      // The second word at the aligned address + 4 (a fault there records it so, as the RTL).
      const low = c.read32(address, user);
      const high = c.read32(((address & ~3) + 4) | 0, user);
      if (writeback) c.r[rn] = offsetAddress;
      c.r[rd] = low;
      if (rd + 1 === 15) c.branchExchange(high);
      else c.r[rd + 1] = high;
    } else {
      c.write32(address, c.r[rd]!, user);
      c.write32(((address & ~3) + 4) | 0, rd + 1 === 15 ? (c.r[15]! + 4) | 0 : c.r[rd + 1]!, user);
      if (writeback) c.r[rn] = offsetAddress;
    }
    return;
  }
  if (sh !== 2 && address & 1 && c.alignCheck) c.alignmentFault(address);
  if (load) {
    let value: number;
    if (sh === 1) value = c.read16(address, user);
    else if (sh === 2) value = (c.read8(address, user) << 24) >> 24;
    else value = (c.read16(address, user) << 16) >> 16;
    if (writeback) c.r[rn] = offsetAddress;
    // A halfword or byte load to the pc (UNPREDICTABLE) interworks like LDR pc, as QEMU does.
    if (rd === 15) c.branchExchange(value);
    else c.r[rd] = value;
  } else {
    c.write16(address, rd === 15 ? (c.r[15]! + 4) | 0 : c.r[rd]!, user);
    if (writeback) c.r[rn] = offsetAddress;
  }
};

/** SWP / SWPB: load then store, atomically. */
export const swap: Op = (c, w) => {
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const rm = w & 15;
  const address = c.r[rn]!;
  const user = !c.privileged;
  const newValue = c.r[rm]!;
  if (w & 0x00400000) {
    const old = c.read8(address, user);
    c.write8(address, newValue, user);
    c.r[rd] = old;
  } else {
    const old = loadWordRotated(c, address, user);
    c.write32(address, newValue, user);
    c.r[rd] = old;
  }
};

export { undefinedOp };
