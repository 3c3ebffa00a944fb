// The worker of reference.bench.ts's kernel ping-pong rows: one strategy's measurement in a fresh isolate (isolate.ts).
import { workerData } from 'node:worker_threads';
import type { SwitchStrategy } from '../../kernel/abi.ts';
import { reportFromIsolate } from './isolate.ts';
import { measurePingPong } from './reference.bench.ts';

const { strategy } = workerData as { readonly strategy: SwitchStrategy };
reportFromIsolate(() => measurePingPong(strategy));
