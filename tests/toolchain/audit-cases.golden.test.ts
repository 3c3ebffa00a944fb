// The outside audit's cases (audit-cases.ts) against GNU as: the whole object file, byte for byte
// (sections, relocations, symbol table and its order), so a case cannot drift from GNU unnoticed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assemble, writeObject } from '../../kernel/toolchain/index.ts';
import { goldenGate } from '../support/golden.ts';
import { AUDIT_CASES } from './audit-cases.ts';

const gate = goldenGate('toolchain: audit cases vs GNU as', ['arm-none-eabi-as']);
const dir = mkdtempSync(join(tmpdir(), 'handoff-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!gate.available)('the audit cases vs GNU as', () => {
  for (const c of AUDIT_CASES) {
    it(`${c.name}: the same object file`, () => {
      const src = join(dir, `${c.name}.s`);
      writeFileSync(src, c.source);
      execFileSync('arm-none-eabi-as', ['-march=armv5te', src, '-o', join(dir, `${c.name}.o`)], { stdio: 'pipe' });
      const gnu = readFileSync(join(dir, `${c.name}.o`));
      const ours = Buffer.from(writeObject(assemble(c.source, { file: `${c.name}.s` })));
      expect(ours.equals(gnu)).toBe(true);
    });
  }
});
