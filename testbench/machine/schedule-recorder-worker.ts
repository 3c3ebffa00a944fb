// The worker of schedule-recorder.ts: builds a machine design from its shape, elaborates it (which
// records its comb accesses, in this thread) and answers with the recording as plain data. The
// modules are loaded inside a try, so a worker that cannot load says so (STATE = FAILED) instead of
// leaving the simulation waiting.
import { workerData, type MessagePort } from 'node:worker_threads';
import type { ThreadInfo } from '../checkers/config.ts';
import { RecorderState, Word, type RecordReply, type RecordRequest } from './schedule-recorder.ts';

const { port, shared: buffer } = workerData as { port: MessagePort; shared: SharedArrayBuffer };
const shared = new Int32Array(buffer);

try {
  const { MachineTop } = await import('./rtl-machine.ts');
  const { elaborate, exportRecording } = await import('../../rtl/hdl/index.ts');
  Atomics.store(shared, Word.STATE, RecorderState.READY);
  port.on('message', (request: RecordRequest) => {
    let reply: RecordReply;
    try {
      const { shape, key } = request;
      const top = new MachineTop({
        ...(shape.hardware ? { hardware: shape.hardware } : {}),
        memorySystem: shape.memorySystem,
        ramBytes: shape.ramBytes,
        ...(shape.view ? { view: {} } : {}),
        ...(shape.message ? { message: { threads: placeholderThreads(shape.message.threads), maxMrs: shape.message.mrs } } : {}),
      });
      elaborate(top, { scheduleKey: key });
      const recording = exportRecording(key);
      reply = recording ? { id: request.id, recording } : { id: request.id, error: 'elaboration kept no recording' };
    } catch (e) {
      reply = { id: request.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
    Atomics.add(shared, Word.ANSWERS, 1);
    Atomics.notify(shared, Word.ANSWERS);
  });
} catch (e) {
  Atomics.store(shared, Word.STATE, RecorderState.FAILED);
  Atomics.notify(shared, Word.ANSWERS);
  throw e;
}

/** Threads in number only: the message view's structure depends on how many, not on which (messageViewShape). */
function placeholderThreads(n: number): ThreadInfo[] {
  return Array.from({ length: n }, (_, k) => ({ name: `thread${k + 1}`, id: k + 1, utcb: 0, stackTop: 0, stackSize: 0 }));
}
