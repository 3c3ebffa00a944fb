// The architectures and CPUs `.arch`/`.cpu` may name (ARMv5TE and earlier, as GNU as 2.40 knows
// them): the build attributes GNU writes for each, and whether it has BLX (ARMv5T with Thumb),
// which decides whether calls between ARM and Thumb functions are made by the assembler or left
// to the linker.

export interface ArchInfo {
  /** Tag_CPU_name. */
  readonly name: string;
  /** Tag_CPU_arch (1 v4, 2 v4T, 3 v5T, 4 v5TE, 5 v5TEJ; 0: before v4, no tag). */
  readonly arch: number;
  /** Thumb state exists (Tag_THUMB_ISA_use). */
  readonly thumb: boolean;
}

/** What GNU as writes for -march=armv5te, our default. */
export const ARMV5TE: ArchInfo = { name: '5TE', arch: 4, thumb: true };

const ARCHS: Readonly<Record<string, readonly [number, boolean]>> = {
  armv1: [0, false], armv2: [0, false], armv2a: [0, false], armv2s: [0, false], armv3: [0, false], armv3m: [0, false],
  armv4: [1, false], armv4xm: [1, false], armv4t: [2, true], armv4txm: [2, true], armv5: [3, false], armv5t: [3, true],
  armv5txm: [3, true], armv5te: [4, true], armv5texp: [4, true], armv5tej: [5, true],
};

/** CPU: [Tag_CPU_name when it differs from the upper-cased name, Tag_CPU_arch]. */
const CPUS: Readonly<Record<string, readonly [string | null, number]>> = {
  arm1: [null, 0], arm2: [null, 0], arm250: [null, 0], arm3: [null, 0], arm6: [null, 0], arm60: [null, 0], arm600: [null, 0],
  arm610: [null, 0], arm620: [null, 0], arm7: [null, 0], arm7m: [null, 0], arm7d: [null, 0], arm7dm: [null, 0], arm7di: [null, 0],
  arm7dmi: [null, 0], arm70: [null, 0], arm700: [null, 0], arm700i: [null, 0], arm710: [null, 0], arm720: [null, 0], arm710c: [null, 0],
  arm7100: [null, 0], arm7500: [null, 0], arm7500fe: [null, 0],
  arm710t: [null, 2], arm720t: [null, 2], arm740t: [null, 2], arm7t: [null, 2], arm7tdmi: [null, 2], 'arm7tdmi-s': [null, 2],
  arm8: [null, 1], arm810: [null, 1], strongarm: [null, 1], strongarm1: [null, 1], strongarm110: [null, 1], strongarm1100: [null, 1],
  strongarm1110: [null, 1], fa526: [null, 1], fa626: [null, 1],
  arm9: [null, 2], arm920: ['ARM920T', 2], arm920t: [null, 2], arm922t: [null, 2], arm940t: [null, 2], arm9tdmi: [null, 2],
  arm10t: [null, 3], arm10tdmi: [null, 3], arm1020t: [null, 3],
  'arm9e-r0': [null, 4], 'arm946e-r0': [null, 4], arm946e: ['ARM946E-S', 4], 'arm946e-s': [null, 4], 'arm966e-r0': [null, 4],
  arm966e: ['ARM966E-S', 4], 'arm966e-s': [null, 4], 'arm968e-s': [null, 4], arm10e: [null, 4], arm1020: ['ARM1020E', 4],
  arm1020e: [null, 4], arm1022e: [null, 4], fa606te: [null, 4], fa616te: [null, 4], fa626te: [null, 4], fmp626: [null, 4],
  fa726te: [null, 4], arm9e: [null, 4],
  arm1026ejs: ['ARM1026EJ-S', 5], 'arm1026ej-s': [null, 5], arm926ej: ['ARM926EJ-S', 5], arm926ejs: ['ARM926EJ-S', 5], 'arm926ej-s': [null, 5],
};

/** The architecture `.arch name` selects, or null if it is not one of ARMv5TE or earlier. */
export function archByName(name: string): ArchInfo | null {
  const a = ARCHS[name.toLowerCase()];
  return a ? { name: name.slice(4).toUpperCase(), arch: a[0], thumb: a[1] } : null;
}

/** The CPU `.cpu name` selects, or null if it is not one of ARMv5TE or earlier. */
export function cpuByName(name: string): ArchInfo | null {
  const c = CPUS[name.toLowerCase()];
  return c ? { name: c[0] ?? name.toUpperCase(), arch: c[1], thumb: c[1] === 2 || c[1] >= 3 } : null;
}

/** BLX exists: calls between ARM and Thumb functions are made by the assembler. */
export function hasBlx(a: ArchInfo): boolean {
  return a.arch >= 3 && a.thumb;
}

/** Build attribute names `.eabi_attribute` accepts (GNU's table, with its aliases). */
export const ATTRIBUTE_TAGS: Readonly<Record<string, number>> = {
  Tag_CPU_raw_name: 4, Tag_CPU_name: 5, Tag_CPU_arch: 6, Tag_CPU_arch_profile: 7, Tag_ARM_ISA_use: 8, Tag_THUMB_ISA_use: 9,
  Tag_FP_arch: 10, Tag_VFP_arch: 10, Tag_WMMX_arch: 11, Tag_Advanced_SIMD_arch: 12, Tag_PCS_config: 13, Tag_ABI_PCS_R9_use: 14,
  Tag_ABI_PCS_RW_data: 15, Tag_ABI_PCS_RO_data: 16, Tag_ABI_PCS_GOT_use: 17, Tag_ABI_PCS_wchar_t: 18, Tag_ABI_FP_rounding: 19,
  Tag_ABI_FP_denormal: 20, Tag_ABI_FP_exceptions: 21, Tag_ABI_FP_user_exceptions: 22, Tag_ABI_FP_number_model: 23,
  Tag_ABI_align_needed: 24, Tag_ABI_align8_needed: 24, Tag_ABI_align_preserved: 25, Tag_ABI_align8_preserved: 25,
  Tag_ABI_enum_size: 26, Tag_ABI_HardFP_use: 27, Tag_ABI_VFP_args: 28, Tag_ABI_WMMX_args: 29, Tag_ABI_optimization_goals: 30,
  Tag_ABI_FP_optimization_goals: 31, Tag_compatibility: 32, Tag_CPU_unaligned_access: 34, Tag_FP_HP_extension: 36,
  Tag_VFP_HP_extension: 36, Tag_ABI_FP_16bit_format: 38, Tag_MPextension_use: 42, Tag_DIV_use: 44, Tag_DSP_extension: 46,
  Tag_MVE_arch: 48, Tag_PAC_extension: 50, Tag_BTI_extension: 52, Tag_nodefaults: 64, Tag_also_compatible_with: 65,
  Tag_T2EE_use: 66, Tag_conformance: 67, Tag_Virtualization_use: 68, Tag_MPextension_use_legacy: 70, Tag_BTI_use: 74, Tag_PACRET_use: 76,
};
