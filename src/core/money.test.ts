import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuan, formatYuan, mulRatio, yuanToFen } from './money.ts';

describe('money in fen', () => {
  it('parses yuan without float drift and rounds half-up at the fen', () => {
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen('1,234.56')).toBe(123456);
    expect(yuanToFen('12.345')).toBe(1235);
    expect(yuanToFen('12.344')).toBe(1234);
    expect(yuanToFen(800)).toBe(80000);
    expect(yuanToFen('-3.005')).toBe(-301);
    expect(() => yuanToFen('12元')).toThrow('金额无效');
  });

  it('formats with two decimals', () => {
    expect(formatYuan(123450)).toBe('1234.50');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(fenToYuan(123456)).toBe(1234.56);
  });

  it('multiplies by ratios exactly, half-up', () => {
    expect(mulRatio(80000, 1.3)).toBe(104000);
    expect(mulRatio(210000, 0.3)).toBe(63000);
    expect(mulRatio(333, 0.5)).toBe(167); // 166.5 → 167
    expect(mulRatio(64000, 1.5)).toBe(96000);
    expect(mulRatio(1, 0.004999)).toBe(0);
  });

  it('round-trips any fen amount through its yuan text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (f) => {
        expect(yuanToFen(formatYuan(f))).toBe(f);
      }),
    );
  });
});
