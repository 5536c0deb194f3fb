/**
 * How a bulk read names a set of ids. A run's chunk is usually a dense stretch of household ids
 * (a large feed touches most households of a region, and ids are given out village by village), and
 * then `id BETWEEN lo AND hi` reads adjacent index and heap pages in one sweep where `id = ANY(ids)`
 * makes one index descent per id. A sparse set (a small push, a full run's scattered households)
 * keeps `= ANY`. A range returns a superset: `keep` drops the rows of ids outside the set.
 */
import { sqlInt, sqlIntArray } from '../../db/copy-text.ts';

export type IdSelection = {
  readonly ids: readonly number[];
  readonly lo: number;
  readonly hi: number;
  /** Read as a range (at most `DENSITY` times as many ids in the range as in the set). */
  readonly range: boolean;
  readonly set: ReadonlySet<number> | null;
};

const DENSITY = 2;

export function selectIds(ids: readonly number[]): IdSelection {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  const range = ids.length > 0 && hi - lo + 1 <= DENSITY * ids.length;
  return { ids, lo, hi, range, set: range ? new Set(ids) : null };
}

/**
 * The SQL condition on `column`, written out (a COPY statement takes no parameters; every id is
 * checked to be an integer).
 */
export function idConditionText(column: string, sel: IdSelection): string {
  return sel.range
    ? `${column} BETWEEN ${sqlInt(sel.lo)} AND ${sqlInt(sel.hi)}`
    : `${column} = ANY(${sqlIntArray(sel.ids)})`;
}

/** The rows whose id (by `idOf`) is in the selection (a range read returns a superset). */
export function keep<T>(sel: IdSelection, rows: T[], idOf: (row: T) => number | null): T[] {
  const set = sel.set;
  if (!set) return rows;
  return rows.filter((r) => {
    const id = idOf(r);
    return id !== null && set.has(id);
  });
}
