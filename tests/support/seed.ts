// The one seed every randomised test draws from: HANDOFF_SEED when given, else a fixed default, so
// a run never depends on the clock and any failure reproduces with the seed it prints.
export const DEFAULT_TEST_SEED = 20_261_206;

function parseSeed(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_TEST_SEED;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`HANDOFF_SEED must be an integer (got ${JSON.stringify(text)})`);
  return n | 0;
}

export const TEST_SEED = parseSeed(process.env.HANDOFF_SEED);

/** The line a randomised suite prints before it starts. */
export function seedBanner(suite: string, extra = ''): string {
  return `${suite}: seed ${TEST_SEED}${extra} (HANDOFF_SEED=<n> replays or explores another)\n`;
}
