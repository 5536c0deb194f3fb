/**
 * One database interface over both drivers. Repositories receive a `Queryable` (the database or an
 * open transaction) explicitly; nothing reaches for a global connection.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one statement with $1…$n parameters and returns rows as objects. */
  query<R = Row>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Like `query` but also returns the affected row count (UPDATE/DELETE/INSERT). */
  execute(text: string, params?: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
  /** Rows as arrays (drizzle's proxy driver wants them this way). */
  queryArrays(text: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /**
   * Bulk load with COPY … FROM in CSV format. `csv` is CSV text without a header, either one string
   * or a stream of chunks each ending on a row boundary. Returns rows loaded.
   */
  /**
   * Rows of a SELECT in COPY text format (`COPY (select) TO …`), all at once: tab-separated fields,
   * a line per row, `\N` for null (read them with `CopyTextReader`). COPY takes no parameters: the
   * select must be complete (see `sqlInt` and friends in copy-text.ts).
   */
  copyTo(select: string): Promise<Uint8Array>;
  copyFrom(
    table: string,
    columns: readonly string[],
    data: string | Uint8Array | AsyncIterable<string | Uint8Array>,
    opts?: CopyOptions,
  ): Promise<number>;
}

export interface Tx extends Queryable {
  readonly inTransaction: true;
}

export type DriverKind = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly kind: DriverKind;
  /** How many transactions can be open at once (PGlite: one connection; PostgreSQL: the pool). */
  readonly connections: number;
  /**
   * Where another thread can open its own connection to the same database (PostgreSQL: the URL;
   * PGlite: null, the embedded database has one connection, in this process).
   */
  readonly connectionString: string | null;
  /** Runs `fn` in one transaction: everything it does through `tx` commits or fails as one. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Result-type parsing shared by both drivers so that tests see the same JS values on each. */
export const PG_TYPES = {
  INT8: 20,
  NUMERIC: 1700,
  DATE: 1082,
} as const;

/**
 * `format`: `csv` (the default) or PostgreSQL's binary COPY format (one complete stream, see
 * copy-binary.ts). `freeze`: write the rows frozen (COPY … FREEZE), so nothing rewrites their pages
 * later to set hint bits; only for a table created or truncated in the same transaction.
 */
export type CopyOptions = { format?: 'csv' | 'binary'; freeze?: boolean };
