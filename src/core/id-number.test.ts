import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  birthDateOf,
  checkCharacter,
  convert15To18,
  idNumberProblem,
  isIdNumber,
  makeIdNumber,
  maskIdNumber,
  parseIdNumber,
  sexOf,
} from './id-number.ts';

describe('ID number (GB 11643)', () => {
  it('accepts the standard example and computes its check character', () => {
    // The worked example of GB 11643-1999: 11010519491231002X
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(isIdNumber('11010519491231002X')).toBe(true);
    expect(parseIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('names the problem: format, impossible birth date, checksum', () => {
    expect(idNumberProblem('1101051949123100')).toBe('format');
    expect(idNumberProblem('11010519490230002X')).toBe('birthDate');
    expect(idNumberProblem('110105194912310021')).toBe('checksum');
    expect(() => parseIdNumber('110105194912310021')).toThrow('校验码错误');
  });

  it('derives birth date, sex and age', () => {
    const id = parseIdNumber('11010519491231002X');
    expect(birthDateOf(id)).toBe('1949-12-31');
    expect(sexOf(id)).toBe('female'); // 17th digit 2 is even
    expect(ageOn(id, '2009-12-30')).toBe(59);
    expect(ageOn(id, '2009-12-31')).toBe(60);
  });

  it('handles 29 February birthdays', () => {
    const id = makeIdNumber('500103', '2000-02-29', 11);
    expect(ageOn(id, '2018-02-28')).toBe(17);
    expect(ageOn(id, '2018-03-01')).toBe(18);
  });

  it('converts 15-digit numbers to 18 digits', () => {
    expect(convert15To18('110105491231002')).toBe('11010519491231002X');
    expect(() => convert15To18('11010549123100')).toThrow();
  });

  it('masks all but the first 3 and last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
  });

  it('makeIdNumber always yields valid numbers, and any single-digit change breaks them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.date({ min: new Date('1900-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (seq, d, pos, delta) => {
          const id = makeIdNumber('370402', d.toISOString().slice(0, 10), seq);
          expect(isIdNumber(id)).toBe(true);
          const digit = (Number(id[pos]) + delta) % 10;
          const changed = `${id.slice(0, pos)}${digit}${id.slice(pos + 1)}`;
          expect(idNumberProblem(changed)).not.toBeNull();
        },
      ),
    );
  });
});
