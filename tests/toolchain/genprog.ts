// fast-check generator of whole programs that exercise the directives: data of every size with
// GNU-precedence expressions, strings, alignment in code and data, .space/.fill, .equ/.set,
// macros with defaults, .rept/.irp, conditionals and numeric local labels.
import fc from 'fast-check';

const BIN = ['+', '-', '*', '/', '%', '<<', '>>', '|', '&', '^', '==', '!=', '<', '>', '<=', '>=', '&&', '||'];

/** An expression over small integers and the symbols defined so far. */
function exprArb(symbols: readonly string[], depth: number, ops: readonly string[] = BIN): fc.Arbitrary<string> {
  const leaf = symbols.length > 0
    ? fc.oneof(fc.integer({ min: -1000, max: 100000 }).map(String), fc.constantFrom(...symbols), fc.integer({ min: 0, max: 255 }).map((n) => `0x${n.toString(16)}`))
    : fc.integer({ min: -1000, max: 100000 }).map(String);
  if (depth <= 0) return leaf;
  const sub = exprArb(symbols, depth - 1, ops);
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    {
      arbitrary: fc.tuple(sub, fc.constantFrom(...ops), sub, fc.integer({ min: 1, max: 31 })).map(([a, op, b, k]) => {
        // Keep divisors and shift counts well defined.
        if (op === '/' || op === '%') return `${a} ${op} ${k}`;
        if (op === '<<' || op === '>>') return `${a} ${op} ${k % 8}`;
        return `${a} ${op} ${b}`;
      }),
      weight: 3,
    },
    { arbitrary: fc.tuple(fc.constantFrom('-', '~', '!'), sub).map(([u, e]) => `${u}(${e})`), weight: 1 },
    { arbitrary: sub.map((e) => `(${e})`), weight: 1 },
  );
}

const str = fc.string({ maxLength: 12 }).map((s) => s.replace(/[^ -~]/g, 'x').replace(/["\\]/g, '_'));

interface Ctx {
  n: number;
}

function chunkArb(symbols: readonly string[], ctx: Ctx): fc.Arbitrary<string> {
  const e = exprArb(symbols, 2);
  const id = ctx.n++;
  return fc.oneof(
    fc.tuple(fc.constantFrom('.word', '.long', '.int', '.4byte'), fc.array(e, { minLength: 1, maxLength: 3 })).map(([d, es]) => `${d} ${es.join(', ')}`),
    fc.tuple(fc.constantFrom('.hword', '.short', '.2byte'), e).map(([d, x]) => `${d} ${x}`),
    fc.tuple(fc.constantFrom('.byte'), fc.array(e, { minLength: 1, maxLength: 4 })).map(([d, es]) => `${d} ${es.join(', ')}`),
    fc.tuple(fc.constantFrom('.ascii', '.asciz', '.string'), str).map(([d, s]) => `${d} "${s}"`),
    fc.tuple(fc.constantFrom('.align', '.p2align'), fc.integer({ min: 0, max: 4 })).map(([d, n]) => `${d} ${n}`),
    fc.tuple(fc.constantFrom(1, 2, 4, 8, 16), fc.option(fc.integer({ min: 0, max: 255 }))).map(([n, f]) => `.balign ${n}${f === null ? '' : `, ${f}`}`),
    fc.tuple(fc.integer({ min: 0, max: 12 }), fc.option(fc.integer({ min: 0, max: 255 }))).map(([n, f]) => `.space ${n}${f === null ? '' : `, ${f}`}`),
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom(1, 2, 4), fc.integer({ min: 0, max: 0xffff })).map(([r, s, v]) => `.fill ${r}, ${s}, ${v}`),
    e.map((x) => `.equ T${id}, ${x}`),
    // GNU as mistakes an argument containing '=' for a keyword argument: keep those out.
    fc.tuple(exprArb(symbols, 2, BIN.filter((o) => !o.includes('='))), e).map(([a, b]) => `.macro M${id} a, b=${b}\n.word \\a + \\b\n.byte \\b & 0xff\n.endm\nM${id} ${a}\nM${id} 7, ${a}`),
    fc.tuple(fc.integer({ min: 0, max: 4 }), e).map(([k, x]) => `.rept ${k}\n.byte (${x}) & 0x7f\n.endr`),
    fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 4 }).map((xs) => `.irp v, ${xs.join(', ')}\n.hword \\v * 3\n.endr`),
    fc.tuple(e, e, e).map(([c, a, b]) => `.if ${c}\n.word ${a}\n.else\n.word ${b}\n.endif`),
    fc.tuple(fc.constantFrom(...(symbols.length ? symbols : ['S_none'])), e).map(([s, a]) => `.ifdef ${s}\n.hword ${a}\n.endif\n.ifndef ${s}\n.byte 1\n.endif`),
    fc.tuple(fc.integer({ min: 0, max: 255 }), fc.constantFrom('add', 'sub', 'orr', 'eor')).map(([v, op]) => `.align 2\n${op} r1, r2, #${v}\n1: ${op}s r3, r3, #(${v} & 0xf0)\nbne 1b\nb 2f\n.word 1b\n2:`),
    fc.constant(`.align 2\nldr r0, =S_pool${id}\nadr r1, 3f\nnop\n3: .word 3b\n.set S_pool${id}, 0x12345678 + ${id}`),
  );
}

/** A program: chunks distributed over .text and .data, with symbols growing as it goes. */
export const program: fc.Arbitrary<string> = fc.integer({ min: 8, max: 30 }).chain((count) => {
  const ctx: Ctx = { n: 0 };
  const pieces: fc.Arbitrary<string>[] = [];
  const symbols: string[] = [];
  for (let i = 0; i < count; i++) {
    const known = [...symbols];
    const def = exprArb(known, 1);
    pieces.push(fc.tuple(fc.constantFrom('', '', '.data\n', '.text\n'), chunkArb(known, ctx), def).map(([s, c, d]) => `${s}.set S${i}_, ${d}\n${c}`));
    symbols.push(`S${i}_`);
  }
  return fc.tuple(...pieces).map((ps) => `.text\n${ps.join('\n')}\n.data\n.word 0\n`);
});
