// Test-side reference for the memory-system properties: an independent ARMv5 walk of the page
// tables in RAM (sections and coarse tables with small pages: what the generated layouts use), and
// the permission check, written from the ARM ARM without looking at rtl/mem.
export interface Walked {
  readonly pa: number;
  readonly domain: number;
  readonly ap: number;
  readonly c: boolean;
  readonly b: boolean;
  readonly section: boolean;
}

export function walk(read: (pa: number) => number, ttbr: number, mva: number): Walked | { fault: number } {
  const d1 = read(((ttbr & 0xffffc000) | ((mva >>> 20) << 2)) >>> 0);
  const domain = (d1 >>> 5) & 15;
  if ((d1 & 3) === 2) {
    return { pa: ((d1 & 0xfff00000) | (mva & 0xfffff)) >>> 0, domain, ap: (d1 >>> 10) & 3, c: (d1 & 8) !== 0, b: (d1 & 4) !== 0, section: true };
  }
  if ((d1 & 3) !== 1) return { fault: (domain << 4) | 5 };
  const d2 = read(((d1 & 0xfffffc00) | (((mva >>> 12) & 0xff) << 2)) >>> 0);
  if ((d2 & 3) !== 2) return { fault: (domain << 4) | 7 };
  const ap = (d2 >>> (4 + 2 * ((mva >>> 10) & 3))) & 3;
  return { pa: ((d2 & 0xfffff000) | (mva & 0xfff)) >>> 0, domain, ap, c: (d2 & 8) !== 0, b: (d2 & 4) !== 0, section: false };
}

/** The FSR of a domain or permission fault for this access, or 0. */
export function check(w: Walked, dacr: number, priv: boolean, write: boolean, s: boolean, r: boolean): number {
  const acc = (dacr >>> (2 * w.domain)) & 3;
  if (acc === 0 || acc === 2) return (w.domain << 4) | (w.section ? 9 : 0xb);
  if (acc === 3) return 0;
  let ok: boolean;
  if (w.ap === 0) ok = !write && ((s && !r && priv) || (r && !s));
  else if (w.ap === 1) ok = priv;
  else if (w.ap === 2) ok = priv || !write;
  else ok = true;
  return ok ? 0 : (w.domain << 4) | (w.section ? 0xd : 0xf);
}
