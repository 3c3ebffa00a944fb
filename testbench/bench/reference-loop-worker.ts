// The worker of reference.bench.ts's loop rows: `runs` measurements in a fresh isolate (isolate.ts).
import { workerData } from 'node:worker_threads';
import { reportFromIsolate } from './isolate.ts';
import { measure } from './reference.bench.ts';

const { mmu, instructions, runs } = workerData as { readonly mmu: boolean; readonly instructions: number; readonly runs: number };
reportFromIsolate(() => Array.from({ length: runs }, () => measure(mmu, false, instructions)));
