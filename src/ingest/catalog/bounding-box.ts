/**
 * Latitude-longitude boxes for selecting AERONET sites, in the order the CLI takes them:
 * south, west, north, east (decimal degrees, north and east positive).
 */
import { BadInputError } from '../../errors.ts';

export interface BoundingBox {
  /** Southern edge, decimal degrees. */
  south: number;
  /** Western edge, decimal degrees. */
  west: number;
  /** Northern edge, decimal degrees. */
  north: number;
  /** Eastern edge, decimal degrees. */
  east: number;
}

/**
 * Africa with its Atlantic islands. The mainland reaches from Cape Agulhas (34°51′S) to
 * Ras ben Sakka (37°21′N) and from Pointe des Almadies (17°31′W) to Ras Hafun (51°21′E);
 * Santo Antão in Cape Verde (25°22′W) is the westernmost island (worldatlas.com, "The Most
 * Extreme Points of Africa"; viman.ru, "Extreme points of Africa and their coordinates").
 * The box also takes in southern Spain, Sicily, Crete, Cyprus, the Levant and Arabia.
 * NOTE: Mauritius, Réunion and the Seychelles lie east of 52°E and are outside it.
 */
export const AFRICA: Readonly<BoundingBox> = Object.freeze({
  south: -35,
  west: -26,
  north: 38,
  east: 52,
});

/** Named boxes the CLI accepts in place of four numbers. */
export const NAMED_BOXES: Readonly<Record<string, Readonly<BoundingBox>>> = { AFRICA };

/**
 * Checks a box and returns it: each edge a finite number, latitudes within ±90, longitudes
 * within ±180, south below north and west below east (boxes across the antimeridian are
 * not supported).
 */
export function validateBoundingBox(box: BoundingBox, label = 'bounding box'): BoundingBox {
  const { south, west, north, east } = box;
  const boxText = `${south},${west},${north},${east}`;
  const edges = [south, west, north, east];
  if (!edges.every((edge) => typeof edge === 'number' && Number.isFinite(edge))) {
    throw invalidBox(label, 'four finite numbers', boxText);
  }
  if (Math.abs(south) > 90 || Math.abs(north) > 90) {
    throw invalidBox(label, 'latitudes between -90 and 90', boxText);
  }
  if (Math.abs(west) > 180 || Math.abs(east) > 180) {
    throw invalidBox(label, 'longitudes between -180 and 180', boxText);
  }
  if (south >= north || west >= east) {
    throw invalidBox(label, 'south < north and west < east', boxText);
  }
  return { south, west, north, east };
}

/** Parses `S,W,N,E` (decimal degrees) or a named box such as `AFRICA` (any case). */
export function parseBoundingBox(text: string): BoundingBox {
  const named = NAMED_BOXES[text.trim().toUpperCase()];
  if (named !== undefined) return { ...named };

  const parts = text.split(',').map((part) => part.trim());
  const numbers = parts.map((part) => (part === '' ? NaN : Number(part)));
  if (parts.length !== 4 || numbers.some((value) => Number.isNaN(value))) {
    const names = Object.keys(NAMED_BOXES).join(', ');
    throw invalidBox('bounding box', `"S,W,N,E" in decimal degrees or one of ${names}`, text);
  }

  const [south, west, north, east] = numbers as [number, number, number, number];
  return validateBoundingBox({ south, west, north, east });
}

/** True when the point lies in the box, edges included. */
export function boxContains(box: BoundingBox, latitude: number, longitude: number): boolean {
  return (
    latitude >= box.south && latitude <= box.north && longitude >= box.west && longitude <= box.east
  );
}

/** Formats a box as `S,W,N,E`, the form `parseBoundingBox` reads. */
export function formatBoundingBox(box: BoundingBox): string {
  return `${box.south},${box.west},${box.north},${box.east}`;
}

function invalidBox(label: string, expected: string, got: string): BadInputError {
  return new BadInputError('AOD_CONFIG_INVALID', `${label}: expected ${expected}, got "${got}"`);
}
