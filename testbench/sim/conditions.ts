// `--until` values of npm run sim: pc=<sym|addr>, swi=<n>, vector=<exception>, exit.
import { UsageError, parseInteger } from '../cli/args.ts';
import { VECTOR_OFFSETS, type ExceptionName, type StopCondition } from '../machine/index.ts';

export const UNTIL_FORMS = 'pc=<symbol|address>, swi=<number>, vector=<undefined|swi|prefetch-abort|data-abort|irq|fiq>, exit';

/** Parse one --until value; `resolve` turns a symbol or number into an address. */
export function parseUntil(text: string, resolve: (s: string) => number): StopCondition {
  if (text === 'exit') return { kind: 'exit' };
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? '' : text.slice(eq + 1);
  switch (key) {
    case 'pc':
      if (value === '') break;
      return { kind: 'pc', address: resolve(value) };
    case 'swi': {
      const n = parseInteger(value);
      if (n === undefined || n < 0 || n > 0xffffff) throw new UsageError(`--until ${text}: the SWI number must be an integer in 0..0xffffff`);
      return { kind: 'swi', number: n };
    }
    case 'vector':
      if (value in VECTOR_OFFSETS && value !== 'reset') return { kind: 'vector', exception: value as ExceptionName };
      throw new UsageError(`--until ${text}: unknown exception ${JSON.stringify(value)} (undefined, swi, prefetch-abort, data-abort, irq, fiq)`);
    default:
      break;
  }
  throw new UsageError(`--until ${JSON.stringify(text)}: expected ${UNTIL_FORMS}`);
}
