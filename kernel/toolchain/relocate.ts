// Applying one relocation in a linked segment, including ARM/Thumb interworking: a call (ARM BL,
// Thumb BL) to a function of the other state becomes BLX, a BLX to a function of the same state
// becomes BL; the address of a Thumb function has bit 0 set. (GNU ld, without --use-blx, reaches
// the other state through a veneer instead; ARMv5TE has BLX, so we use it. A B or conditional BL
// across states would need a veneer, which we do not make: that is an error.)
import { LinkError } from './errors.ts';
import type { Segment } from './image.ts';
import type { Reloc } from './object.ts';

/** The state of a relocation target that is a function (ELF STT_FUNC), else null. */
export type FunctionKind = 'arm' | 'thumb' | null;

export function relocSite(r: Reloc): string {
  if (r.line > 0) return r.column > 0 ? `${r.file}:${r.line}:${r.column}` : `${r.file}:${r.line}`;
  return `${r.file}:(${r.section ?? '?'}+0x${r.offset.toString(16)})`;
}

/** The Thumb BL/BLX halfword pair for a byte offset (first halfword in bits 31..16). */
export function thumbCallPair(off: number, blx: boolean): number {
  const hi = 0xf000 | ((off >> 12) & 0x7ff);
  const lo = (blx ? 0xe800 : 0xf800) | ((off >> 1) & 0x7ff);
  return ((hi << 16) | lo) >>> 0;
}

/** `value` is S + A (the target address); `place` the address of the field. */
export function applyReloc(seg: Segment, place: number, r: Reloc, value: number, fn: FunctionKind): void {
  const at = place - seg.address;
  const size = r.kind === 'thm_jump11' || r.kind === 'thm_jump8' ? 2 : 4;
  if (seg.data.length < at + size) throw new LinkError(`${relocSite(r)}: relocation outside the data of ${seg.name}`);
  const dv = new DataView(seg.data.buffer, seg.data.byteOffset, seg.data.byteLength);
  if (r.kind === 'thm_call' || r.kind === 'thm_jump11' || r.kind === 'thm_jump8') {
    applyThumb(dv, at, place, r, value, fn);
    return;
  }
  if (r.kind === 'other') {
    throw new LinkError(`${relocSite(r)}: relocation type ${r.elfType} (GOT, TLS or other position-independent data) is not one this linker applies (GNU ld links it)`);
  }
  let w = dv.getUint32(at, true);
  const off = (value - (place + 8)) | 0;
  switch (r.kind) {
    case 'abs32':
      w = fn === 'thumb' ? value | 1 : value;
      break;
    case 'rel32':
      w = ((fn === 'thumb' ? value | 1 : value) - place) >>> 0;
      break;
    case 'v4bx':
      return;
    case 'branch24':
      if (fn === 'thumb') {
        if ((w & 0xff000000) >>> 0 !== 0xeb000000) {
          throw new LinkError(`${relocSite(r)}: a B or conditional BL to Thumb function needs an interworking veneer, which this linker does not make (use bl, blx or bx)`);
        }
        w = blxWord(r, off);
        break;
      }
      if (off % 4 !== 0) throw new LinkError(`${relocSite(r)}: branch target misaligned`);
      if (off < -0x2000000 || off > 0x1fffffc) throw new LinkError(`${relocSite(r)}: branch out of range (offset ${off})`);
      w = (w & 0xff000000) | ((off >> 2) & 0xffffff);
      break;
    case 'blx24':
      if (fn === 'arm') {
        if (off % 4 !== 0) throw new LinkError(`${relocSite(r)}: branch target misaligned`);
        if (off < -0x2000000 || off > 0x1fffffc) throw new LinkError(`${relocSite(r)}: branch out of range (offset ${off})`);
        w = 0xeb000000 | ((off >> 2) & 0xffffff);
        break;
      }
      w = blxWord(r, off);
      break;
  }
  dv.setUint32(at, w >>> 0, true);
}

function blxWord(r: Reloc, off: number): number {
  if (off % 2 !== 0) throw new LinkError(`${relocSite(r)}: blx target misaligned`);
  if (off < -0x2000000 || off > 0x1fffffe) throw new LinkError(`${relocSite(r)}: branch out of range (offset ${off})`);
  return (0xfa000000 | (((off >> 1) & 1) << 24) | ((off >> 2) & 0xffffff)) >>> 0;
}

function applyThumb(dv: DataView, at: number, place: number, r: Reloc, value: number, fn: FunctionKind): void {
  const off = (value - (place + 4)) | 0;
  if (r.kind === 'thm_jump8' || r.kind === 'thm_jump11') {
    const limit = r.kind === 'thm_jump8' ? 256 : 2048;
    if (off < -limit || off >= limit) throw new LinkError(`${relocSite(r)}: branch out of range (offset ${off})`);
    const h = dv.getUint16(at, true);
    dv.setUint16(at, r.kind === 'thm_jump8' ? (h & 0xff00) | ((off >> 1) & 0xff) : (h & 0xf800) | ((off >> 1) & 0x7ff), true);
    return;
  }
  // BL or BLX as written (bit 12 of the second halfword), switched for the target's state.
  let blx = (dv.getUint16(at + 2, true) & 0x1000) === 0;
  if (fn === 'arm') blx = true;
  if (fn === 'thumb') blx = false;
  // BLX takes bit 1 of the target from the pc: count from Align(pc, 4).
  const callOff = blx ? (value - ((place + 4) & ~3)) | 0 : off;
  if (blx && callOff % 4 !== 0) throw new LinkError(`${relocSite(r)}: blx target not word aligned`);
  if (callOff < -0x400000 || callOff > 0x3fffff) throw new LinkError(`${relocSite(r)}: branch out of range (offset ${callOff}, BL/BLX reach +/-4 MB)`);
  const pair = thumbCallPair(callOff, blx);
  dv.setUint16(at, pair >>> 16, true);
  dv.setUint16(at + 2, pair & 0xffff, true);
}
