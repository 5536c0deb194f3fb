/** The tamper-evidence rule, pure: each row's hash covers its content and the previous row's hash. */
import { canonicalJson, sm3Hex } from '../../core/sm.ts';
import type { AuditRow } from './repository.ts';

export type HashedContent = Omit<AuditRow, 'seq' | 'hash'>;

export function rowHash(content: HashedContent): string {
  return sm3Hex(canonicalJson(content));
}

export type ChainBreak = { seq: number; reason: 'edited' | 'reordered_or_deleted' };

/** Checks rows in seq order continuing from `prevHash`; returns the first break or null. */
export function checkRows(
  rows: readonly AuditRow[],
  prevHash: string,
): { broken: ChainBreak | null; last: string; intact: number } {
  let prev = prevHash;
  let intact = 0;
  for (const r of rows) {
    const { seq: _seq, hash, ...content } = r;
    if (r.prev_hash !== prev)
      return { broken: { seq: r.seq, reason: 'reordered_or_deleted' }, last: prev, intact };
    if (rowHash(content) !== hash) return { broken: { seq: r.seq, reason: 'edited' }, last: prev, intact };
    prev = hash;
    intact++;
  }
  return { broken: null, last: prev, intact };
}
