// The lockstep pair behind the machine interface: the RTL system runs, and at every retirement the
// reference model executes the same instruction and the architectural effects must agree
// (testbench/lockstep/comparator.ts: LockstepComparator). A disagreement stops the run with a
// report. Registers and memory are read from the RTL (equal to the reference model's at every
// retirement); writes at start go to both. A semihosting call ends the comparison (the RTL has no
// host to serve it).
import { LockstepComparator, type Retirement } from '../lockstep/comparator.ts';
import type { StepEffects } from '../reference/index.ts';
import { IssMachine } from './iss-machine.ts';
import { RtlMachine } from './rtl-machine.ts';
import type { LoadedImage, MachineOptions, StopReason } from './types.ts';

export class LockstepMachine extends RtlMachine {
  override readonly model = 'lockstep' as const;
  readonly reference: IssMachine;
  private readonly comparator: LockstepComparator;

  constructor(options: MachineOptions & { readonly onRetire?: (instruction: number, effects: StepEffects) => void } = {}) {
    super(options);
    // Both models from one hardware configuration (the reference takes its visible parts).
    this.reference = new IssMachine({ ramBytes: this.ramBytes, ...(options.hardware ? { hardware: options.hardware } : {}) });
    this.comparator = new LockstepComparator(this.sys, this.reference.iss, options.onRetire);
  }

  /** The retirements both models agreed on since the start. */
  get history(): readonly Retirement[] {
    return this.comparator.history;
  }

  protected override putSegments(image: LoadedImage): void {
    super.putSegments(image);
    for (const s of image.segments) this.reference.writeMemory(s.address, s.data.length === (s.memSize ?? s.data.length) ? s.data : padded(s.data, s.memSize!));
  }

  override start(entry: number, options: { readonly cpsr?: number; readonly registers?: Readonly<Record<string, number>> } = {}): void {
    super.start(entry, options);
    this.reference.start(entry, options);
    this.comparator.startCpsr = this.reference.readRegister('cpsr');
    this.comparator.history.length = 0;
  }

  override writeRegister(name: string, value: number): void {
    super.writeRegister(name, value);
    this.reference.writeRegister(name, value);
  }

  override writeMemory(address: number, bytes: Uint8Array): void {
    super.writeMemory(address, bytes);
    this.reference.writeMemory(address, bytes);
  }

  protected override checkRetirement(r: Retirement): StopReason | undefined {
    const m = this.comparator.compare(r);
    return m ? { kind: 'mismatch', report: this.comparator.report(r, m) } : undefined;
  }
}

function padded(data: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(data);
  return out;
}
