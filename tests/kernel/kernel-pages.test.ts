// KernelConfig.kernelPages: the kernel's megabyte (vectors, kernel, page tables) through one coarse
// table of 4 KB pages instead of a section, for footprint studies. The kernel behaves the same under
// every switch strategy and IPC design (same UART output, faults still caught: the pages are
// privileged), and the tables say what the knob says.
import { describe, expect, it } from 'vitest';
import { IPC_DESIGNS, KERNEL_L2, PAGE_TABLES } from '../../kernel/abi.ts';
import { buildSystem, type Scenario } from '../../kernel/build.ts';
import { runOnReference } from '../../testbench/scenarios/reference-run.ts';
import { faultScenario, pingPongScenario } from '../../kernel/scenarios.ts';
import { ALL_STRATEGIES } from './scenarios.ts';

const withPages = (s: Scenario, kernelPages: boolean): Scenario => ({ ...s, config: { ...s.config, kernelPages } });
const run = (s: Scenario) => runOnReference(buildSystem(s));

describe('the kernel in 4 KB pages', () => {
  it.each(ALL_STRATEGIES)('%s: ping-pong and faults print what they print with a section', (sw) => {
    for (const s of [pingPongScenario({ switchStrategy: sw }, 4, 12), faultScenario({ switchStrategy: sw })]) {
      const section = run(withPages(s, false));
      const pages = run(withPages(s, true));
      expect(section.exitCode).toBe(0);
      expect(pages.exitCode, pages.uart).toBe(0);
      expect(pages.uart).toBe(section.uart);
    }
  });

  it.each(IPC_DESIGNS)('design %s runs unchanged', (design) => {
    const s = pingPongScenario({ design }, 4, 9);
    expect(run(withPages(s, true)).uart).toBe(run(s).uart);
  });

  it('MB 0 of the first table is a coarse descriptor to KERNEL_L2, whose entries map MB 0 page by page, privileged only', () => {
    const r = run(withPages(pingPongScenario({}, 2, 4), true));
    const mem = r.machine.memory;
    expect(mem.read32(PAGE_TABLES) >>> 0).toBe((KERNEL_L2 | 0x11) >>> 0);
    for (const page of [0, 0x10, 0x80, 0xff]) {
      const e = mem.read32(KERNEL_L2 + 4 * page) >>> 0;
      expect(e & ~0xfff, `page ${page}`).toBe(page << 12);
      expect(e & 3, 'small page').toBe(2);
      expect((e >>> 4) & 0xff, 'AP 01 in all four subpages').toBe(0x55);
    }
    const section = run(pingPongScenario({}, 2, 4));
    expect((section.machine.memory.read32(PAGE_TABLES) >>> 0) & 3, 'default: a section').toBe(2);
  });
});
