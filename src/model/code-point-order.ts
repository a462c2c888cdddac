/**
 * Compares strings by Unicode code point, the order Python and numpy sort `str` values in.
 * JavaScript's default sort compares UTF-16 code units instead, which puts characters above
 * U+FFFF (stored as surrogate pairs, D800-DFFF) before those in U+E000-U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (D800-DFFF) above U+E000-U+FFFF, keeping every other order. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}
