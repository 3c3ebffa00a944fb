// How text signals (disassembly, phase names) are written into a VCD.
//
//  'string' (default): GTKWave's `$var string` with `s<text> <id>` changes. Compact (a change costs
//           the text's length), shown as text by GTKWave and carried by vcd2fst; not in IEEE 1364,
//           and vcd-stream stops parsing at the first `s` change (readers filter them out first).
//  'vector': standard VCD: the text packed 8 bits per character, right-aligned in a fixed-width
//           vector that GTKWave shows with its ASCII format. Readable by every tool but about 8x
//           larger per change. Measured figures: docs/WAVEFORMS.md.
export type TextEncoding = 'string' | 'vector';

/** Escape text for a `s` value: VCD tokens cannot hold whitespace, so such bytes become \ooo. */
export function escapeVcdString(text: string): string {
  if (text.length === 0) return '\\000';
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c > 0x20 && c < 0x7f && c !== 0x5c) out += text[k];
    else out += `\\${(c & 0xff).toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** Reverse of escapeVcdString. */
export function unescapeVcdString(token: string): string {
  if (token === '\\000') return '';
  return token.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/**
 * Pack text into a bit string of `chars` characters, right-aligned (leading NULs), the first
 * character in the most significant byte. Longer text is cut and ends in '~' so the cut shows.
 */
export function packTextBits(text: string, chars: number): string {
  let t = text;
  if (t.length > chars) t = `${t.slice(0, chars - 1)}~`;
  let bits = '';
  for (let k = 0; k < t.length; k++) bits += (t.charCodeAt(k) & 0xff).toString(2).padStart(8, '0');
  const stripped = bits.replace(/^0+/, '');
  return stripped.length === 0 ? '0' : stripped;
}

/** Reverse of packTextBits, from the vector's value. */
export function unpackTextBits(value: bigint): string {
  let out = '';
  let v = value;
  while (v > 0n) {
    out = String.fromCharCode(Number(v & 0xffn)) + out;
    v >>= 8n;
  }
  return out;
}
