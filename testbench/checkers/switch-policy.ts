// Which CP15 operations an address-space switch needs, per strategy of the hardware config (the
// `addressSpaceSwitch` knob), declared once with the reason. The checkers allow a TLB or cache
// maintenance operation inside an IPC only when that IPC switches address space (it writes one of
// the policy's switch registers) and the policy lists the operation; any other maintenance, and
// any maintenance without a switch, is evidence of remapping or of a kernel doing more than the
// hand-off needs. DACR writes (domains) and wait-for-interrupt are never maintenance.

export type SwitchPolicyName = 'flush' | 'fcse' | 'asid';

/** A CP15 register or operation: MCR p15, 0, Rd, c<crn>, c<crm>, <op2> (undefined: any). */
export interface Cp15Op {
  readonly crn: number;
  readonly crm?: number;
  readonly op2?: number;
  readonly name: string;
}

export interface SwitchPolicy {
  readonly name: SwitchPolicyName;
  readonly reason: string;
  /** Writes that switch the address space. */
  readonly switchWrites: readonly Cp15Op[];
  /** Maintenance an IPC may do when it switches. */
  readonly maintenanceOnSwitch: readonly Cp15Op[];
}

const op = (crn: number, crm: number | undefined, op2: number | undefined, name: string): Cp15Op => ({ crn, crm, op2, name });

export const SWITCH_POLICIES: Readonly<Record<SwitchPolicyName, SwitchPolicy>> = {
  flush: {
    name: 'flush',
    reason:
      'plain ARMv5: the caches are virtually indexed and tagged and the TLB has no address-space tag, so a TTBR switch must clean and invalidate the D-cache, invalidate the I-cache, drain the write buffer and invalidate the TLB',
    switchWrites: [op(2, 0, 0, 'TTBR')],
    maintenanceOnSwitch: [
      op(7, 14, 3, 'test, clean and invalidate D'),
      op(7, 10, 3, 'test and clean D'),
      op(7, 14, 0, 'clean and invalidate D'),
      op(7, 6, 0, 'invalidate D'),
      op(7, 5, 0, 'invalidate I'),
      op(7, 7, 0, 'invalidate I and D'),
      op(7, 10, 4, 'drain write buffer'),
      op(8, 7, 0, 'invalidate TLB'),
      op(8, 5, 0, 'invalidate I-TLB'),
      op(8, 6, 0, 'invalidate D-TLB'),
    ],
  },
  fcse: {
    name: 'fcse',
    reason:
      "FCSE relocates each space's low 32 MB into its own slot of the modified virtual address space, so cache lines and TLB entries of different spaces never alias: a switch writes the PID (and the domains), nothing is flushed",
    switchWrites: [op(13, 0, 0, 'FCSE PID')],
    maintenanceOnSwitch: [],
  },
  asid: {
    name: 'asid',
    reason: 'TLB entries carry the ASID and the caches are physically tagged in this configuration: a switch writes CONTEXTIDR and TTBR, nothing is flushed',
    switchWrites: [op(13, 0, 1, 'CONTEXTIDR'), op(2, 0, 0, 'TTBR')],
    maintenanceOnSwitch: [],
  },
};

/** CP15 register field of a uop (cp_reg): CRn 11..8, CRm 7..4, opcode2 2..0. */
export function decodeCpReg(reg: number): { crn: number; crm: number; op2: number } {
  return { crn: (reg >>> 8) & 15, crm: (reg >>> 4) & 15, op2: reg & 7 };
}

const matches = (o: Cp15Op, crn: number, crm: number, op2: number): boolean => o.crn === crn && (o.crm === undefined || o.crm === crm) && (o.op2 === undefined || o.op2 === op2);

export type Cp15Kind = 'switch' | 'domains' | 'tlb' | 'cache' | 'wait-for-interrupt' | 'other';

/** What a CP15 write or operation is, under a policy. */
export function classifyCp15(policy: SwitchPolicy, crn: number, crm: number, op2: number): Cp15Kind {
  if (policy.switchWrites.some((o) => matches(o, crn, crm, op2))) return 'switch';
  if (crn === 3) return 'domains';
  if (crn === 7 && crm === 0 && op2 === 4) return 'wait-for-interrupt';
  if (crn === 8) return 'tlb';
  if (crn === 7) return 'cache';
  return 'other';
}

/** Is this maintenance operation allowed in an IPC that does (or does not) switch space? */
export function maintenanceAllowed(policy: SwitchPolicy, switched: boolean, crn: number, crm: number, op2: number): boolean {
  return switched && policy.maintenanceOnSwitch.some((o) => matches(o, crn, crm, op2));
}

export function cp15Name(crn: number, crm: number, op2: number): string {
  for (const p of Object.values(SWITCH_POLICIES)) for (const o of [...p.switchWrites, ...p.maintenanceOnSwitch]) if (matches(o, crn, crm, op2)) return `${o.name} (c${crn},c${crm},${op2})`;
  const known: Record<string, string> = {
    '3,0,0': 'DACR',
    '7,0,4': 'wait for interrupt',
    '7,5,1': 'invalidate I line by MVA',
    '7,6,1': 'invalidate D line by MVA',
    '7,10,1': 'clean D line by MVA',
    '7,14,1': 'clean and invalidate D line by MVA',
    '7,10,2': 'clean D line by set/way',
    '7,14,2': 'clean and invalidate D line by set/way',
    '8,7,1': 'invalidate TLB entry by MVA',
    '8,5,1': 'invalidate I-TLB entry by MVA',
    '8,6,1': 'invalidate D-TLB entry by MVA',
    '6,0,0': 'FAR',
    '5,0,0': 'FSR',
    '1,0,0': 'control',
  };
  return `${known[`${crn},${crm},${op2}`] ?? 'CP15'} (c${crn},c${crm},${op2})`;
}
