// The red team's fourth round (kernel-mutants-redteam-round4.ts): broken kernels caught exactly,
// correct ones passing, every variant building.
import { REDTEAM4_BROKEN, REDTEAM4_CORRECT } from './kernel-mutants-redteam-round4.ts';
import { roundTests } from './kernel-mutants-redteam-run.ts';

roundTests('round 4', REDTEAM4_BROKEN, REDTEAM4_CORRECT);
