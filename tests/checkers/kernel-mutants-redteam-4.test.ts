// The red team's third round (kernel-mutants-redteam-round3.ts): broken kernels caught exactly,
// correct ones passing, every variant building.
import { REDTEAM3_BROKEN, REDTEAM3_CORRECT } from './kernel-mutants-redteam-round3.ts';
import { roundTests } from './kernel-mutants-redteam-run.ts';

roundTests('round 3', REDTEAM3_BROKEN, REDTEAM3_CORRECT);
