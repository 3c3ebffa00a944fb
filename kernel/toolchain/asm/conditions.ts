// ARM condition codes by name (cs/hs and cc/ul/lo are the same).
export const CONDITIONS: Readonly<Record<string, number>> = {
  eq: 0, ne: 1, cs: 2, hs: 2, cc: 3, ul: 3, lo: 3, mi: 4, pl: 5, vs: 6, vc: 7,
  hi: 8, ls: 9, ge: 10, lt: 11, gt: 12, le: 13, al: 14,
};
