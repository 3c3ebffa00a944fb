// Scenario builders shared by the kernel tests.
export { pingPongScenario as pingPong } from '../../kernel/scenarios.ts';

export const ALL_STRATEGIES = ['full', 'fcse', 'asid'] as const;
export const ALL_NREG = [0, 1, 2, 3, 4, 5, 6] as const;
