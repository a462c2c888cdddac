/** Small HTML helpers for the report: escaping, number formats and tables. */

/** Escapes text for use in HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const countFormat = new Intl.NumberFormat('en-US');

/** Formats a count with thousands separators: 1,234,567. */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** Formats a statistic with 4 significant digits, switching to exponent form far from 1. */
export function formatStatistic(value: number): string {
  if (Number.isNaN(value)) return '–';
  if (value === 0 || !Number.isFinite(value)) return String(value);

  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** Formats a share as a percentage with one decimal: 0.1234 as "12.3 %". */
export function formatShare(share: number): string {
  if (Number.isNaN(share)) return '–';
  return `${(share * 100).toFixed(1)} %`;
}

/** A table cell whose text is escaped. `numeric` right-aligns it. */
export interface Cell {
  text: string;
  numeric?: boolean;
}

/** Builds a table with one header row, escaping every text. */
export function htmlTable(headers: Cell[], rows: Cell[][], className = ''): string {
  const head = headers.map((cell) => `<th${alignClass(cell)}>${escapeHtml(cell.text)}</th>`);
  const body = rows.map((row) => {
    const cells = row.map((cell) => `<td${alignClass(cell)}>${escapeHtml(cell.text)}</td>`);
    return `<tr>${cells.join('')}</tr>`;
  });
  const classAttribute = className === '' ? '' : ` class="${escapeHtml(className)}"`;
  return [
    `<table${classAttribute}>`,
    `<thead><tr>${head.join('')}</tr></thead>`,
    `<tbody>${body.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

/** Builds a two-column table of labels and values without a header row, escaping every text. */
export function keyValueTable(rows: [string, string][]): string {
  const body = rows.map(
    ([key, value]) =>
      `<tr><th scope="row">${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`,
  );
  return `<table class="key-value">\n<tbody>${body.join('\n')}</tbody>\n</table>`;
}

/** Formats an ISO 8601 UTC time as `2019-03-01 10:20:00 UTC`, or a dash for null. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '–';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function alignClass(cell: Cell): string {
  return cell.numeric === true ? ' class="num"' : '';
}
