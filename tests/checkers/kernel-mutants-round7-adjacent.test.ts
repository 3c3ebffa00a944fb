// Variants next to round 7's escapes (kernel-mutants-round7-adjacent.ts): caught exactly.
import { ROUND7_ADJACENT } from './kernel-mutants-round7-adjacent.ts';
import { roundTests } from './kernel-mutants-redteam-run.ts';

roundTests('round 7, adjacent', ROUND7_ADJACENT, []);
