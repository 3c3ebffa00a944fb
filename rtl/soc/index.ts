// The Versatile PB system-on-chip: bus, RAM, PL011 UART, SP804 timers, PL190 VIC.
export * from '../bus/mem-port.ts';
export { Bus, BusMux, FSR_EXTERNAL_ABORT, type BusConfig, type BusMasterSide, type BusRegion } from './bus.ts';
export { Ram, DEFAULT_RAM_BYTES } from './ram.ts';
export * from './pl011.ts';
export * from './sp804.ts';
export * from './cycle-counter.ts';
export * from './pl190.ts';
export { BusDevice } from './target.ts';
export * from './versatile.ts';
