// Abstract specification of the kernel's IPC and scheduling, in TypeScript, for model-based tests.
// Threads run scripts of operations; the model executes each system call atomically with the
// semantics documented in kernel/ABI.md (slow path; the fast path must be indistinguishable) and
// the scheduling rule of kernel_return / schedule. Only timeouts never and zero are modelled
// (finite timeouts depend on time and have directed tests).
// `slots` gives the asynchronous variant of the buffered design: a send puts the message into one
// of the receiver's `slots` message slots and completes without waiting (a full queue blocks the
// sender, or fails a zero timeout); a receive takes the first matching message in order of
// arrival, and the first sender blocked on the full queue then moves in and completes.
import { ANYTHREAD, ERROR, IRQ_ID_BASE, MAX_MRS, NILTHREAD, TAG_ERROR, TIMEOUT_NEVER, errorWord } from '../../kernel/abi.ts';

export type ScriptOp =
  | { readonly kind: 'ipc'; readonly to: number; readonly from: number; readonly timeouts: number; readonly tag: number; readonly words: readonly number[] }
  | { readonly kind: 'end' };

export interface LogEntry {
  /** r0 after the call (undefined when the call failed: r0 is then unspecified). */
  readonly r0: number | undefined;
  readonly tag: number;
  readonly error: number;
  readonly words: readonly number[];
}

export type ModelState = 'ready' | 'sending' | 'receiving' | 'halted';

export interface ModelThreadSpec {
  readonly priority: number;
  readonly ops: readonly ScriptOp[];
}

interface Msg {
  tag: number;
  words: number[];
}

interface T {
  id: number;
  prio: number;
  state: ModelState;
  partner: number;
  queue: T[];
  rcvFrom: number;
  rcvTmoZero: boolean;
  ops: readonly ScriptOp[];
  pc: number;
  /** The message this thread is sending while queued. */
  out: Msg | undefined;
  /** Result of the operation in progress (written when it completes). */
  result: LogEntry | undefined;
  /** Asynchronous variant: messages waiting for this thread, in order of arrival. */
  buffer: Array<{ from: T; msg: Msg }>;
  log: LogEntry[];
  pendingTo: number;
}

export interface ModelOutcome {
  readonly logs: readonly (readonly LogEntry[])[];
  readonly states: readonly ModelState[];
  /** For blocked threads: the thread id they send to / wait for (-1 any). */
  readonly partners: readonly number[];
}

const words = (tag: number): number => (tag & 0x3f) + ((tag >>> 6) & 0x3f);

export interface ModelOptions {
  /** Message slots per receiver: the asynchronous (buffered) variant; absent: synchronous IPC. */
  readonly slots?: number;
  readonly maxSteps?: number;
}

export function runModel(specs: readonly ModelThreadSpec[], options: ModelOptions = {}): ModelOutcome {
  const maxSteps = options.maxSteps ?? 100_000;
  const slots = options.slots;
  const n = specs.length;
  const ts: T[] = specs.map((s, i) => ({
    id: i + 1, prio: s.priority, state: 'ready', partner: 0, queue: [], rcvFrom: 0, rcvTmoZero: false,
    ops: s.ops, pc: 0, out: undefined, result: undefined, log: [], pendingTo: 0, buffer: [],
  }));
  const byId = (id: number): T | undefined => (id >= 1 && id <= n ? ts[id - 1] : undefined);
  const exists = (id: number): T | undefined => {
    const t = byId(id);
    return t && t.state !== 'halted' ? t : undefined;
  };
  let wokenPrio = -1;
  let direct: T | undefined;

  const makeReady = (t: T): void => {
    t.state = 'ready';
    t.partner = 0;
    t.rcvFrom = 0;
    if (t.prio > wokenPrio) wokenPrio = t.prio;
  };
  const finish = (t: T, e: LogEntry): void => {
    t.result = e;
    t.log.push(e);
  };
  const fail = (t: T, code: number, phase: 0 | 1): void => {
    finish(t, { r0: undefined, tag: TAG_ERROR, error: errorWord(code, phase), words: [] });
    makeReady(t);
  };
  const deliver = (src: T, msg: Msg, dst: T): void => {
    const tag = (msg.tag & ~0xf000) >>> 0;
    finish(dst, { r0: src.id, tag, error: 0, words: msg.words.slice(0, words(tag)) });
  };

  // returns 'delivered' | 'blocked' | 'error'
  const sendPhase = (s: T, to: number, zero: boolean, msg: Msg): 'delivered' | 'blocked' | 'error' => {
    if (to - IRQ_ID_BASE >= 0 && to - IRQ_ID_BASE < 32) {
      fail(s, ERROR.noPartner, 0); // no interrupt handlers in the modelled scenarios
      return 'error';
    }
    const d = exists(to);
    if (!d) {
      fail(s, ERROR.noPartner, 0);
      return 'error';
    }
    if (words(msg.tag) > MAX_MRS - 1) {
      fail(s, ERROR.overflow, 0);
      return 'error';
    }
    if (slots !== undefined && d.buffer.length < slots) {
      d.buffer.push({ from: s, msg });
      if (d.state === 'receiving' && take(d, d.partner)) direct = d;
      return 'delivered';
    }
    if (slots === undefined && d.state === 'receiving' && (d.partner === -1 || d.partner === s.id)) {
      deliver(s, msg, d);
      makeReady(d);
      direct = d;
      return 'delivered';
    }
    if (zero) {
      fail(s, ERROR.timeout, 0);
      return 'error';
    }
    s.state = 'sending';
    s.partner = to;
    s.out = msg;
    d.queue.push(s);
    return 'blocked';
  };

  const recvPhase = (r: T, from: number, zero: boolean): void => {
    const any = from === -1;
    if (!any) {
      if (from - IRQ_ID_BASE >= 0 && from - IRQ_ID_BASE < 32) return fail(r, ERROR.noPartner, 1);
      if (!exists(from)) return fail(r, ERROR.noPartner, 1);
    }
    if (slots !== undefined) {
      if (take(r, from)) return;
      if (zero) return fail(r, ERROR.timeout, 1);
      r.state = 'receiving';
      r.partner = from;
      return;
    }
    const i = r.queue.findIndex((s) => any || s.id === from);
    if (i >= 0) {
      const s = r.queue.splice(i, 1)[0]!;
      deliver(s, s.out!, r);
      makeReady(r);
      sendDone(s);
      return;
    }
    if (zero) return fail(r, ERROR.timeout, 1);
    r.state = 'receiving';
    r.partner = from;
  };

  /** Asynchronous variant: deliver the first matching message; a sender blocked on the full queue moves in. */
  const take = (r: T, from: number): boolean => {
    const i = r.buffer.findIndex((m) => from === -1 || m.from.id === from);
    if (i < 0) return false;
    const m = r.buffer.splice(i, 1)[0]!;
    deliver(m.from, m.msg, r);
    makeReady(r);
    const s = r.queue.shift();
    if (s) {
      r.buffer.push({ from: s, msg: s.out! });
      sendDone(s);
    }
    return true;
  };

  const sendDone = (s: T): void => {
    s.out = undefined;
    if (s.rcvFrom !== 0) {
      const from = s.rcvFrom;
      const zero = s.rcvTmoZero;
      s.rcvFrom = 0;
      s.partner = 0;
      s.state = 'ready';
      recvPhase(s, from, zero);
      return;
    }
    finish(s, { r0: s.pendingTo, tag: 0, error: 0, words: [] });
    makeReady(s);
  };

  const halt = (t: T): void => {
    t.state = 'halted';
    t.buffer = [];
    while (t.queue.length > 0) {
      const s = t.queue.shift()!;
      s.out = undefined;
      fail(s, ERROR.cancelled, 0);
    }
    for (const o of ts) if (o.state === 'receiving' && o.partner === t.id) fail(o, ERROR.cancelled, 1);
  };

  const syscall = (t: T): void => {
    const op = t.ops[t.pc++] ?? { kind: 'end' as const };
    if (op.kind === 'end') {
      halt(t);
      return;
    }
    const to = op.to >>> 0;
    const from = op.from >>> 0 === ANYTHREAD ? -1 : op.from >>> 0;
    const sendZero = (op.timeouts >>> 16) !== TIMEOUT_NEVER && (op.timeouts >>> 16 & 0x3ff) === 0;
    const rcvZero = (op.timeouts & 0xffff) !== TIMEOUT_NEVER && (op.timeouts & 0x3ff) === 0;
    const msg: Msg = { tag: op.tag >>> 0, words: [...op.words] };
    t.pendingTo = to;
    if (to !== NILTHREAD) {
      const r = sendPhase(t, to, sendZero, msg);
      if (r === 'error') return;
      if (r === 'blocked') {
        t.rcvFrom = from === 0 ? 0 : from;
        t.rcvTmoZero = rcvZero;
        return;
      }
      if (from === 0) {
        finish(t, { r0: to, tag: 0, error: 0, words: [] });
        makeReady(t);
        return;
      }
    } else if (from === 0) {
      finish(t, { r0: 0, tag: 0, error: 0, words: [] });
      makeReady(t);
      return;
    }
    recvPhase(t, from, rcvZero);
  };

  const schedule = (cur: T | undefined): T | undefined => {
    let id = cur?.id ?? 0;
    let best: T | undefined;
    for (let k = 0; k < n; k++) {
      id = id + 1 > n ? 1 : id + 1;
      const t = ts[id - 1]!;
      if (t.state === 'ready' && (!best || t.prio > best.prio)) best = t;
    }
    return best;
  };

  let cur = schedule(undefined);
  let steps = 0;
  while (cur) {
    if (++steps > maxSteps) throw new Error('model: too many steps');
    wokenPrio = -1;
    direct = undefined;
    syscall(cur);
    if (cur.state === 'ready') {
      if (wokenPrio > cur.prio) cur = schedule(cur);
    } else {
      const d = direct as T | undefined;
      if (d && d.state === 'ready') cur = d;
      else cur = schedule(cur);
    }
  }
  return {
    logs: ts.map((t) => t.log),
    states: ts.map((t) => t.state),
    partners: ts.map((t) => (t.state === 'sending' || t.state === 'receiving' ? t.partner : 0)),
  };
}
