#!/usr/bin/env node
// Runs a command-line tool of the project precompiled (dist/, built by `npm run build`, which
// `npm ci` runs): no TypeScript compiler in the user's path. When a source is newer than the build
// (a developer changed something), it rebuilds first and says so; a build that fails stops here
// with the compiler's errors.
//
//   node scripts/launch.mjs testbench/cli/main.ts [arguments...]
//   node scripts/launch.mjs --build          (npm run build: compile now)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/**
 * The directories whose TypeScript `npm run build` compiles (tsconfig.build.json: kernel, rtl,
 * testbench, and the helpers of tests/ the verify suites import) and the files that shape the build.
 */
export const SOURCE_DIRS = ['kernel', 'rtl', 'testbench', 'tests'];
const BUILD_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
export const STAMP = join('dist', '.build-stamp');

/** The newest modification time (ms) of a TypeScript source or build file under `root`. */
export function newestSource(root) {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(join(root, d))) walk(join(root, d));
  for (const f of BUILD_FILES) if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

/** Whether dist/ is missing or older than a source (the stamp records when the last build began). */
export function isStale(root) {
  const stamp = join(root, STAMP);
  return !existsSync(stamp) || statSync(stamp).mtimeMs < newestSource(root);
}

const LOCK = join('dist', '.build-lock');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Rebuild if stale, one process at a time: tools started together (a test suite, a study's
 * workers) must not read dist/ while another writes it. The lock is a directory (created
 * atomically); a waiting process re-checks once the builder is done. False when the build failed.
 */
export function ensureBuilt(root) {
  if (!isStale(root)) return true;
  mkdirSync(join(root, 'dist'), { recursive: true });
  const lock = join(root, LOCK);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A builder killed mid-way leaves its lock: after 10 minutes it is taken over.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      sleep(200);
      if (!isStale(root)) return true;
    }
  }
  try {
    if (!isStale(root)) return true;
    process.stderr.write('(sources changed since the last build: compiling to dist/ first)\n');
    return build(root);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `tsc -p tsconfig.build.json`; the stamp gets the time the build began, so an edit during it counts. */
export function build(root) {
  const began = new Date();
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) return false;
  writeFileSync(join(root, STAMP), '');
  utimesSync(join(root, STAMP), began, began);
  return true;
}

async function main() {
  const [entry, ...args] = process.argv.slice(2);
  if (entry === '--build') process.exit(build(ROOT) ? 0 : 2);
  if (!entry || !entry.endsWith('.ts') || !existsSync(join(ROOT, entry))) {
    process.stderr.write(`usage: node scripts/launch.mjs <tool.ts> [arguments]: ${JSON.stringify(entry ?? '')} is not a TypeScript source of the project\n`);
    process.exit(2);
  }
  if (!ensureBuilt(ROOT)) {
    process.stderr.write('the build failed (errors above); `npm run typecheck` shows them too\n');
    process.exit(2);
  }
  const compiled = join(ROOT, 'dist', relative(ROOT, join(ROOT, entry)).replace(/\.ts$/, '.js'));
  // The tool sees itself as the entry point (isEntryPoint) with the user's arguments.
  process.argv = [process.argv[0], compiled, ...args];
  await import(pathToFileURL(compiled).href);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
