// Property: random transaction sequences from several masters, with random wait states and issue
// times, read the same data as a flat little-endian byte array updated in completion order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIZE_BYTE, SIZE_HALF, SIZE_WORD } from '../../rtl/soc/index.ts';
import { bench, extract, type Size, type Txn, type TxnResult } from './master.ts';

const SPAN = 64; // bytes of RAM the transactions hit (small: many collisions)
const UNMAPPED = 0x0800_0000;

const txnArb: fc.Arbitrary<Txn> = fc
  .record({
    size: fc.constantFrom<Size>(SIZE_BYTE, SIZE_HALF, SIZE_WORD),
    offset: fc.nat(SPAN - 1),
    we: fc.boolean(),
    value: fc.nat({ max: 0xffff_ffff }),
    unmapped: fc.nat(15),
    gap: fc.nat(3),
  })
  .map(({ size, offset, we, value, unmapped, gap }) => ({
    addr: (unmapped === 0 ? UNMAPPED : 0x100) + (offset & ~((1 << size) - 1)),
    size,
    we,
    value: size === SIZE_BYTE ? value & 0xff : size === SIZE_HALF ? value & 0xffff : value,
    notBefore: gap, // rewritten below into absolute cycles
  }));

describe('bus and RAM against a flat byte array', () => {
  it('random transactions from three masters with random wait states', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(txnArb, { maxLength: 12 }), { minLength: 3, maxLength: 3 }),
        fc.nat(3),
        fc.nat(3),
        (scripts, ramWait, devWait) => {
          const names = ['w', 'd', 'i'];
          const record: Record<string, Txn[]> = {};
          scripts.forEach((s, k) => {
            let t = 0;
            record[names[k]!] = s.map((x) => ({ ...x, notBefore: (t += x.notBefore ?? 0) }));
          });
          const b = bench({ masters: names, ramBytes: 1024, ramWaitStates: ramWait, deviceWaitStates: devWait }, record);
          b.run(0, 10_000);
          const all: TxnResult[] = b.top.masters.flatMap((m) => m.results);
          expect(all).toHaveLength(scripts.flat().length);
          all.sort((x, y) => x.done - y.done);
          const model = new Uint8Array(1024);
          for (let k = 0; k < all.length; k++) {
            const r = all[k]!;
            if (k > 0) expect(r.done).toBeGreaterThan(all[k - 1]!.done); // one transfer per cycle
            const { addr, size = SIZE_WORD, we, value = 0 } = r.txn;
            expect(r.abort).toBe(false);
            const unmapped = addr >= UNMAPPED;
            expect(r.done - r.issue).toBeGreaterThanOrEqual(unmapped ? devWait : ramWait);
            const n = 1 << size;
            if (we) {
              if (!unmapped) for (let j = 0; j < n; j++) model[addr + j] = (value >>> (8 * j)) & 0xff;
            } else {
              let expected = 0;
              if (!unmapped) for (let j = 0; j < n; j++) expected |= model[addr + j]! << (8 * j);
              expect(extract(size, addr, r.rdata)).toBe(expected >>> 0);
            }
          }
          expect([...b.top.soc.ram.readBytes(0, 1024)]).toEqual([...model]);
          const bus = b.top.soc.bus;
          expect(bus.txns.v).toBe(all.length);
          names.forEach((nm, k) => expect(bus.master(nm).txns.v).toBe(scripts[k]!.length));
        },
      ),
      { numRuns: 150 },
    );
  });
});
