/**
 * What the import dialog reads of a CSV file before sending it (the server parses it again, and has the last word):
 * the text (UTF-8, else GBK as Chinese spreadsheets save it), the header and the first rows for the mapping, and a
 * report of rejected rows as a CSV file to download (pure: unit-tested).
 */

/** The file's text: UTF-8 when it is valid UTF-8 (a BOM dropped), else GBK. */
export function decode(bytes: Uint8Array): { text: string; encoding: 'UTF-8' | 'GBK' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'GBK' };
  }
}

/** The first lines of a CSV text as fields (RFC 4180 quotes, "" inside them; CRLF or LF). */
export function parseLines(text: string, max: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < max; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (rows.length < max && (field !== '' || row.length > 0)) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The field a column goes to by default: phone-like headers to phone, name-like to name, time zones to timezone. */
export function guessField(header: string): string {
  const h = header.trim().toLowerCase();
  if (/^(phone|mobile|tel|telephone|number|电话|手机|手机号|号码|电话号码)$/.test(h)) {
    return 'phone';
  }
  if (/^(name|full ?name|customer|姓名|客户|客户姓名|名字)$/.test(h)) {
    return 'name';
  }
  if (/^(timezone|time ?zone|tz|时区)$/.test(h)) {
    return 'timezone';
  }
  return h;
}

/** The mapping as the API takes it: header=field, ignored columns left out. */
export function mapParams(mapping: Record<string, string | null>): string[] {
  return Object.entries(mapping)
    .filter(([, f]) => f)
    .map(([h, f]) => `${h}=${f}`);
}

function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The rejected rows as a CSV file (line, reason, the row as it was), with a BOM so spreadsheets read it as UTF-8. */
export function rejectedCsv(rows: { line: number; reason?: string | null; raw?: string | null }[], header: [string, string, string]): string {
  return '\uFEFF' + [header.map(cell).join(','), ...rows.map((r) => [String(r.line), cell(r.reason ?? ''), cell(r.raw ?? '')].join(','))].join('\r\n') + '\r\n';
}
