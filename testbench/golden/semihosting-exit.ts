// The end of every generated test program: back to SVC mode, then semihosting SYS_EXIT with
// ADP_Stopped_ApplicationExit (status 0 on QEMU and the reference model; the RTL lockstep harness
// ends its run on this SWI), then the literal pool.
export const SEMIHOSTING_EXIT = `  msr cpsr_c, #0xd3
  mov r0, #0x18
  ldr r1, =0x20026
  swi 0x123456
  .ltorg`;
