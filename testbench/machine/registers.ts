// Architectural register names, one parser for every model: `r0`..`r15`, `sp`, `lr`, `pc` (the
// current mode's bank), `r13_svc`/`sp_irq`/`lr_fiq`/`r8_fiq` (a given mode's bank), `cpsr`, `spsr`
// (the current mode's) and `spsr_irq`. The two models number physical registers differently (the
// reference model: 31 with r15 at 15; the RTL: 30 without r15); a name is resolved to a logical
// register and a mode here, and each model maps that to its own storage.

export type ModeName = 'usr' | 'fiq' | 'irq' | 'svc' | 'abt' | 'und' | 'sys';

export const MODE_NUMBERS: Readonly<Record<ModeName, number>> = { usr: 0x10, fiq: 0x11, irq: 0x12, svc: 0x13, abt: 0x17, und: 0x1b, sys: 0x1f };

/** A register name resolved: a general register of a mode (undefined: the current mode), or a PSR. */
export type RegisterRef =
  | { readonly kind: 'gpr'; readonly index: number; readonly mode: ModeName | undefined }
  | { readonly kind: 'cpsr' }
  | { readonly kind: 'spsr'; readonly mode: ModeName | undefined };

/** A register name the models do not have: names it and what they accept. */
export class RegisterNameError extends Error {
  override readonly name = 'UsageError';
}

const ALIASES: Readonly<Record<string, number>> = { sp: 13, lr: 14, pc: 15, fp: 11, ip: 12, sl: 10, sb: 9 };
const MODES = Object.keys(MODE_NUMBERS) as ModeName[];

export function parseRegisterName(text: string): RegisterRef {
  const name = text.trim().toLowerCase();
  if (name === 'cpsr') return { kind: 'cpsr' };
  const psr = /^spsr(?:_([a-z]+))?$/.exec(name);
  if (psr) {
    const mode = psr[1] === undefined ? undefined : modeOf(psr[1], text);
    if (mode === 'usr' || mode === 'sys') throw new RegisterNameError(`register ${text}: User and System mode have no SPSR`);
    return { kind: 'spsr', mode };
  }
  const m = /^(r(\d+)|[a-z]+)(?:_([a-z]+))?$/.exec(name);
  const index = m ? (m[2] !== undefined ? Number(m[2]) : ALIASES[m[1]!]) : undefined;
  if (!m || index === undefined || index > 15) throw new RegisterNameError(`unknown register ${JSON.stringify(text)} (r0..r15, sp, lr, pc, r13_svc, cpsr, spsr, spsr_irq, ...)`);
  const mode = m[3] === undefined ? undefined : modeOf(m[3], text);
  if (mode !== undefined && index === 15) throw new RegisterNameError(`register ${text}: the pc is not banked`);
  return { kind: 'gpr', index, mode };
}

function modeOf(suffix: string, text: string): ModeName {
  if ((MODES as string[]).includes(suffix)) return suffix as ModeName;
  throw new RegisterNameError(`register ${text}: unknown mode ${JSON.stringify(suffix)} (${MODES.join(', ')})`);
}

/** The mode name of a CPSR mode field, or undefined for an invalid one. */
export function modeNameOf(cpsr: number): ModeName | undefined {
  const m = cpsr & 0x1f;
  return MODES.find((k) => MODE_NUMBERS[k] === m);
}

/** Every register name of the programmer's model, in a fixed order (for dumps and JSON). */
export const ARCHITECTURAL_REGISTERS: readonly string[] = [
  ...Array.from({ length: 16 }, (_, i) => `r${i}`),
  'cpsr',
  ...['r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14'].map((r) => `${r}_fiq`),
  ...['irq', 'svc', 'abt', 'und'].flatMap((m) => [`r13_${m}`, `r14_${m}`]),
  ...['fiq', 'irq', 'svc', 'abt', 'und'].map((m) => `spsr_${m}`),
];
