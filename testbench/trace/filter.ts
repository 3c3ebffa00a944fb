// Scope and signal filters for traces: glob patterns over hierarchical names.
//   `*` matches within one name (no dot), `**` matches across scopes, `?` one character.
// A signal is traced when it matches some include pattern (all, when none are given) and no
// exclude pattern. A pattern naming a scope selects everything under it ("top.core" = "top.core.**").

export interface TraceFilter {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let k = 0; k < glob.length; k++) {
    const c = glob[k]!;
    if (c === '*' && glob[k + 1] === '*') {
      re += '.*';
      k++;
    } else if (c === '*') re += '[^.]*';
    else if (c === '?') re += '[^.]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern also selects everything below the scope it names.
  return new RegExp(`^${re}(\\..*)?$`);
}

export function compileFilter(filter: TraceFilter = {}): (path: string) => boolean {
  const inc = (filter.include ?? []).map(globToRegExp);
  const exc = (filter.exclude ?? []).map(globToRegExp);
  return (path) => (inc.length === 0 || inc.some((r) => r.test(path))) && !exc.some((r) => r.test(path));
}
