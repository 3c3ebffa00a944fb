// The worker of schedule-recorder.ts: builds a machine design from its shape, elaborates it (which
// records its comb accesses, in this thread) and answers with the recording as plain data. The
// modules are loaded inside a try, so a worker that cannot load says so (STATE = FAILED) instead of
// leaving the simulation waiting.
import { workerData, type MessagePort } from 'node:worker_threads';
import type { RecordReply, RecordRequest } from './schedule-recorder.ts';

const { port, shared: buffer } = workerData as { port: MessagePort; shared: SharedArrayBuffer };
const shared = new Int32Array(buffer);
// (Word and RecorderState of schedule-recorder.ts, repeated: importing it here would load it twice for nothing.)
const ANSWERS = 0;
const STATE = 1;
const READY = 1;
const FAILED = 2;

try {
  const { MachineTop } = await import('./rtl-machine.ts');
  const { elaborate, exportRecording } = await import('../../rtl/hdl/index.ts');
  Atomics.store(shared, STATE, READY);
  port.on('message', (request: RecordRequest) => {
    let reply: RecordReply;
    const t0 = performance.now();
    try {
      const { shape, key } = request;
      const top = new MachineTop({
        ...(shape.hardware ? { hardware: shape.hardware } : {}),
        memorySystem: shape.memorySystem,
        ramBytes: shape.ramBytes,
        ...(shape.view ? { view: {} } : {}),
        ...(shape.message ? { message: { threads: [], maxMrs: shape.message.mrs } } : {}),
      });
      elaborate(top, { scheduleKey: key });
      const recording = exportRecording(key);
      reply = recording ? { id: request.id, recording, ms: performance.now() - t0 } : { id: request.id, error: 'elaboration kept no recording' };
    } catch (e) {
      reply = { id: request.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
    Atomics.add(shared, ANSWERS, 1);
    Atomics.notify(shared, ANSWERS);
  });
} catch (e) {
  Atomics.store(shared, STATE, FAILED);
  Atomics.notify(shared, ANSWERS);
  throw e;
}
