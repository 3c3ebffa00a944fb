// The worker of system.bench.ts's steady-state row: one long run of the loop in a fresh isolate
// (no other machine built before it; isolate.ts): its rate and IPC.
import { reportFromIsolate } from './isolate.ts';
import { steadyRate } from './system.bench.ts';

reportFromIsolate(() => {
  const r = steadyRate();
  return [r.rate, r.ipc];
});
