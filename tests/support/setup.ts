// Loaded before every test file (vitest setupFiles): fast-check properties that give no seed of
// their own draw from the project's test seed, never from the clock. fast-check prints the seed
// and the shrunk counterexample's path on failure.
import fc from 'fast-check';
import { TEST_SEED } from './seed.ts';

fc.configureGlobal({ seed: TEST_SEED });
