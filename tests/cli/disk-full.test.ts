// A full disk without a tmpfs: /dev/full takes an open and refuses every write with ENOSPC. Each
// command answers with one line naming the file and exit 2; nothing half-written is left behind.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as kernelMain } from '../../kernel/main.ts';
import { main as toolchainMain } from '../../kernel/toolchain/cli.ts';
import { main as startMain } from '../../testbench/cli/main.ts';
import { Simulator } from '../../rtl/hdl/index.ts';
import { VcdWriter } from '../../testbench/trace/vcd-writer.ts';
import { userErrorMessage } from '../../testbench/cli/run-main.ts';
import { Mixed } from '../hdl/designs.ts';
import { call, oneLineError } from './call.ts';
import { tempDir } from '../studies/cli.ts';

const FULL = /cannot write \/dev\/full: no space left on device \(ENOSPC\)$/;

describe('writing to a full disk (/dev/full)', () => {
  it('the kernel runner: --elf /dev/full', async () => {
    expect(oneLineError(await call('kernel', kernelMain, ['--rounds', '1', '--elf', '/dev/full']))).toMatch(FULL);
  });

  it('the toolchain: as -o /dev/full', async () => {
    const src = join(tempDir('full-as'), 'p.s');
    writeFileSync(src, '.global _start\n_start: b _start\n');
    expect(oneLineError(await call('toolchain', toolchainMain, ['as', src, '-o', '/dev/full']))).toMatch(FULL);
  });

  it('the VCD writer: one-line error, no stack', () => {
    const sim = new Simulator(new Mixed(null, 'top'));
    const writer = new VcdWriter(sim, { output: '/dev/full' });
    sim.reset(1);
    sim.run(50);
    let error: unknown;
    try {
      writer.close(); // the buffered bytes reach the "disk" here
    } catch (e) {
      error = e;
    }
    expect(userErrorMessage(error)).toMatch(FULL);
  });

  it('npm start: the waveform is complete and re-checked, the .gtkw on a full disk fails in one line', async () => {
    const dir = tempDir('full-start');
    const c = await call('npm start', startMain, ['--rounds', '1', '--vcd', join(dir, 'h.vcd'), '--gtkw', '/dev/full']);
    expect(oneLineError(c)).toMatch(FULL);
    expect(readdirSync(dir)).toEqual(['h.vcd']);
  }, 60_000);
});
