// The Versatile PB platform as QEMU's `-M versatilepb -cpu arm926` presents it: RAM at 0,
// PL190 VIC 0x10140000, SP804 timers 0x101E2000 (IRQ 4) and 0x101E3000 (IRQ 5), PL011 UARTs
// 0x101F1000 (IRQ 12), 0x101F2000 (13), 0x101F3000 (14); and the model's cycle counter at
// 0x101E9000 (IRQ 20; not a Versatile PB device, see docs/SOC.md). Loads images and runs them.
import { Arm926Core, type RunResult } from './core.ts';
import { PhysicalMemory } from './physical-memory.ts';
import { Pl190Vic } from './devices/pl190.ts';
import { Sp804Timer } from './devices/sp804.ts';
import { Pl011Uart } from './devices/pl011.ts';
import { CycleCounterDevice } from './devices/cycle-counter.ts';
import { parseElf, type LoadableImage } from './elf.ts';
import type { StepEffects } from './effects.ts';
import type { TranslationCacheFault } from './mmu.ts';

export const VERSATILE_VIC_BASE = 0x10140000;
export const VERSATILE_TIMER01_BASE = 0x101e2000;
export const VERSATILE_TIMER23_BASE = 0x101e3000;
export const VERSATILE_UART0_BASE = 0x101f1000;
export const VERSATILE_UART1_BASE = 0x101f2000;
export const VERSATILE_UART2_BASE = 0x101f3000;
export const CYCLE_COUNTER_BASE = 0x101e9000;
export const IRQ_TIMER01 = 4;
export const IRQ_TIMER23 = 5;
export const IRQ_UART0 = 12;
export const IRQ_CYCLE_COUNTER = 20;

export interface MachineConfig {
  /** RAM size in bytes (default 128 MB, QEMU's default for versatilepb). */
  readonly ramSize?: number;
  /** Instruction-clock units per SP804 timer tick (default 1: one tick per instruction). */
  readonly instructionsPerTimerTick?: number;
  /** Cache translations (default true); false walks the page tables on every access (docs/REFERENCE.md). */
  readonly translationCache?: boolean;
  /** Tests only: a deliberate translation-cache bug (mmu.ts TranslationCacheFault). */
  readonly translationCacheFault?: TranslationCacheFault;
  /** Run on this RAM buffer (`ramSize` bytes, contents kept): physical-memory.ts. */
  readonly ram?: ArrayBuffer;
  /**
   * The hardware configuration's architecturally visible parts (testbench/machine derives them from
   * the RTL's config, rtl/config.ts): CP15 c0 cache type (default 0x1d152152) and the number of
   * TLB lockdown entries (default 8).
   */
  readonly cacheType?: number;
  readonly tlbLockdownEntries?: number;
}

/** CPSR after QEMU loads an ELF with -kernel: SVC, IRQ and FIQ masked, Z set. */
export const QEMU_BOOT_CPSR = 0x400000d3;

export class VersatileMachine {
  readonly memory: PhysicalMemory;
  readonly vic: Pl190Vic;
  readonly timers: readonly [Sp804Timer, Sp804Timer];
  readonly uart0: Pl011Uart;
  readonly cycleCounter: CycleCounterDevice;
  readonly core: Arm926Core;

  constructor(config: MachineConfig = {}) {
    const ramSize = config.ramSize ?? 128 * 1024 * 1024;
    const ticks = config.instructionsPerTimerTick ?? 1;
    if (!Number.isInteger(ticks) || ticks < 1) throw new Error('instructionsPerTimerTick must be a positive integer');
    this.memory = new PhysicalMemory(ramSize, config.ram);
    this.vic = new Pl190Vic('vic', VERSATILE_VIC_BASE);
    this.timers = [
      new Sp804Timer('timer01', VERSATILE_TIMER01_BASE, this.vic, IRQ_TIMER01, ticks),
      new Sp804Timer('timer23', VERSATILE_TIMER23_BASE, this.vic, IRQ_TIMER23, ticks),
    ];
    this.uart0 = new Pl011Uart('uart0', VERSATILE_UART0_BASE, this.vic, IRQ_UART0);
    this.memory.attach(this.vic);
    this.memory.attach(this.timers[0]);
    this.memory.attach(this.timers[1]);
    this.memory.attach(this.uart0);
    this.memory.attach(new Pl011Uart('uart1', VERSATILE_UART1_BASE, this.vic, 13));
    this.memory.attach(new Pl011Uart('uart2', VERSATILE_UART2_BASE, this.vic, 14));
    this.cycleCounter = new CycleCounterDevice('ccnt', CYCLE_COUNTER_BASE, this.vic, IRQ_CYCLE_COUNTER);
    this.memory.attach(this.cycleCounter);
    this.core = new Arm926Core(this.memory, this.vic, [...this.timers, this.cycleCounter], {
      ...(config.translationCache !== undefined ? { translationCache: config.translationCache } : {}),
      ...(config.translationCacheFault !== undefined ? { translationCacheFault: config.translationCacheFault } : {}),
      ...(config.cacheType !== undefined ? { cacheType: config.cacheType } : {}),
      ...(config.tlbLockdownEntries !== undefined ? { tlbLockdownEntries: config.tlbLockdownEntries } : {}),
    });
  }

  /** Load segments and start at the entry in the QEMU boot state (SVC, IRQ/FIQ masked). */
  loadImage(image: LoadableImage): void {
    for (const segment of image.segments) {
      this.memory.load(segment.address, segment.data);
      const extra = (segment.memSize ?? segment.data.length) - segment.data.length;
      if (extra > 0) this.memory.load(segment.address + segment.data.length, new Uint8Array(extra));
    }
    this.core.setCpsr(QEMU_BOOT_CPSR);
    this.core.setRegister(15, image.entry);
  }

  loadElf(bytes: Uint8Array): LoadableImage {
    const image = parseElf(bytes);
    this.loadImage(image);
    return image;
  }

  /** A raw binary placed at `address` and entered there. */
  loadRaw(bytes: Uint8Array, address = 0x10000): void {
    this.loadImage({ entry: address, segments: [{ address, data: bytes }] });
  }

  run(maxInstructions: number): RunResult {
    return this.core.run(maxInstructions);
  }

  step(): StepEffects | undefined {
    return this.core.step();
  }

  uartOutput(): string {
    return this.uart0.output();
  }

  semihostOutput(): string {
    return String.fromCharCode(...this.core.semihostOutput);
  }
}
