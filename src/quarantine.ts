/**
 * Rows set aside by ingest or clean, with the reason. Nothing read is silently lost: every row
 * either reaches the cleaned table or becomes one quarantine record.
 */

export const QUARANTINE_REASONS = {
  malformed_row: 'the row does not parse: wrong field count, a non-number or an invalid date',
  truncated_row: 'the last line of the file is cut short',
  impossible_value: 'a value is outside its physically possible range',
  no_target: 'neither AOD at 500 nm nor at 440 nm with an Angstrom exponent is present',
  duplicate: 'an earlier row has the same site and time',
} as const;

export type QuarantineReason = keyof typeof QUARANTINE_REASONS;

export interface QuarantineRecord {
  reason: QuarantineReason;
  /** File path or request URL the row came from. */
  source: string;
  /** 1-based line in the source. */
  line: number;
  site: string | null;
  /** Observation time as ISO 8601 UTC, when it could be read. */
  time: string | null;
  /** Column the rule looked at, when one column decided. */
  field: string | null;
  /** Offending value as text, when one value decided. */
  value: string | null;
  /** Expected-versus-got sentence for a person. */
  detail: string;
}
