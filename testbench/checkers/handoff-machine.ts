// The machine for hand-off runs: the RTL machine (testbench/machine, docs/API.md) with the pipeline
// text view and the message view beside the system, and the image loaded. There is one way to boot:
// attach checkers and waveform writers to `sim`, then `boot()` starts the image at its entry in the
// reset state (SVC mode, IRQ and FIQ masked), as the machine interface starts any image.
import type { LinkedImage } from '../../kernel/toolchain/index.ts';
import type { PartialConfig } from '../../rtl/config.ts';
import { DEFAULT_START_CPSR } from '../machine/iss-machine.ts';
import { RtlMachine, type MachineTop } from '../machine/rtl-machine.ts';
import type { PipelineView, PipelineViewOptions } from '../trace/pipeline-view.ts';
import type { MessageViewOptions } from './message-view.ts';

export interface HandoffMachineOptions {
  readonly hardware?: PartialConfig;
  /** RAM in bytes (default 8 MB: the kernel's spaces and tables fit). */
  readonly ramBytes?: number;
  /** Evaluate combinational logic twice per cycle (order-bug check). */
  readonly check?: boolean;
  readonly view?: Omit<PipelineViewOptions, 'image'>;
  readonly message?: MessageViewOptions;
  /** When the modules' methods are compiled with constant slots (MachineOptions.specialize). */
  readonly specialize?: 'now' | 'never' | number;
}

/** How a run to the kernel's exit ended. */
export interface ExitOutcome {
  /** The program ended with semihosting SYS_EXIT before the cycle limit. */
  readonly exited: boolean;
  /** SYS_EXIT's reason (r1) when it did. */
  readonly exitReason?: number;
}

export const HANDOFF_RAM = 8 << 20;

/** The design of a hand-off run: the system and, always, the pipeline view beside it. */
export type HandoffTop = MachineTop & { readonly view: PipelineView };

function hasView(top: MachineTop): top is HandoffTop {
  return top.view !== null;
}

export class HandoffMachine extends RtlMachine {
  readonly image: LinkedImage;
  /** The design (system, pipeline view, message view). */
  readonly bench: HandoffTop;

  constructor(image: LinkedImage, options: HandoffMachineOptions = {}) {
    super({
      ...(options.hardware ? { hardware: options.hardware } : {}),
      ramBytes: options.ramBytes ?? HANDOFF_RAM,
      check: options.check ?? false,
      view: { image, ...options.view },
      ...(options.message ? { message: options.message } : {}),
      ...(options.specialize !== undefined ? { specialize: options.specialize } : {}),
    });
    this.image = image;
    if (!hasView(this.top)) throw new Error('a hand-off machine always has the pipeline view');
    this.bench = this.top;
    this.load({ image });
  }

  /** Start the image at its entry in the reset state. */
  boot(): void {
    this.start(this.image.entry, { cpsr: DEFAULT_START_CPSR });
  }

  /** Run until the program exits (semihosting SYS_EXIT) or `maxCycles` cycles have passed since the boot. */
  runToExit(maxCycles: number): ExitOutcome {
    const stop = this.run([{ kind: 'exit' }], { maxCycles: Math.max(0, maxCycles - this.cycles) }).stop;
    // SYS_EXIT's reason is in r1 (not banked: the SWI's mode change leaves it).
    return stop.kind === 'exit' ? { exited: true, exitReason: this.readRegister('r1') } : { exited: false };
  }
}
