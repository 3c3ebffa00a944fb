// Ready-made scenarios for the testbench, the tests and the waveform demos. Each ends by itself
// (the kernel prints "[kernel: no thread can run any more]" and exits by semihosting SYS_EXIT).
import type { KernelConfig, Scenario } from './build.ts';
import type { SwitchStrategy } from './abi.ts';

/** Client (priority 10) Calls the server (priority 20) `rounds` times with `words` untyped words. */
export function pingPongScenario(config: KernelConfig = {}, rounds = 20, words = 5): Scenario {
  return {
    spaces: [
      { name: 'client', sources: ['pingpong_client.S'], defsym: { ROUNDS: rounds, WORDS: words } },
      { name: 'server', sources: ['pingpong_server.S'] },
    ],
    threads: [
      { name: 'client', space: 'client', entry: 'client_start', priority: 10 },
      { name: 'server', space: 'server', entry: 'server_start', priority: 20 },
    ],
    config,
  };
}

/** Ping-pong plus a driver thread receiving `irqs` interrupts of SP804 timer 2 (line 5) as IPC. */
export function interruptScenario(sw: SwitchStrategy = 'fcse', irqs = 6): Scenario {
  const pp = pingPongScenario({ switchStrategy: sw }, 30, 4);
  return {
    spaces: [...pp.spaces, { name: 'drv', sources: ['irq_handler.S'], devices: true, defsym: { IRQS: irqs } }],
    threads: [...pp.threads, { name: 'irq', space: 'drv', entry: 'irq_start', priority: 30, irqs: [5] }],
    config: { switchStrategy: sw },
  };
}

/** Three senders queued on one receiver (FIFO order, then a closed receive out of order). */
export function queueScenario(sw: SwitchStrategy = 'fcse'): Scenario {
  const defsym = { FIRST: 2, NSENDERS: 3 };
  return {
    spaces: [
      { name: 'rx', sources: ['queue.S'], defsym },
      { name: 'tx', sources: ['queue.S'], defsym },
      { name: 'tx2', sources: ['queue.S'], defsym },
    ],
    threads: [
      { name: 'recv', space: 'rx', entry: 'receiver_start', priority: 1 },
      { name: 's1', space: 'tx', entry: 'sender_start', priority: 30 },
      { name: 's2', space: 'tx2', entry: 'sender_start', priority: 20 },
      { name: 's3', space: 'tx', entry: 'sender_start', priority: 10 },
    ],
    config: { switchStrategy: sw },
  };
}

/** A client using receive and send timeouts against a peer that sleeps 200 ms. */
export function timeoutScenario(sw: SwitchStrategy = 'fcse'): Scenario {
  return {
    spaces: [{ name: 'c', sources: ['timeout_client.S'] }, { name: 'p', sources: ['timeout_client.S'] }],
    threads: [
      { name: 'tclient', space: 'c', entry: 'tclient_start', priority: 5 },
      { name: 'peer', space: 'p', entry: 'tpeer_start', priority: 6 },
    ],
    config: { switchStrategy: sw },
  };
}

/** Ping-pong plus six threads (ids 3..8) that each fault differently; only they stop. */
export function faultScenario(config: KernelConfig = {}): Scenario {
  const pp = pingPongScenario(config, 20, 3);
  return {
    spaces: [...pp.spaces, { name: 'bad', sources: ['misc.S', 'script.S', { name: 'scr.S', text: faultScripts() }] }],
    threads: [
      ...pp.threads,
      { name: 'kread', space: 'bad', entry: 'script_start', priority: 50, arg: 'script_kread' },
      { name: 'foreign', space: 'bad', entry: 'script_start', priority: 49, arg: 'script_foreign' },
      { name: 'ptable', space: 'bad', entry: 'script_start', priority: 48, arg: 'script_ptable' },
      { name: 'undef', space: 'bad', entry: 'undef_start', priority: 47 },
      { name: 'badsys', space: 'bad', entry: 'bad_syscall_start', priority: 46 },
      { name: 'kjump', space: 'bad', entry: 'kernel_jump_start', priority: 45 },
    ],
    config,
  };
}

function faultScripts(): string {
  const lines = ['        .data', '        .align 2'];
  const s = (name: string, words: string[]): void => {
    lines.push(`        .global script_${name}`, `script_${name}:`, `        .word log_${name}, ${words.join(', ')}`);
  };
  s('kread', ['2', '0x00010000', '4', '0xbad', '1']); // load from the kernel
  s('foreign', ['3', '0x00200000', '4', '0xbad', '1']); // store into the server's space
  s('ptable', ['3', '0x00080000', '1']); // store into the page tables
  lines.push('        .bss');
  for (const n of ['kread', 'foreign', 'ptable']) lines.push(`log_${n}: .space 64`);
  return lines.join('\n') + '\n';
}
