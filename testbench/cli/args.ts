// A small typed command-line parser: each option declares its type, default and help line; a bad
// value names the option and what it accepts.
export type OptionSpec =
  | { readonly type: 'int'; readonly default: number; readonly min?: number; readonly max?: number; readonly help: string }
  | { readonly type: 'string'; readonly default: string; readonly help: string }
  | { readonly type: 'flag'; readonly help: string };

export type OptionValues<S extends Record<string, OptionSpec>> = {
  [K in keyof S]: S[K] extends { type: 'int' } ? number : S[K] extends { type: 'string' } ? string : boolean;
};

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs<S extends Record<string, OptionSpec>>(argv: readonly string[], spec: S): OptionValues<S> {
  const out: Record<string, number | string | boolean> = {};
  for (const [name, s] of Object.entries(spec)) out[name] = s.type === 'flag' ? false : s.default;
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (options start with --; see --help)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name} (see --help)`);
    if (s.type === 'flag') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++k];
    if (raw === undefined) throw new UsageError(`--${name} needs a value`);
    if (s.type === 'int') {
      const v = Number(raw);
      if (!Number.isInteger(v) || (s.min !== undefined && v < s.min) || (s.max !== undefined && v > s.max)) {
        throw new UsageError(`--${name} must be an integer${s.min !== undefined ? ` >= ${s.min}` : ''}${s.max !== undefined ? ` and <= ${s.max}` : ''} (got ${JSON.stringify(raw)})`);
      }
      out[name] = v;
    } else out[name] = raw;
  }
  return out as OptionValues<S>;
}

export function helpText(spec: Record<string, OptionSpec>): string {
  return Object.entries(spec)
    .map(([name, s]) => {
      const arg = s.type === 'flag' ? '' : s.type === 'int' ? ' N' : ' TEXT';
      const def = s.type === 'flag' ? '' : ` (default ${JSON.stringify(s.default)})`;
      return `  --${(name + arg).padEnd(22)} ${s.help}${def}`;
    })
    .join('\n');
}
