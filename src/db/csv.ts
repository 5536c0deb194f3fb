/** CSV encoding for COPY … FROM (FORMAT csv). NULL is an unquoted empty field. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Quote everything that is not plainly safe; an empty string must be quoted to differ from NULL.
  if (s === '' || /[",\n\r]/.test(s) || s.trim() !== s) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

export function csvRow(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += csvField(values[i]);
  }
  return `${out}\n`;
}

/** Groups an iterable of rows into CSV chunks of about `chunkBytes`, each ending on a row boundary. */
export async function* csvChunks(
  rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  chunkBytes = 4 * 1024 * 1024,
): AsyncIterable<string> {
  let buf = '';
  for await (const r of rows) {
    buf += csvRow(r);
    if (buf.length >= chunkBytes) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

export const quoteIdent = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier ${name}`);
  return `"${name}"`;
};

/** The COPY … FROM statement of both drivers (`source`: STDIN, or PGlite's '/dev/blob'). */
export function copyFromSql(
  table: string,
  columns: readonly string[],
  source: string,
  opts: { format?: 'csv' | 'binary'; freeze?: boolean } = {},
): string {
  const freeze = opts.freeze ? ', FREEZE' : '';
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(',')}) FROM ${source} WITH (FORMAT ${opts.format ?? 'csv'}${freeze})`;
}
