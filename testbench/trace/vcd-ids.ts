// VCD identifier codes: the shortest strings over the printable ASCII range '!'..'~', assigned in
// declaration order so identical designs give identical files.
export function vcdIdCode(n: number): string {
  let s = '';
  let k = n;
  do {
    s += String.fromCharCode(33 + (k % 94));
    k = Math.floor(k / 94) - 1;
  } while (k >= 0);
  return s;
}
