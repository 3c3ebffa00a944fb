// The red team's ninth round (kernel-mutants-redteam-round9.ts): broken kernels caught exactly (or
// kept as known escapes), correct ones passing (or kept as false alarms), every variant building.
import { REDTEAM10_BROKEN, REDTEAM10_CORRECT } from './kernel-mutants-redteam-round9.ts';
import { roundTests } from './kernel-mutants-redteam-run.ts';

roundTests('round 9', REDTEAM10_BROKEN, REDTEAM10_CORRECT);
