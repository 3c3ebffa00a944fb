// The red team's sixth round (kernel-mutants-redteam-round6.ts): broken kernels caught exactly (or
// kept as known escapes), correct ones passing (or kept as false alarms), every variant building.
import { REDTEAM7_BROKEN, REDTEAM7_CORRECT } from './kernel-mutants-redteam-round6.ts';
import { roundTests } from './kernel-mutants-redteam-run.ts';

roundTests('round 6', REDTEAM7_BROKEN, REDTEAM7_CORRECT);
