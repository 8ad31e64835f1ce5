/**
 * A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends. Enough for the
 * published unit lists; a malformed file throws with its line number instead of guessing.
 */

/** Parses CSV text into records keyed by the header row. @throws Error on a ragged or unterminated row. */
export function parseCsv(text: string, origin = 'csv'): Record<string, string>[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let line = 1;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line += 1;
    } else {
      field += ch;
    }
  }
  if (quoted) throw new Error(`${origin}: unterminated quoted field at line ${line}`);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...records] = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) throw new Error(`${origin}: empty file`);
  return records.map((record, index) => {
    if (record.length !== header.length) {
      throw new Error(`${origin}: line ${index + 2} has ${record.length} fields, the header has ${header.length}`);
    }
    return Object.fromEntries(header.map((name, column) => [name, record[column] ?? '']));
  });
}
