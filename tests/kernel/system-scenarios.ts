// The system scenarios live in kernel/scenarios.ts (the testbench uses them too).
export { faultScenario, interruptScenario, queueScenario, timeoutScenario } from '../../kernel/scenarios.ts';
