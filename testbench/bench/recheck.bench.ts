// The cost of `npm start` with a wide waveform window, where the VCD is read back for the hand-off
// re-check: peak memory (the re-check streams the file, so it should not grow with the window),
// VCD size and wall time, for `--rounds 300 --margin 100000` in a child process of its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../studies/fingerprint.ts';
import type { BenchRow, BenchSuite } from './suite.ts';

const ARGS = ['--rounds', '300', '--margin', '100000'];

export const recheckBench: BenchSuite = {
  name: 'recheck',
  description: 'npm start --rounds 300 --margin 100000: peak RSS with the streamed VCD re-check (goal < 500 MB)',
  run(): BenchRow[] {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-recheck-'));
    try {
      const vcd = join(dir, 'wide.vcd');
      // As npm start runs it (the precompiled tool through the launcher), with its peak RSS reported at exit.
      const reportRss = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss '+process.resourceUsage().maxRSS+'\\n'))`;
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['--import', reportRss, 'scripts/launch.mjs', 'testbench/cli/main.ts', ...ARGS, '--vcd', vcd, '--gtkw', join(dir, 'wide.gtkw'), '--json'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const rss = /maxrss (\d+)/.exec(r.stderr);
      if (r.status !== 0 || !rss) throw new Error(`npm start ${ARGS.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
      const report = JSON.parse(r.stdout) as { vcd: { fromCycle: number; toCycle: number; recheckedFromVcd: boolean; passes: number } };
      return [
        { metric: 'peak RSS', value: Number(rss[1]) / 1024, unit: 'MB', note: `goal < 500 MB; re-check ${report.vcd.recheckedFromVcd ? 'agrees' : 'DISAGREES'}` },
        { metric: 'VCD window', value: report.vcd.toCycle - report.vcd.fromCycle, unit: 'cycles' },
        { metric: 'VCD size', value: statSync(vcd).size / 1e6, unit: 'MB' },
        { metric: 'wall time', value: seconds, unit: 's', note: `${report.vcd.passes === 1 ? 'one simulation pass (the window captured in it)' : 'two simulation passes (the window wider than the capture ring)'}, the VCD written and re-checked` },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
