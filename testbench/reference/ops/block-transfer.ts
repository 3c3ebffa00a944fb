// LDM/STM in all four addressing modes, with writeback and the ^ forms. ARMv5 rules:
//  - address bits 1:0 are ignored (alignment fault if CP15 A is set);
//  - STM stores the original base even when it is in the list and written back;
//  - LDM with the base in the list: the loaded value wins over writeback;
//  - an aborted LDM changes no register (all loads complete before any register is written);
//  - STM of r15 stores the instruction address + 12;
//  - an empty list transfers r15 only and moves the base by 64 (ARM7/ARM9 behaviour, UNPREDICTABLE
//    in the ARM ARM);
//  - LDM/STM ^ without r15 transfers User-bank registers; with writeback the base written back is
//    the current mode's (UNPREDICTABLE in the ARM ARM; QEMU makes it UNDEFINED).
import type { Op } from './op.ts';

const loaded = new Int32Array(16);

export const blockTransfer: Op = (c, w) => {
  const pre = (w & 0x01000000) !== 0;
  const up = (w & 0x00800000) !== 0;
  const caret = (w & 0x00400000) !== 0;
  const writeback = (w & 0x00200000) !== 0;
  const load = (w & 0x00100000) !== 0;
  const rn = (w >>> 16) & 15;
  let list = w & 0xffff;
  let size: number;
  let words: number;
  if (list === 0) {
    list = 0x8000;
    size = 64;
    words = 1;
  } else {
    let n = list - ((list >>> 1) & 0x5555);
    n = (n & 0x3333) + ((n >>> 2) & 0x3333);
    n = (n + (n >>> 4)) & 0x0f0f;
    words = (n + (n >>> 8)) & 0x1f;
    size = words * 4;
  }
  const base = c.r[rn]!;
  let start: number;
  if (up) start = pre ? base + 4 : base;
  else start = pre ? base - size : base - size + 4;
  start |= 0;
  const newBase = (up ? base + size : base - size) | 0;
  if (start & 3 && c.alignCheck) c.alignmentFault(start);
  // Words at the aligned address; the first access is made with `start` itself, so a fault there
  // records bits 1:0 in the FAR as the RTL does (its first uop carries the computed address).
  let address = start & ~3;
  const user = !c.privileged;
  const userBank = caret && !(load && list & 0x8000) && c.privileged;
  const ram = c.ramWords;
  // Word by word through read32/write32 until the page shortcut covers the rest (blockWordIndex):
  // usually from the start, else after the first word (which sets the shortcut up).
  let index = c.blockWordIndex(address, words * 4, !load, user);
  let left = words;
  if (load) {
    for (let i = 0; i < 16; i++) {
      if (list & (1 << i)) {
        if (index >= 0) loaded[i] = ram[index++]!;
        else {
          loaded[i] = c.read32(left === words ? start : address, user);
          if (left === words && left > 1) index = c.blockWordIndex((address + 4) | 0, (left - 1) * 4, false, user);
        }
        address = (address + 4) | 0;
        left--;
      }
    }
    if (writeback) c.r[rn] = newBase;
    for (let i = 0; i < 15; i++) {
      if (list & (1 << i)) {
        if (userBank) c.writeUserRegister(i, loaded[i]!);
        else c.r[i] = loaded[i]!;
      }
    }
    if (list & 0x8000) {
      const target = loaded[15]!;
      if (caret) {
        c.nextPc = target;
        c.restoreCpsrFromSpsr();
        c.nextPc = c.tBit ? target & ~1 : target & ~3;
      } else {
        c.branchExchange(target);
      }
    }
  } else {
    for (let i = 0; i < 16; i++) {
      if (list & (1 << i)) {
        const value = i === 15 ? (c.r[15]! + 4) | 0 : userBank ? c.readUserRegister(i) : c.r[i]!;
        if (index >= 0) ram[index++] = value;
        else {
          c.write32(left === words ? start : address, value, user);
          if (left === words && left > 1) index = c.blockWordIndex((address + 4) | 0, (left - 1) * 4, true, user);
        }
        address = (address + 4) | 0;
        left--;
      }
    }
    if (writeback) c.r[rn] = newBase;
  }
};
