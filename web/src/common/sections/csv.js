// The CSV of a list (the report's export button, listing.js): the column names as header (as in
// the CSV files winnow writes), then the raw values of the rows; fields with a comma, quote or
// line break are quoted (RFC 4180), lines end in CRLF. No DOM: unit-tested in Node.

/** One CSV field. */
function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'boolean' ? (v ? 'true' : '') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV, the columns' ids ({id}) as header. */
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvField(c.id)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c.id])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
