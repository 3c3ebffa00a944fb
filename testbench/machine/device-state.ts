// Device state at a fast-forward hand-off (fast-forward.ts): the interrupt controller's
// configuration and the SP804 timers, read from the reference model through their registers
// (reads without side effects only) and poked into the RTL's registers.
//
// Not transferred: the VIC's in-service priority stack (hand off outside a vectored interrupt's
// acknowledge-to-end window), the UART (its output so far stays with the model; the RTL's starts
// from reset) and the cycle counter. The timers' counts are the model's, whose time is its
// instruction clock; the RTL counts core cycles from there, so a periodic tick lands at a
// different phase of the program than in a full RTL run (docs/API.md "Fast-forward").
import { VERSATILE_TIMER01_BASE, VERSATILE_TIMER23_BASE, VERSATILE_VIC_BASE } from '../reference/machine.ts';
import type { Sp804, TimerRegs } from '../../rtl/soc/sp804.ts';
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
  sim.settle();
}
