/**
 * Deployments and outages of the simulated instruments at a sample site.
 *
 * AERONET swaps a site's Cimel for a freshly calibrated one about once a year. So the sample
 * data change instrument number every 10-14 months, with a gap of 3-12 days at each swap.
 * About half the deployments also lose 5-20 days to a breakdown. Both spans are
 * illustrative choices, not statistics of the network.
 */
import type { SampleInstrument } from './sample-observation.ts';
import type { SeededRandom } from './seeded-random.ts';
import { STANDARD_WAVELENGTHS_NM } from './spectral-aod.ts';

const MS_PER_DAY = 86_400_000;

/** A span of whole UTC days, both ends included. */
export interface DaySpan {
  firstDayMs: number;
  lastDayMs: number;
}

export interface InstrumentPlan {
  instruments: SampleInstrument[];
  outages: DaySpan[];
}

/** Plans deployments and outages covering the days from `firstDayMs` to `lastDayMs`. */
export function planInstruments(
  random: SeededRandom,
  firstDayMs: number,
  lastDayMs: number,
): InstrumentPlan {
  const instruments: SampleInstrument[] = [];
  const outages: DaySpan[] = [];
  const usedNumbers = new Set<number>();

  // The first instrument was installed before the requested range, so its stay here is shorter.
  let startMs = firstDayMs;
  let stayDays = random.integer(60, 420);
  while (startMs <= lastDayMs) {
    const endMs = Math.min(startMs + (stayDays - 1) * MS_PER_DAY, lastDayMs);
    instruments.push(createInstrument(random, usedNumbers, startMs, endMs));

    const outage = planOutage(random, startMs, endMs);
    if (outage !== undefined) outages.push(outage);

    const swapGapDays = random.integer(3, 12);
    startMs = endMs + (1 + swapGapDays) * MS_PER_DAY;
    stayDays = random.integer(300, 420);
  }
  return { instruments, outages };
}

/** Returns the instrument measuring on a day, or undefined during a swap gap or an outage. */
export function instrumentOnDay(plan: InstrumentPlan, dayMs: number): SampleInstrument | undefined {
  const down = plan.outages.some((span) => dayMs >= span.firstDayMs && dayMs <= span.lastDayMs);
  if (down) return undefined;

  return plan.instruments.find(
    (instrument) => dayMs >= instrument.firstDayMs && dayMs <= instrument.lastDayMs,
  );
}

function createInstrument(
  random: SeededRandom,
  usedNumbers: Set<number>,
  firstDayMs: number,
  lastDayMs: number,
): SampleInstrument {
  let number = random.integer(100, 1300);
  while (usedNumbers.has(number)) number = random.integer(100, 1300);
  usedNumbers.add(number);

  // Each filter's centre wavelength is off its nominal value by up to about 1 nm, as the
  // Exact_Wavelengths columns of real files show (e.g. 1.0197, 0.8695, 0.5012 um).
  const exactWavelengthsUm = STANDARD_WAVELENGTHS_NM.map((nm) =>
    roundTo4(nm / 1000 + (random.uniform() - 0.5) * 0.002),
  );
  return {
    number,
    exactWavelengthsUm,
    waterVapourWavelengthUm: roundTo4(0.9355 + random.uniform() * 0.0025),
    has1640: random.uniform() < 0.6,
    hasUltraviolet: random.uniform() < 0.85,
    firstDayMs,
    lastDayMs,
  };
}

function planOutage(
  random: SeededRandom,
  firstDayMs: number,
  lastDayMs: number,
): DaySpan | undefined {
  const broke = random.uniform() < 0.5;
  const lengthDays = random.integer(5, 20);
  const spanDays = Math.round((lastDayMs - firstDayMs) / MS_PER_DAY) + 1;
  const offsetDays = random.integer(0, Math.max(0, spanDays - lengthDays));
  if (!broke || spanDays < 2 * lengthDays) return undefined;

  const startMs = firstDayMs + offsetDays * MS_PER_DAY;
  return { firstDayMs: startMs, lastDayMs: startMs + (lengthDays - 1) * MS_PER_DAY };
}

function roundTo4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
