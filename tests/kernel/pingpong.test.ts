import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import { runOnReference } from '../../testbench/scenarios/reference-run.ts';
import { ALL_NREG, ALL_STRATEGIES, pingPong } from './scenarios.ts';

const EXPECTED = 'L4/handoff kernel\npingpong: ok\n[kernel: no thread can run any more]\n';

describe('ping-pong on the reference model', () => {
  it('boots and delivers every word (default knobs)', () => {
    const r = runOnReference(buildSystem(pingPong({}, 100, 5)));
    expect(r.uart).toBe(EXPECTED);
    expect(r.stop).toBe('exit');
    expect(r.exitCode).toBe(0);
  });

  for (const sw of ALL_STRATEGIES) {
    for (const nreg of ALL_NREG) {
      it(`same result with switch=${sw}, nreg=${nreg}, words 0 and 12`, () => {
        for (const words of [0, 12]) {
          const r = runOnReference(buildSystem(pingPong({ switchStrategy: sw, nreg }, 4, words)));
          expect(r.uart).toBe(EXPECTED);
          expect(r.exitCode).toBe(0);
        }
      });
    }
  }
});
