/**
 * Advance widths read from a TrueType font, so chart layout can measure text in the font that
 * resvg will draw instead of guessing. Table layouts follow the OpenType specification
 * (tables `head`, `hhea`, `hmtx` and `cmap` format 4). Kerning is ignored.
 */
import { BadInputError } from '../errors.ts';

/** Returns the advance width of a code point in em, using glyph 0 for unmapped code points. */
export type AdvanceWidths = (codePoint: number) => number;

/** Parses the advance widths of the Basic Multilingual Plane from a TrueType file. */
export function readAdvanceWidths(font: Buffer, fileName: string): AdvanceWidths {
  const tables = tableOffsets(font, fileName);
  const unitsPerEm = font.readUInt16BE(tables.head + 18);
  const metricCount = font.readUInt16BE(tables.hhea + 34);
  const glyphOf = cmapLookup(font, tables.cmap, fileName);

  const cache = new Map<number, number>();
  return (codePoint) => {
    let width = cache.get(codePoint);
    if (width === undefined) {
      const glyph = Math.min(glyphOf(codePoint), metricCount - 1);
      width = font.readUInt16BE(tables.hmtx + 4 * glyph) / unitsPerEm;
      cache.set(codePoint, width);
    }
    return width;
  };
}

/** Returns the width of `text` in pixels at `fontSize`. */
export function measureText(text: string, fontSize: number, widths: AdvanceWidths): number {
  let em = 0;
  for (const character of text) em += widths(character.codePointAt(0)!);
  return em * fontSize;
}

type TableName = 'head' | 'hhea' | 'hmtx' | 'cmap';

function tableOffsets(font: Buffer, fileName: string): Record<TableName, number> {
  const wanted: TableName[] = ['head', 'hhea', 'hmtx', 'cmap'];
  const found: Partial<Record<TableName, number>> = {};
  const tableCount = font.readUInt16BE(4);
  for (let i = 0; i < tableCount; i++) {
    const record = 12 + 16 * i;
    const tag = font.toString('latin1', record, record + 4) as TableName;
    if (wanted.includes(tag)) found[tag] = font.readUInt32BE(record + 8);
  }

  const missing = wanted.filter((tag) => found[tag] === undefined);
  if (missing.length > 0) {
    const expected = `expected the TrueType tables ${wanted.join(', ')}`;
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `font: ${expected}, got a file without ${missing.join(', ')}`,
      { file: fileName },
    );
  }
  return found as Record<TableName, number>;
}

/** Returns a code point to glyph lookup from the Unicode BMP subtable (cmap format 4). */
function cmapLookup(font: Buffer, cmap: number, fileName: string): (codePoint: number) => number {
  const subtable = unicodeSubtable(font, cmap);
  if (subtable === undefined) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      'font: expected a Unicode cmap subtable of format 4, got none',
      { file: fileName },
    );
  }

  const segments = font.readUInt16BE(subtable + 6) / 2;
  const endCodes = subtable + 14;
  const startCodes = endCodes + 2 * segments + 2;
  const deltas = startCodes + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;

  return (codePoint) => {
    for (let s = 0; s < segments; s++) {
      if (codePoint > font.readUInt16BE(endCodes + 2 * s)) continue;

      const start = font.readUInt16BE(startCodes + 2 * s);
      if (codePoint < start) return 0;

      const delta = font.readUInt16BE(deltas + 2 * s);
      const rangeOffset = font.readUInt16BE(rangeOffsets + 2 * s);
      if (rangeOffset === 0) return (codePoint + delta) & 0xffff;

      const glyph = font.readUInt16BE(rangeOffsets + 2 * s + rangeOffset + 2 * (codePoint - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** Returns the offset of the Windows Unicode BMP (3, 1) or Unicode (0, 3) format 4 subtable. */
function unicodeSubtable(font: Buffer, cmap: number): number | undefined {
  const count = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + 8 * i;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const offset = cmap + font.readUInt32BE(record + 4);
    const isUnicodeBmp = (platform === 3 && encoding === 1) || (platform === 0 && encoding === 3);
    if (isUnicodeBmp && font.readUInt16BE(offset) === 4) return offset;
  }
  return undefined;
}
