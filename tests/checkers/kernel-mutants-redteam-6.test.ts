// The red team's fifth round (kernel-mutants-redteam-round5.ts): broken kernels caught exactly,
// correct ones passing, every variant building.
import { REDTEAM5_BROKEN, REDTEAM5_CORRECT } from './kernel-mutants-redteam-round5.ts';
import { roundTests } from './kernel-mutants-redteam-run.ts';

roundTests('round 5', REDTEAM5_BROKEN, REDTEAM5_CORRECT);
