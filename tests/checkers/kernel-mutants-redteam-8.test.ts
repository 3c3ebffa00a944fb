// The red team's seventh round (kernel-mutants-redteam-round7.ts): broken kernels caught exactly (or
// kept as known escapes), correct ones passing (or kept as false alarms), every variant building.
import { REDTEAM8_BROKEN, REDTEAM8_CORRECT } from './kernel-mutants-redteam-round7.ts';
import { roundTests } from './kernel-mutants-redteam-run.ts';

roundTests('round 7', REDTEAM8_BROKEN, REDTEAM8_CORRECT);
