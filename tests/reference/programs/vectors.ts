// A vector table written to address 0 at run time (ldr pc, [pc, #0x18] + handler addresses),
// so the same ELF (linked at 0x10000) takes exceptions on QEMU and on the model.

export interface Handlers {
  readonly undefined?: string;
  readonly swi?: string;
  readonly prefetchAbort?: string;
  readonly dataAbort?: string;
  readonly irq?: string;
  readonly fiq?: string;
}

/** Uses r0-r2. Unlisted vectors get a handler that exits with status 1 (exit code check). */
export function installVectors(h: Handlers): string {
  const targets = [
    'vector_unexpected',
    h.undefined ?? 'vector_unexpected',
    h.swi ?? 'vector_unexpected',
    h.prefetchAbort ?? 'vector_unexpected',
    h.dataAbort ?? 'vector_unexpected',
    'vector_unexpected',
    h.irq ?? 'vector_unexpected',
    h.fiq ?? 'vector_unexpected',
  ];
  const stores = targets
    .map((t, i) => `  ldr r1, =${t}\n  str r1, [r0, #${0x20 + i * 4}]\n  str r2, [r0, #${i * 4}]`)
    .join('\n');
  return `
  mov r0, #0
  ldr r2, =0xe59ff018
${stores}
  b vectors_installed
vector_unexpected:
  mov r0, #0x18
  mov r1, #1
  swi 0x123456
vectors_installed:
`;
}
