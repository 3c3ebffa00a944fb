// Well-formedness of the SVG we write (no XML parser among the dependencies): every tag closes in
// order, attributes are quoted, the root is <svg> with the SVG namespace, text is escaped.
export function checkSvg(text: string): string[] {
  const problems: string[] = [];
  if (!/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(text)) problems.push('root is not <svg> in the SVG namespace');
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const between = text.slice(last, m.index);
    if (/[<>]/.test(between) || /&(?!amp;|lt;|gt;|quot;|#\d+;)/.test(between)) problems.push(`bad text before offset ${m.index}: ${between.slice(0, 40)}`);
    last = m.index + m[0].length;
    if (m[1]) {
      if (stack.pop() !== m[2]) problems.push(`</${m[2]}> closes the wrong element at offset ${m.index}`);
    } else if (!m[4]) stack.push(m[2]!);
  }
  if (text.slice(last).trim() !== '') problems.push('text after the root element');
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}
