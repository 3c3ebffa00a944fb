// The claims of the post, each decided by the rules whose failures break it (docs/CHECKERS.md's
// rule table): one list for every place that says whether a claim held (the report's verdict
// lines, the design comparison, the studies).
import type { RuleName } from './config.ts';

export const CLAIMS = {
  'register MRs left in place': ['register-mr-written', 'register-mr-stored', 'message-left-registers'],
  'UTCB words copied directly': ['utcb-word-staged', 'utcb-word-not-copied', 'utcb-word-wrong', 'utcb-word-extra'],
  'message delivered': ['delivery'],
  'no remapping': ['page-table-write', 'maintenance'],
} as const satisfies Record<string, readonly RuleName[]>;
export type ClaimName = keyof typeof CLAIMS;
export const CLAIM_NAMES = Object.keys(CLAIMS) as ClaimName[];

/** The rules a window's failures name ('IPC 3: register-mr-stored: ...'). */
export const failedRules = (failures: readonly string[]): RuleName[] => [...new Set(failures.map((f) => /^IPC \d+: ([a-z-]+):/.exec(f)?.[1]).filter((r): r is string => r !== undefined))] as RuleName[];

/** The rules of `claim` that some of `failures` broke (none: the claim held there). */
export function brokenBy(claim: ClaimName, failures: readonly string[]): RuleName[] {
  const failed = new Set(failedRules(failures));
  return (CLAIMS[claim] as readonly RuleName[]).filter((r) => failed.has(r));
}
