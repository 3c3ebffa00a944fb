// ARM-state instruction decoder (ARMv5TE encoding space) and the decoded-op cache.
// The cache is keyed by the instruction word itself, not by its address: an op is a pure
// function of the word, so self-modifying code, remapping and FCSE need no invalidation.
import type { Op } from './ops/op.ts';
import { undefinedOp } from './ops/op.ts';
import { decodeDataProcessing } from './ops/data-processing.ts';
import { countLeadingZeros, multiply, multiplyLong, saturatingArithmetic, signedMultiplyHalfwords } from './ops/multiply.ts';
import { decodeLoadStoreWordByte, loadStoreExtra, swap } from './ops/load-store.ts';
import { blockTransfer } from './ops/block-transfer.ts';
import {
  branch, branchExchange, branchLinkExchangeImmediate, branchLinkExchangeRegister, branchWithLink, breakpoint,
  coprocessorRegisterTransfer, moveFromStatus, moveToStatus, preload, softwareInterrupt,
} from './ops/control.ts';

/** Miscellaneous instructions: bits 27:23 = 00010, bit 20 = 0 (not multiply/extra load-store). */
function decodeMiscellaneous(w: number): Op {
  const op = (w >>> 21) & 3;
  if (w & 0x80) return signedMultiplyHalfwords; // bit 7 = 1, bit 4 = 0
  switch ((w >>> 4) & 15) {
    case 0x0:
      return op & 1 ? moveToStatus : moveFromStatus;
    case 0x1:
      if (op === 1) return branchExchange;
      if (op === 3) return countLeadingZeros;
      return undefinedOp;
    case 0x2:
      return op === 1 ? branchExchange : undefinedOp; // BXJ: trivial Jazelle = BX
    case 0x3:
      return op === 1 ? branchLinkExchangeRegister : undefinedOp;
    case 0x5:
      return saturatingArithmetic;
    case 0x7:
      return op === 1 ? breakpoint : undefinedOp;
    default:
      return undefinedOp;
  }
}

/** cond = 1111: BLX <label> and PLD; everything else is undefined on ARMv5TE. */
function decodeUnconditional(w: number): Op {
  if ((w & 0x0e000000) === 0x0a000000) return branchLinkExchangeImmediate;
  if ((w & 0x0d70f000) === 0x0550f000) return preload;
  return undefinedOp;
}

export function decode(w: number): Op {
  if (w >>> 28 === 15) return decodeUnconditional(w);
  switch ((w >>> 25) & 7) {
    case 0:
      if ((w & 0x90) === 0x90) {
        if ((w & 0x60) === 0) {
          if ((w & 0x0fc000f0) === 0x00000090) return multiply;
          if ((w & 0x0f8000f0) === 0x00800090) return multiplyLong;
          if ((w & 0x0fb00ff0) === 0x01000090) return swap;
          return undefinedOp;
        }
        return loadStoreExtra;
      }
      if ((w & 0x01900000) === 0x01000000) return decodeMiscellaneous(w);
      return decodeDataProcessing(w);
    case 1:
      if ((w & 0x01900000) === 0x01000000) return w & 0x00200000 ? moveToStatus : undefinedOp;
      return decodeDataProcessing(w);
    case 2:
      return decodeLoadStoreWordByte(w);
    case 3:
      return w & 0x10 ? undefinedOp : decodeLoadStoreWordByte(w);
    case 4:
      return blockTransfer;
    case 5:
      return w & 0x01000000 ? branchWithLink : branch;
    case 6:
      return undefinedOp; // LDC/STC/MCRR/MRRC: no coprocessor accepts them
    default:
      if (w & 0x01000000) return softwareInterrupt;
      return w & 0x10 ? coprocessorRegisterTransfer : undefinedOp; // CDP: undefined
  }
}

const CACHE_SIZE = 1 << 16;
const cachedWords = new Int32Array(CACHE_SIZE);
const cachedOps: Op[] = new Array<Op>(CACHE_SIZE).fill(decode(0));

/**
 * Decoded op for an instruction word (cached; shared by all cores: ops are pure in the word). Two
 * slots per word (its hash slot and the neighbour), so two hot words that hash alike both stay.
 */
export function lookupOp(word: number): Op {
  // A multiplicative hash of the whole word: folding the halves (word ^ word >>> 16) put common
  // pairs such as CMP r4, #0 and CMP r6, #2 in one slot, and a kernel loop re-decoded them forever.
  const slot = Math.imul(word, 0x9e3779b1) >>> 16;
  if (cachedWords[slot] === word) return cachedOps[slot]!;
  const other = slot ^ 1;
  if (cachedWords[other] === word) return cachedOps[other]!;
  const op = decode(word);
  cachedWords[other] = cachedWords[slot]!;
  cachedOps[other] = cachedOps[slot]!;
  cachedWords[slot] = word;
  cachedOps[slot] = op;
  return op;
}

const AT_SIZE = 1 << 14;
const atWords = new Int32Array(AT_SIZE);
const atOps: Op[] = new Array<Op>(AT_SIZE).fill(decode(0));

/**
 * Decoded op for the word fetched from physical address `pa` (as read from memory: a signed 32-bit
 * value): a direct-mapped cache indexed by the address, checked by the word, so still a pure
 * function of the word (rewritten code, remapping and FCSE need no invalidation). Consecutive
 * instructions take consecutive slots, a few host cache lines for a hot path, where the word hash
 * scatters them: the kernel ping-pong ran 15-20% faster with it (docs/REFERENCE.md).
 */
export function lookupOpAt(pa: number, word: number): Op {
  const slot = (pa >>> 2) & (AT_SIZE - 1);
  if (atWords[slot] === word) return atOps[slot]!;
  const op = lookupOp(word);
  atWords[slot] = word;
  atOps[slot] = op;
  return op;
}
