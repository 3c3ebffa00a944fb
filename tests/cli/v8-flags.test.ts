// The tools run with the project's V8 flags (testbench/cli/v8-flags.ts says why): every npm script
// that starts a tool passes them to node, and study workers get them too (pool.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../kernel/project-root.ts';
import { TOOL_V8_FLAGS } from '../../testbench/cli/v8-flags.ts';
import { workerExecArgv } from '../../testbench/studies/pool.ts';

describe('V8 flags of the tools', () => {
  it('every npm script that starts a tool passes them to node', () => {
    const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const tools = Object.entries(scripts).filter(([, command]) => / scripts\/launch\.mjs testbench\//.test(command));
    expect(tools.map(([name]) => name)).toEqual(expect.arrayContaining(['start', 'bench', 'study', 'ipcbench', 'verify', 'sim']));
    for (const [name, command] of tools) expect(command, name).toMatch(new RegExp(`^node ${TOOL_V8_FLAGS.join(' ')} scripts/launch\\.mjs `));
  });

  it('study workers are started with them', () => {
    expect(workerExecArgv().slice(0, TOOL_V8_FLAGS.length)).toEqual([...TOOL_V8_FLAGS]);
  });
});
