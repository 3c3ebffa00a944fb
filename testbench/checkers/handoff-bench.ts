// A testbench top for hand-off runs: the system under test and, beside it, the pipeline text view
// and the message view (both scheduled after the system, whose settled signals they read). Loads a
// linked image into RAM and boots it as the lockstep harness does (a branch to the entry at 0 when
// needed).
import type { LinkedImage } from '../../kernel/toolchain/index.ts';
import { Module } from '../../rtl/hdl/index.ts';
import { Arm926System } from '../../rtl/system/arm926-system.ts';
import { loadImageIntoSystem } from '../boot-image.ts';
import { PipelineView, type PipelineViewOptions } from '../trace/pipeline-view.ts';
import { MessageView, type MessageViewOptions } from './message-view.ts';

/** The system's own options (whatever its constructor takes). */
export type SystemOptions = ConstructorParameters<typeof Arm926System>[2];

export class HandoffBench extends Module {
  readonly sys: Arm926System;
  readonly view: PipelineView;
  /** The message view (with `message` options): which thread crosses the boundary, and its MRs. */
  readonly msg: MessageView | null;

  constructor(
    name: string,
    image: LinkedImage,
    options: { readonly system?: SystemOptions; readonly view?: PipelineViewOptions; readonly message?: MessageViewOptions } = {},
  ) {
    super(null, name);
    this.sys = new Arm926System(this, 'sys', options.system);
    this.view = new PipelineView(this, 'view', this.sys.core, { image, ...options.view });
    this.msg = options.message ? new MessageView(this, 'msg', this.sys.core, this.sys.debug, options.message) : null;
    loadImageIntoSystem(this.sys, image);
  }
}
