// Architected fault status codes (ARMv5 ARM ARM, FSR[3:0]) and small helpers shared by the
// memory-system modules.
export const FS_ALIGNMENT = 0x1;
export const FS_LINEFILL_SECTION = 0x4; // external abort on linefill
export const FS_LINEFILL_PAGE = 0x6;
export const FS_TRANSLATION_SECTION = 0x5;
export const FS_TRANSLATION_PAGE = 0x7;
export const FS_EXTERNAL_SECTION = 0x8; // external abort on a non-linefill access
export const FS_EXTERNAL_PAGE = 0xa;
export const FS_DOMAIN_SECTION = 0x9;
export const FS_DOMAIN_PAGE = 0xb;
export const FS_WALK_L1 = 0xc; // external abort on translation, first level
export const FS_WALK_L2 = 0xe; // external abort on translation, second level
export const FS_PERMISSION_SECTION = 0xd;
export const FS_PERMISSION_PAGE = 0xf;

/** FCSE: an address below 32 MB is relocated into the process's 32 MB slot (PID in 31..25). */
export function fcse(va: number, pid: number): number {
  return va >>> 0 < 0x0200_0000 ? (va | (pid & 0xfe00_0000)) >>> 0 : va >>> 0;
}

/** Byte-lane mask of a store of `size` (0 byte, 1 half, 2 word) at `addr`. */
export function laneMask(addr: number, size: number): number {
  if (size === 0) return (0xff << ((addr & 3) * 8)) >>> 0;
  if (size === 1) return (0xffff << ((addr & 2) * 8)) >>> 0;
  return 0xffff_ffff;
}

export function log2(x: number): number {
  return 31 - Math.clz32(x);
}

// TLB entry attribute word (memory tlb_attr, 22 bits).
export const A_VALID = 1 << 0;
export const A_SIZE_SHIFT = 1; // 3 bits: index into SIZE_LOG2
export const A_NG = 1 << 4;
export const A_ASID_SHIFT = 5; // 8 bits
export const A_DOMAIN_SHIFT = 13; // 4 bits
export const A_AP_SHIFT = 17; // 2 bits
export const A_C = 1 << 19;
export const A_B = 1 << 20;
export const A_SECTION = 1 << 21;
export const ATTR_WIDTH = 22;
/** log2 of the region a TLB entry covers: 1 KB, 4 KB, 16 KB, 64 KB, 1 MB. */
export const SIZE_LOG2 = [10, 12, 14, 16, 20] as const;
export const SZ_1K = 0;
export const SZ_4K = 1;
export const SZ_16K = 2;
export const SZ_64K = 3;
export const SZ_1M = 4;
