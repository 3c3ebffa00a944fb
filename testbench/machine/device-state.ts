// Device state at a fast-forward hand-off (fast-forward.ts), read from the reference model
// (register reads without side effects, and the VIC's in-service levels) and poked into the RTL:
//   VIC       configuration (select, enable, soft, protection, default and vector addresses and
//             controls) and the in-service priority stack (a hand-off inside a handler, between
//             its VectAddr read and its end-of-interrupt write, keeps lower priorities masked).
//   SP804s    load, value, control, raw interrupt (prescale phase 0).
//   UART0     IBRD, FBRD, LCR_H, CR, IFLS, IMSC, the TX raw interrupt, and the bytes sent so far
//             (into the RTL's capture: its output is the whole run's).
//   CCNT      COUNT, COMPARE, CONTROL (the cycle counter at 0x101E9000).
// Time: the model's devices count its instruction clock; the RTL's count cycles from the model's
// values on, so a periodic tick or a compare lands at another phase of the program than in a full
// RTL run (docs/API.md "Fast-forward").
// What the model does not hold, the hand-off cannot give: `deviceWarnings` names what would make
// the RTL diverge (the callers warn or refuse). UART0's ILPR and DMACR are not stored by the model
// (they start at reset on the RTL); UART1/2 exist only on the model (the RTL decodes nothing there).
import { CYCLE_COUNTER_BASE, VERSATILE_TIMER01_BASE, VERSATILE_TIMER23_BASE, VERSATILE_UART0_BASE, VERSATILE_VIC_BASE } from '../reference/machine.ts';
import type { Sp804, TimerRegs } from '../../rtl/soc/sp804.ts';
import { UART_INT_TX } from '../../rtl/soc/pl011.ts';
import { VIC_NO_PRIORITY } from '../../rtl/soc/pl190.ts';
import type { IssMachine } from './iss-machine.ts';
import type { RtlMachine } from './rtl-machine.ts';

export function transferDevices(iss: IssMachine, rtl: RtlMachine): void {
  const memory = iss.iss.memory;
  memory.now = iss.iss.core.clock;
  const read = (a: number): number => memory.read32(a) >>> 0;
  const soc = rtl.sys.soc;
  const sim = rtl.sim;
  const vic = soc.vic;
  sim.poke(vic.int_select, read(VERSATILE_VIC_BASE + 0x00c));
  sim.poke(vic.int_enable, read(VERSATILE_VIC_BASE + 0x010));
  sim.poke(vic.soft_int, read(VERSATILE_VIC_BASE + 0x018));
  sim.poke(vic.protection, read(VERSATILE_VIC_BASE + 0x020) & 1);
  sim.poke(vic.def_vect_addr, read(VERSATILE_VIC_BASE + 0x034));
  for (let i = 0; i < 16; i++) {
    vic.vect_addr.load(i, [read(VERSATILE_VIC_BASE + 0x100 + 4 * i)]);
    vic.vect_cntl.load(i, [read(VERSATILE_VIC_BASE + 0x200 + 4 * i) & 0xff]);
  }
  // In service: the model's levels oldest first; the RTL stacks the level each acknowledge left
  // (none in service below the first) and holds the newest as its current priority.
  const levels = iss.iss.vic.inServiceLevels;
  if (levels.length >= vic.prio_stack.depth) throw new Error(`fast-forward: ${levels.length} nested interrupts in service, the RTL's VIC stacks ${vic.prio_stack.depth - 1}`);
  vic.prio_stack.load(0, [VIC_NO_PRIORITY, ...levels.slice(0, -1)]);
  sim.poke(vic.stack_depth, levels.length);
  sim.poke(vic.priority, levels.length === 0 ? VIC_NO_PRIORITY : levels[levels.length - 1]!);

  const timer = (t: TimerRegs, base: number): void => {
    sim.poke(t.load, read(base + 0x00));
    sim.poke(t.value, read(base + 0x04));
    sim.poke(t.control, read(base + 0x08) & 0xff);
    sim.poke(t.ris, read(base + 0x10) & 1);
    sim.poke(t.pre, 0);
  };
  const both = (s: Sp804, base: number): void => {
    sim.poke(s.div, 0);
    timer(s.t1, base);
    timer(s.t2, base + 0x20);
  };
  both(soc.timer01, VERSATILE_TIMER01_BASE);
  both(soc.timer23, VERSATILE_TIMER23_BASE);

  const uart = soc.uart0;
  const U = VERSATILE_UART0_BASE;
  sim.poke(uart.ibrd, read(U + 0x24));
  sim.poke(uart.fbrd, read(U + 0x28));
  sim.poke(uart.lcr_h, read(U + 0x2c));
  sim.poke(uart.cr, read(U + 0x30));
  sim.poke(uart.ifls, read(U + 0x34));
  sim.poke(uart.imsc, read(U + 0x38));
  const sent = iss.iss.uart0.output();
  // The RTL raises TX on a DR write (ICR clears it); the model holds it always set: a byte sent is the RTL's rule.
  sim.poke(uart.ris, sent.length > 0 ? UART_INT_TX : 0);
  const depth = uart.txlog.depth;
  const kept = Math.min(sent.length, depth);
  for (let k = 0; k < kept; k++) uart.txlog.load((sent.length - kept + k) % depth, [sent.charCodeAt(sent.length - kept + k) & 0xff]);
  sim.poke(uart.tx_count, sent.length >>> 0);

  const ccnt = soc.ccnt;
  sim.poke(ccnt.count, read(CYCLE_COUNTER_BASE + 0x00));
  sim.poke(ccnt.compare, read(CYCLE_COUNTER_BASE + 0x04));
  sim.poke(ccnt.control, read(CYCLE_COUNTER_BASE + 0x08) & 1);
  sim.settle();
}

/** State of the model's devices the RTL would not continue as a full RTL run does (empty: none known). */
export function deviceWarnings(iss: IssMachine): string[] {
  const out: string[] = [];
  const imsc = iss.iss.memory.read32(VERSATILE_UART0_BASE + 0x38) >>> 0;
  if ((imsc & UART_INT_TX) !== 0) {
    out.push("UART0's transmit interrupt is enabled (IMSC 0x" + imsc.toString(16) + '): the models disagree on its raw status (the reference model holds it always set; the RTL sets it on a DR write and ICR clears it), so the interrupts taken after the hand-off may differ from a full RTL run');
  }
  return out;
}
