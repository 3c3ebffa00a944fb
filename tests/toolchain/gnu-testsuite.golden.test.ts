// GNU as's own ARM testsuite, the tests in scope (rule in gnu-testsuite.ts): our object file is
// byte-identical to GNU's, objdump of our object passes the test's .d
// expectations the way GNU's harness checks them, and our warnings (none, or those the test
// expects) pass its check of the assembler's messages. Exceptions are listed with their reasons;
// an exception that starts passing fails the test too, so the list stays true.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsmError, assembleAll, gnuMessages, writeObject, type AsmWarning } from '../../kernel/toolchain/index.ts';
import { goldenGate, inCI } from '../support/golden.ts';
import { allDumpTests, classify, messagesProblem, objdump, objectDigest, regexpDiff, TESTSUITE_DIR, withWorkDir } from './gnu-testsuite.ts';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const gate = goldenGate('toolchain: GNU as ARM testsuite', ['arm-none-eabi-as', 'arm-none-eabi-objdump']);
const haveSuite = existsSync(TESTSUITE_DIR);
if (!haveSuite) {
  const reason = `golden suite "GNU as ARM testsuite" needs ${TESTSUITE_DIR} (bash .ci/run unpacks Debian's binutils-source there)`;
  if (inCI) throw new Error(`CI=true and ${reason}`);
  process.stderr.write(`\n*** SKIPPED: ${reason} ***\n\n`);
}

/** In-scope tests we do not pass, and why (see docs/TOOLCHAIN.md). */
export const EXCEPTIONS: Readonly<Record<string, string>> = {};

describe.skipIf(!gate.available || !haveSuite)('GNU as ARM testsuite (in scope)', () => {
  it('every in-scope test: same object contents as GNU as, and objdump of ours passes the .d', () => {
    const results = withWorkDir((dir) => allDumpTests().map((d) => classify(d, dir)).filter((s) => s.inScope).map((s) => {
      if (!s.inScope) throw new Error('unreachable');
      const t = s.test;
      const gnuObj = join(dir, `${t.name}.gnu.o`);
      const gnu = spawnSync('arm-none-eabi-as', [...t.asFlags, ...s.includeDirs.flatMap((i) => ['-I', i]), t.source, '-o', gnuObj], { encoding: 'utf8' });
      if (gnu.status !== 0) return { name: t.name, problem: `GNU as fails: ${gnu.stderr}` };
      const gnuMsgs = messagesProblem(t, gnu.stderr);
      if (gnuMsgs) return { name: t.name, problem: `GNU's own messages fail the test: ${gnuMsgs}` };
      const gnuFails = regexpDiff(objdump(gnuObj, t.objdumpFlags), t.expected);
      if (gnuFails) return { name: t.name, problem: `GNU's own object fails the test: ${gnuFails}` };
      const warnings: AsmWarning[] = [];
      const r = assembleAll(readFileSync(t.source, 'utf8'), { file: t.source, thumb: s.thumb, arch: t.arch, includeDirs: [...s.includeDirs, TESTSUITE_DIR], onWarning: (w) => warnings.push(w) });
      if (!r.object) return { name: t.name, problem: `we reject it: ${r.errors.slice(0, 3).map((e: AsmError) => e.message.replace(TESTSUITE_DIR + '/', '')).join('; ')}` };
      const ourMsgs = messagesProblem(t, gnuMessages(t.source, warnings));
      if (ourMsgs) return { name: t.name, problem: `our warnings: ${ourMsgs}` };
      const ourObj = join(dir, `${t.name}.our.o`);
      writeFileSync(ourObj, writeObject(r.object));
      const dump = regexpDiff(objdump(ourObj, t.objdumpFlags), t.expected);
      if (dump) return { name: t.name, problem: `objdump of our object: ${dump}` };
      if (objectDigest(ourObj) !== objectDigest(gnuObj)) return { name: t.name, problem: 'object contents differ from GNU as' };
      if (!readFileSync(ourObj).equals(readFileSync(gnuObj))) return { name: t.name, problem: 'object files differ from GNU as (same sections and relocations: symbol or string tables, or layout)' };
      return { name: t.name, problem: null };
    }));
    const failing = results.filter((r) => r.problem !== null);
    process.stdout.write(`GNU as ARM testsuite: ${results.length} tests in scope, ${results.length - failing.length} byte-identical objects passing GNU's checks\n`);
    expect(failing.filter((f) => !(f.name in EXCEPTIONS)).map((f) => `${f.name}: ${f.problem}`)).toEqual([]);
    expect(Object.keys(EXCEPTIONS).filter((n) => !failing.some((f) => f.name === n)), 'exceptions that now pass (remove them)').toEqual([]);
  }, 600_000); // about 260 runs of GNU as and objdump: 15 s on a quiet machine, 90 s at load 13
});
