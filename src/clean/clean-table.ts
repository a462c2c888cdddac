import type { ObservationTable } from '../observation.ts';

/** Observations after cleaning: sorted by time, with AOD at 550 nm derived per row. */
export interface CleanTable extends ObservationTable {
  /** AOD at 550 nm by the Angstrom power law; NaN when it cannot be derived. */
  aod550: Float64Array;
  /** Wavelength (nm) of the AOD the 550 nm value came from: 500, 440, or 0 when none. */
  aod550SourceNm: Uint16Array;
}
