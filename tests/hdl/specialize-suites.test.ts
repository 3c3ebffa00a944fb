// The lockstep verify suites on compiled methods (rtl/hdl/specialize.ts, HANDOFF_SPECIALIZE=now):
// generated programs of every encoding class and the isa suite's programs, RTL against the
// reference model at every retirement, and the memory suite's generated access streams against
// flat memory. A rewrite that changed any signal a program can observe fails here.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Coverage } from '../../testbench/lockstep/coverage.ts';
import { runEncodingCase } from '../../testbench/lockstep/encoding-run.ts';
import { runSuite } from '../../testbench/verify/run.ts';
import { encodingsSuite } from '../../testbench/verify/suites/encodings.ts';
import { isaSuite } from '../../testbench/verify/suites/isa.ts';
import { memorySuite } from '../../testbench/verify/suites/memory.ts';
import { erase } from '../../testbench/verify/suite.ts';
import { RtlMachine } from '../../testbench/machine/rtl-machine.ts';

const SEED = 20261207;
const silent = new Writable({ write: (_chunk, _enc, done) => done() });

describe('verify suites on compiled methods', () => {
  let before: string | undefined;
  let waves = '';
  beforeAll(() => {
    before = process.env.HANDOFF_SPECIALIZE;
    process.env.HANDOFF_SPECIALIZE = 'now';
    waves = mkdtempSync(join(tmpdir(), 'handoff-specialize-'));
  });
  afterAll(() => {
    if (before === undefined) delete process.env.HANDOFF_SPECIALIZE;
    else process.env.HANDOFF_SPECIALIZE = before;
    rmSync(waves, { recursive: true, force: true });
  });

  it('machines are built compiled while HANDOFF_SPECIALIZE=now', () => {
    expect(new RtlMachine().sim.specialization?.methods).toBeGreaterThan(80);
  });

  it(`encodings: generated programs of every class, plain runs in lockstep (seed ${SEED})`, () => {
    fc.assert(
      fc.property(encodingsSuite.arbitrary, (c) => {
        const r = runEncodingCase(c, new Coverage(), { check: false });
        expect(r.ok ? 'agree' : r.report).toBe('agree');
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it(`isa and memory suites pass (seed ${SEED})`, async () => {
    for (const [suite, runs] of [[erase(isaSuite), 40], [erase(memorySuite), 150]] as const) {
      const r = await runSuite(suite, { runs, seed: SEED, wavesDir: waves, progress: silent });
      expect(r.ok ? 'pass' : `${suite.name}: ${r.failure}`).toBe('pass');
    }
  });
});
