// Scenario builders shared by the kernel tests.
import type { KernelConfig, Scenario } from '../../kernel/build.ts';

export function pingPong(config: KernelConfig = {}, rounds = 20, words = 5): Scenario {
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

export const ALL_STRATEGIES = ['full', 'fcse', 'asid'] as const;
export const ALL_NREG = [0, 1, 2, 3, 4, 5, 6] as const;
