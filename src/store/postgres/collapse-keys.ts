/**
 * Repeated keys within one write. The store keeps the last row of each key (site, time, level,
 * product), and counts each repeat against the row before it: unchanged when the values are
 * equal, replaced otherwise, as if the rows were written one after another. The embedded store
 * counts the same way.
 */
import type { ObservationTable } from '../../observation.ts';

export interface CollapsedRows {
  /** Input row kept for each key (its last occurrence); null when no key repeats. */
  kept: Uint32Array | null;
  /** First occurrence of each kept key, aligned with `kept`; null when no key repeats. */
  first: Uint32Array | null;
  /** Repeats counted against the previous row of their key. */
  repeats: { unchanged: number; replaced: number };
}

/** Finds the rows to keep and counts the repeats of `table`. */
export function collapseRepeatedKeys(table: ObservationTable): CollapsedRows {
  const groups = groupCodes(table);
  if (timesIncreaseWithinKeys(table, groups)) {
    return { kept: null, first: null, repeats: { unchanged: 0, replaced: 0 } };
  }

  const slotsByGroup = new Map<number, Map<number, number>>();
  const kept: number[] = [];
  const first: number[] = [];
  const repeats = { unchanged: 0, replaced: 0 };

  for (let i = 0; i < table.length; i++) {
    let slots = slotsByGroup.get(groups[i]!);
    if (slots === undefined) {
      slots = new Map();
      slotsByGroup.set(groups[i]!, slots);
    }

    const slot = slots.get(table.time[i]!);
    if (slot === undefined) {
      slots.set(table.time[i]!, kept.length);
      kept.push(i);
      first.push(i);
      continue;
    }

    if (sameValues(table, kept[slot]!, i)) repeats.unchanged++;
    else repeats.replaced++;
    kept[slot] = i;
  }
  return { kept: Uint32Array.from(kept), first: Uint32Array.from(first), repeats };
}

/** Returns one number per row naming its (site, level, product) group. */
function groupCodes(table: ObservationTable): Float64Array {
  const products = [...new Set(table.sources.map((s) => s.product))];
  const productOfSource = table.sources.map((s) => products.indexOf(s.product));
  const codes = new Float64Array(table.length);

  for (let i = 0; i < table.length; i++) {
    const product = productOfSource[table.source[i]!]!;
    codes[i] = (table.site[i]! * 256 + table.level[i]!) * products.length + product;
  }
  return codes;
}

/**
 * Returns true when each row's time exceeds the previous time of its group, which rules out
 * repeats without a map of every key. Ingested files give rows in time order per site.
 */
function timesIncreaseWithinKeys(table: ObservationTable, groups: Float64Array): boolean {
  const lastTime = new Map<number, number>();
  for (let i = 0; i < table.length; i++) {
    const previous = lastTime.get(groups[i]!);
    if (previous !== undefined && !(table.time[i]! > previous)) return false;
    lastTime.set(groups[i]!, table.time[i]!);
  }
  return true;
}

/** Compares the value columns of two rows; NaN equals NaN, as NULL does in the store. */
function sameValues(table: ObservationTable, a: number, b: number): boolean {
  const columns: Float64Array[] = [
    table.latitude,
    table.longitude,
    table.elevation,
    table.instrument,
    ...Object.values(table.values),
  ];
  return columns.every((column) => {
    const x = column[a]!;
    const y = column[b]!;
    return x === y || (x !== x && y !== y);
  });
}
