// Pages in docs/ quote computed text between markers (<!-- PREFIX:NAME --> ... <!-- /PREFIX:NAME -->):
// a generator fills the marked parts and a test checks the committed page against the generator,
// so a figure on the page is always the computed one. The prose around the markers carries no figures.

/** `doc` with every marked part that `blocks` has replaced; a marker without its end is an error. */
export function fillBlocks(doc: string, prefix: string, blocks: Readonly<Record<string, string>>): string {
  let out = doc;
  for (const [name, text] of Object.entries(blocks)) {
    const open = `<!-- ${prefix}:${name} -->`;
    const close = `<!-- /${prefix}:${name} -->`;
    const a = out.indexOf(open);
    const b = out.indexOf(close);
    if (a < 0 && b < 0) continue;
    if (a < 0 || b < a) throw new Error(`the page has ${close} without ${open} before it`);
    out = `${out.slice(0, a + open.length)}\n${text}\n${out.slice(b)}`;
  }
  return out;
}

/** The marker names a page uses under `prefix`, in order. */
export function blockNames(doc: string, prefix: string): string[] {
  return [...doc.matchAll(new RegExp(`<!-- ${prefix}:([\\w-]+) -->`, 'g'))].map((m) => m[1]!);
}
