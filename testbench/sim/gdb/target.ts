// The register layout the stub offers GDB (qXfer:features:read:target.xml): the ARM core feature
// GDB requires (r0..r12, sp, lr, pc, cpsr: numbers 0..16) and the banked registers and SPSRs of
// every mode (17..36), so `info all-registers` shows the whole programmer's model.

/** Architectural names in remote register-number order (the machine's names). */
export const GDB_REGISTERS: readonly string[] = [
  ...Array.from({ length: 13 }, (_, i) => `r${i}`), 'r13', 'r14', 'r15', 'cpsr',
  'r8_fiq', 'r9_fiq', 'r10_fiq', 'r11_fiq', 'r12_fiq', 'r13_fiq', 'r14_fiq',
  'r13_irq', 'r14_irq', 'r13_svc', 'r14_svc', 'r13_abt', 'r14_abt', 'r13_und', 'r14_und',
  'spsr_fiq', 'spsr_irq', 'spsr_svc', 'spsr_abt', 'spsr_und',
];

const CORE_NAMES: Readonly<Record<string, string>> = { r13: 'sp', r14: 'lr', r15: 'pc' };

function reg(name: string, regnum: number): string {
  const type = name === 'r13' ? 'data_ptr' : name === 'r15' ? 'code_ptr' : 'uint32';
  return `    <reg name="${CORE_NAMES[name] ?? name}" bitsize="32" regnum="${regnum}" type="${type}" group="general"/>`;
}

export const TARGET_XML = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE target SYSTEM "gdb-target.dtd">',
  '<target version="1.0">',
  '  <architecture>arm</architecture>',
  '  <feature name="org.gnu.gdb.arm.core">',
  ...GDB_REGISTERS.slice(0, 17).map((n, i) => reg(n, i)),
  '  </feature>',
  '  <feature name="org.handoff.arm.banked">',
  ...GDB_REGISTERS.slice(17).map((n, i) => reg(n, 17 + i).replace(' group="general"', ' group="system"')),
  '  </feature>',
  '</target>',
  '',
].join('\n');
