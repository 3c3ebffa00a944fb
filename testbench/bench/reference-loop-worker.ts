// The worker of reference.bench.ts's loop rows: one measurement in a fresh isolate (isolate.ts).
import { workerData } from 'node:worker_threads';
import { reportFromIsolate } from './isolate.ts';
import { measure } from './reference.bench.ts';

const { mmu, instructions } = workerData as { readonly mmu: boolean; readonly instructions: number };
reportFromIsolate(() => [measure(mmu, false, instructions)]);
