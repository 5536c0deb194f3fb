import { describe, expect, it } from 'vitest';
import { sortKey } from './timeline.ts';

describe('timeline order', () => {
  it('orders Shanghai calendar days against UTC instants', () => {
    // 05:21 Beijing time on 23 Nov is 21:21 UTC on 22 Nov: it is on the 23rd, after its midnight.
    expect(sortKey('2026-11-23')).toBe('2026-11-22T16:00:00.000Z');
    expect(sortKey('2026-11-22T21:21:00.000Z') > sortKey('2026-11-23')).toBe(true);
    expect(sortKey('2026-11-22T15:59:00.000Z') < sortKey('2026-11-23')).toBe(true);
  });
});
