// A testbench top for hand-off runs: the system under test and, beside it, the pipeline text view
// (scheduled after the system, whose settled signals it reads). Loads a linked image into RAM and
// boots it as the lockstep harness does (a branch to the entry at address 0 when needed).
import type { LinkedImage } from '../../kernel/toolchain/index.ts';
import { Module } from '../../rtl/hdl/index.ts';
import { Arm926System } from '../../rtl/soc/arm926-system.ts';
import { loadImageIntoSystem } from '../boot-image.ts';
import { PipelineView, type PipelineViewOptions } from '../trace/pipeline-view.ts';

/** The system's own options (whatever its constructor takes). */
export type SystemOptions = ConstructorParameters<typeof Arm926System>[2];

export class HandoffBench extends Module {
  readonly sys: Arm926System;
  readonly view: PipelineView;

  constructor(name: string, image: LinkedImage, options: { readonly system?: SystemOptions; readonly view?: PipelineViewOptions } = {}) {
    super(null, name);
    this.sys = new Arm926System(this, 'sys', options.system);
    this.view = new PipelineView(this, 'view', this.sys.core, { image, ...options.view });
    loadImageIntoSystem(this.sys, image);
  }
}
