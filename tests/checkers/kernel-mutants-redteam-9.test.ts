// The red team's eighth round (kernel-mutants-redteam-round8.ts): broken kernels caught exactly (or
// kept as known escapes), correct ones passing (or kept as false alarms), every variant building.
import { REDTEAM9_BROKEN, REDTEAM9_CORRECT } from './kernel-mutants-redteam-round8.ts';
import { roundTests } from './kernel-mutants-redteam-run.ts';

roundTests('round 8', REDTEAM9_BROKEN, REDTEAM9_CORRECT);
