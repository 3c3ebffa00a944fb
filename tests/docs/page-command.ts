// What every page generator's command must do (testbench/docs/page-command.ts), as tests: --check
// passes on the committed page and fails on a stale one, a plain run refills the stale one to the
// committed bytes, and a marker the generator does not make is refused.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { CliIo } from '../../testbench/cli/run-main.ts';

export interface PageCommandCase {
  readonly main: (argv: readonly string[], io: CliIo) => number;
  /** The committed page's text, and its file name. */
  readonly page: string;
  readonly fileName: string;
  /** The marker prefix (why, study) and one marker to make stale. */
  readonly prefix: string;
  readonly staleMarker: string;
  /** Extra page text with which --page must be refused, and the error. */
  readonly refusals?: readonly (readonly [string, RegExp])[];
}

function io(): CliIo & { readonly text: string[] } {
  const text: string[] = [];
  return { out: (t) => void text.push(t), err: (t) => void text.push(t), text };
}

export function pageCommandTests(c: PageCommandCase): void {
  const dir = mkdtempSync(join(tmpdir(), `handoff-${c.prefix}-page-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--check passes on the committed page, fails on a stale one; a plain run fills the stale one', () => {
    expect(c.main(['--check'], io())).toBe(0);
    const stale = join(dir, c.fileName);
    const marker = `<!-- ${c.prefix}:${c.staleMarker} -->\n`;
    expect(c.page).toContain(marker);
    writeFileSync(stale, c.page.replace(new RegExp(`(${marker})[^<]*`), '$1a stale figure: 1 cycle\n'));
    const e = io();
    expect(c.main(['--check', '--page', stale], e)).toBe(1);
    expect(e.text.join('')).toContain('does not quote the results');
    expect(c.main(['--page', stale], io())).toBe(0);
    expect(readFileSync(stale, 'utf8')).toBe(c.page);
  });

  it('a marker the generator does not make is refused', () => {
    const odd = join(dir, 'odd.md');
    for (const [text, error] of [[`${c.page}\n<!-- ${c.prefix}:colour -->\n<!-- /${c.prefix}:colour -->\n`, /does not make: colour/] as const, ...(c.refusals ?? [])]) {
      writeFileSync(odd, text);
      expect(() => c.main(['--page', odd], io())).toThrow(error);
    }
  });
}
