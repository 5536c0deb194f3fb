import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  epochDay,
  formatShanghai,
  isoOfEpochDay,
  parseIsoDate,
  shanghaiDate,
} from './dates.ts';

describe('dates in Asia/Shanghai', () => {
  it('validates calendar dates', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(() => parseIsoDate('2023-02-29')).toThrow('日期无效');
    expect(() => parseIsoDate('2024/01/01')).toThrow();
  });

  it('uses the Shanghai calendar day of an instant', () => {
    expect(shanghaiDate(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
    expect(shanghaiDate(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31');
    expect(formatShanghai(new Date('2024-12-31T16:30:00Z'))).toBe('2025-01-01 00:30:00');
  });

  it('adds days and months (clamped to month end)', () => {
    const d = parseIsoDate('2024-01-31');
    expect(addMonths(d, 1)).toBe('2024-02-29');
    expect(addMonths(d, 24)).toBe('2026-01-31');
    expect(addMonths(d, -2)).toBe('2023-11-30');
    expect(addDays(d, 1)).toBe('2024-02-01');
    expect(daysBetween(d, parseIsoDate('2024-03-01'))).toBe(30);
  });
});

describe('day numbers', () => {
  it('epochDay and isoOfEpochDay agree with Date and invert each other', () => {
    for (let day = -40_000; day < 60_000; day += 3) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(epochDay(iso)).toBe(day);
      expect(isoOfEpochDay(day)).toBe(iso);
    }
    expect(() => epochDay('2025-13-01')).toThrow(/YYYY-MM-DD/);
  });
});
