// Sources on which an outside audit (2026-12-07: GNU as 2.40 against this assembler, on inputs no
// generator of the suites made) found the two accepting the same text and writing different
// bytes. Each is kept with the section bytes GNU as writes (before relocation): the unit suite
// checks those, the golden suite checks the whole object file against GNU's, byte for byte.
export interface AuditCase {
  readonly name: string;
  readonly source: string;
  /** Section -> GNU's bytes (hex) in the object file. */
  readonly bytes: Readonly<Record<string, string>>;
}

export const AUDIT_CASES: readonly AuditCase[] = [
  {
    // `.set` to a label copies the label's attributes (GNU's copy_symbol_attributes): an alias of a
    // Thumb function is one too, so `bl h` from ARM becomes BLX and data holds the address | 1.
    name: 'set-alias-of-thumb-function',
    source: '.thumb\n.thumb_func\nf: bx lr\n.arm\n.align 2\n.set h, f\n.set h2, f+2\nbl h\n.word h\n.word h2\nldr r0, =h\n',
    bytes: { '.text': '70470000fdfffffa000000000000000004001fe500000000' },
  },
  {
    // A UTF-8 source's characters are their bytes in a string (GNU reads the file byte by byte).
    name: 'utf8-strings',
    source: '.ascii "é€"\n.asciz "😀"\n.string16 "é"\n.align 2\n',
    bytes: { '.text': 'c3a9e282acf09f988000c300a9000000' },
  },
  {
    // A backslash and up to three digits is a number times 8 per digit, 8 and 9 included.
    name: 'escapes-with-8-and-9',
    source: '.ascii "\\8\\9\\58\\189\\777\\0\\08\\400"\n.ascii "\\x41\\x141\\"q"\n',
    bytes: { '.text': '08093089ff00080041412271' },
  },
  {
    // `'\x` in a macro or .irpc body is a character constant, not the parameter x.
    name: 'char-constant-in-macro-body',
    source: ".macro m x\n.byte '\\x\n.byte \\x\n.endm\nm 7\n.irpc c, abc\n.byte '\\c\n.byte '\\c'\n.endr\n",
    bytes: { '.text': '7807636363636363' },
  },
  {
    // `.eqv` is evaluated again at each use (x is 5, then 7), unlike `.set`.
    name: 'eqv-evaluated-at-each-use',
    source: '.set x, 1\n.eqv y, x*2\n.set x, 5\n.word y\n.set x, 7\n.word y\n.eqv z, w+1\n.word z\nw: .word z\n',
    bytes: { '.text': '0a0000000e0000000000000000000000' },
  },
  {
    // `!!` (spaces allowed between) is exclusive or; a single binary `!` is or-not.
    name: 'xor-written-as-two-bangs',
    source: '.word 5 !! 3\n.word 5 ! !3\nmov r0, #5 !! 3\n.word 5 ! 3\n',
    bytes: { '.text': '06000000060000000600a0e3fdffffff' },
  },
  {
    // An alignment's maximum of zero or less is no maximum.
    name: 'align-maximum-zero-or-less',
    source: '.data\n.byte 1\n.balign 8, 0x11, 0\n.byte 2\n.balign 8, 0x22, -1\n.text\nnop\n.p2align 4,,0\nnop\n',
    bytes: { '.text': '0000a0e10000a0e10000a0e10000a0e10000a0e1', '.data': '01111111111111110222222222222222' },
  },
  {
    // A label may take the name of a `.set` symbol (not of an `.equiv` one); `.set` may rename an alias.
    name: 'label-after-set',
    source: '.set l, 5\n.word l\nl: nop\n.word l\nf: nop\n.set g, f\n.set g, 4\n.word g\n',
    bytes: { '.text': '050000000000a0e1000000000000a0e104000000' },
  },
  {
    // `.thumb_func` names the next label in code: one in data stays data and the flag waits.
    name: 'thumb-func-then-data-label',
    source: '.thumb_func\n.data\nL0: .word 0\n.text\nL1: nop\n.arm\n.word L0\n.word L1\nldr r0, =L0\n',
    bytes: { '.text': 'c0460000000000000000000004001fe500000000', '.data': '00000000' },
  },
];
