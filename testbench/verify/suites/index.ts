// The suites `npm run verify -- --suite <name>` knows.
import { erase, type AnySuite } from '../suite.ts';
import { encodingsSuite } from './encodings.ts';
import { handoffSlowSuite, handoffSuite } from './handoff.ts';
import { isaSuite } from './isa.ts';
import { kernelSuite } from './kernel.ts';
import { memorySuite } from './memory.ts';

export const SUITES: readonly AnySuite[] = [erase(isaSuite), erase(encodingsSuite), erase(memorySuite), erase(kernelSuite), erase(handoffSuite), erase(handoffSlowSuite)];
