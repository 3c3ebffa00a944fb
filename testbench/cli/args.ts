// The command-line parser every entry point uses (npm start, study, verify, bench, the kernel runner,
// the toolchain): Node's util.parseArgs does the tokenising (strict: unknown options, missing values
// and values that look like options are errors), and each option declares its type, range, default
// and help line here, so a bad value names the option and what it accepts.
import { parseArgs as nodeParseArgs } from 'node:util';

interface Common {
  readonly help: string;
  /** One-letter alias (-o). */
  readonly short?: string;
  /** The value's name in --help (N, PATH, ...). */
  readonly arg?: string;
}
export type OptionSpec =
  | (Common & { readonly type: 'int'; readonly default?: number; readonly min?: number; readonly max?: number })
  | (Common & { readonly type: 'string'; readonly default?: string; readonly choices?: readonly string[] })
  /** Repeatable: --x a --x b. */
  | (Common & { readonly type: 'list' })
  | (Common & { readonly type: 'flag' });

export type OptionValues<S extends Record<string, OptionSpec>> = {
  [K in keyof S]: S[K] extends { type: 'int'; default: number }
    ? number
    : S[K] extends { type: 'int' }
      ? number | undefined
      : S[K] extends { type: 'string'; default: string }
        ? string
        : S[K] extends { type: 'string' }
          ? string | undefined
          : S[K] extends { type: 'list' }
            ? string[]
            : boolean;
};

/** A mistake in the command line: one line on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs<S extends Record<string, OptionSpec>> {
  readonly values: OptionValues<S>;
  readonly positionals: string[];
  /** Positionals that followed each option occurrence (for `--merge A B C`). */
  readonly after: ReadonlyMap<string, readonly string[]>;
}

const INTEGER = /^[+-]?(0x[0-9a-f]+|0b[01]+|0o[0-7]+|[0-9]+)$/i;

/** A whole integer written in decimal (or 0x/0b/0o), nothing else: '' and ' ' are not 0. */
export function parseInteger(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined;
  const neg = text.startsWith('-');
  const body = text.replace(/^[+-]/, '');
  const v = Number(body);
  return Number.isSafeInteger(v) ? (neg ? -v : v) : undefined;
}

function range(s: { min?: number; max?: number }): string {
  if (s.min !== undefined && s.max !== undefined) return ` in ${s.min}..${s.max}`;
  if (s.min !== undefined) return ` >= ${s.min}`;
  if (s.max !== undefined) return ` <= ${s.max}`;
  return '';
}

/** Node's parseArgs messages name the option; keep their first sentence, point at --help. */
function usageFrom(e: unknown): UsageError {
  const msg = e instanceof Error ? e.message.replace(/\.? ?To specify[^\n]*/g, '').split('\n').filter((l) => l.trim() !== '').join(' ').replace(/\.$/, '') : String(e);
  return new UsageError(`${msg} (see --help)`);
}

export function parseArgs<S extends Record<string, OptionSpec>>(argv: readonly string[], spec: S, positionals: { readonly max: number } = { max: 0 }): ParsedArgs<S> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, s] of Object.entries(spec)) {
    options[name] = { type: s.type === 'flag' ? 'boolean' : 'string', ...(s.short ? { short: s.short } : {}), ...(s.type === 'list' ? { multiple: true } : {}) };
  }
  // `--rounds -3`: parseArgs would call -3 an option; give an integer option its negative value, so the
  // error is about the range.
  const args: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const next = argv[k + 1];
    if (a.startsWith('--') && !a.includes('=') && spec[a.slice(2)]?.type === 'int' && next !== undefined && /^-\d/.test(next)) {
      args.push(`${a}=${next}`);
      k++;
    } else args.push(a);
  }
  let parsed: ReturnType<typeof nodeParseArgs<{ args: string[]; options: typeof options; allowPositionals: true; tokens: true; strict: true }>>;
  try {
    parsed = nodeParseArgs({ args, options, allowPositionals: true, tokens: true, strict: true });
  } catch (e) {
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) throw usageFrom(e);
    throw e;
  }
  const out: Record<string, number | string | string[] | boolean | undefined> = {};
  for (const [name, s] of Object.entries(spec)) {
    const raw = parsed.values[name];
    if (s.type === 'flag') out[name] = raw === true;
    else if (s.type === 'list') {
      const list = (raw as string[] | undefined) ?? [];
      for (const v of list) if (v.trim() === '') throw new UsageError(`--${name} needs a non-empty value (got ${JSON.stringify(v)})`);
      out[name] = list;
    } else if (raw === undefined) out[name] = s.default;
    else if (typeof raw !== 'string') throw new UsageError(`--${name} needs a value`);
    else if (s.type === 'int') {
      const v = parseInteger(raw);
      if (v === undefined || (s.min !== undefined && v < s.min) || (s.max !== undefined && v > s.max)) {
        throw new UsageError(`--${name} must be an integer${range(s)} (got ${JSON.stringify(raw)})`);
      }
      out[name] = v;
    } else {
      if (raw.trim() === '') throw new UsageError(`--${name} needs a non-empty value (got ${JSON.stringify(raw)})`);
      if (s.choices && !s.choices.includes(raw)) throw new UsageError(`--${name} must be one of ${s.choices.join(', ')} (got ${JSON.stringify(raw)})`);
      out[name] = raw;
    }
  }
  if (parsed.positionals.length > positionals.max) {
    const extra = parsed.positionals[positionals.max]!;
    throw new UsageError(positionals.max === 0 ? `unexpected argument ${JSON.stringify(extra)} (options start with --; see --help)` : `unexpected argument ${JSON.stringify(extra)} (see --help)`);
  }
  const after = new Map<string, string[]>();
  let last: string | undefined;
  for (const t of parsed.tokens ?? []) {
    if (t.kind === 'option') last = t.name;
    else if (t.kind === 'positional' && last !== undefined) {
      const list = after.get(last) ?? [];
      list.push(t.value);
      after.set(last, list);
    }
  }
  return { values: out as OptionValues<S>, positionals: parsed.positionals, after };
}

export function helpText(spec: Record<string, OptionSpec>): string {
  return Object.entries(spec)
    .map(([name, s]) => {
      const arg = s.type === 'flag' ? '' : ` ${s.arg ?? (s.type === 'int' ? 'N' : 'TEXT')}`;
      const short = s.short ? `-${s.short}, ` : '';
      const def = (s.type === 'int' || s.type === 'string') && s.default !== undefined ? ` (default ${JSON.stringify(s.default)})` : '';
      const choices = s.type === 'string' && s.choices ? ` (one of ${s.choices.join(', ')})` : '';
      const bounds = s.type === 'int' && range(s) !== '' ? ` (${range(s).replace(/^ in /, '').trim()})` : '';
      return `  ${(short + '--' + name + arg).padEnd(24)} ${s.help}${bounds}${choices}${def}`;
    })
    .join('\n');
}
