import { describe, expect, it } from 'vitest';
import { ancestorsOf, contains, levelOf, parentOf, parseRegionCode, prefixOf } from './region-code.ts';

describe('region codes', () => {
  it('pads prefixes to 12 digits and tells the level', () => {
    expect(parseRegionCode('22')).toBe('220000000000');
    expect(levelOf(parseRegionCode('22'))).toBe('province');
    expect(levelOf(parseRegionCode('3704'))).toBe('city');
    expect(levelOf(parseRegionCode('370402'))).toBe('county');
    expect(levelOf(parseRegionCode('370402001'))).toBe('town');
    expect(levelOf(parseRegionCode('370402001013'))).toBe('village');
  });

  it('rejects malformed codes with a Chinese message', () => {
    for (const bad of ['', '1', '123', '37040', 'abcd', '0000', '3704020010131']) {
      expect(() => parseRegionCode(bad)).toThrow(/行政区划代码无效/);
    }
  });

  it('gives parents and ancestors', () => {
    const v = parseRegionCode('370402001013');
    expect(parentOf(v)).toBe('370402001000');
    expect(ancestorsOf(v)).toEqual(['370000000000', '370400000000', '370402000000', '370402001000']);
    expect(parentOf(parseRegionCode('37'))).toBeNull();
  });

  it('handles towns directly under a city (东莞)', () => {
    const town = parseRegionCode('441900003000');
    expect(levelOf(town)).toBe('town');
    expect(ancestorsOf(town)).toEqual(['440000000000', '441900000000']);
  });

  it('contains is a prefix test on the significant digits', () => {
    const county = parseRegionCode('500230');
    expect(contains(county, parseRegionCode('500230101000'))).toBe(true);
    expect(contains(county, county)).toBe(true);
    expect(contains(parseRegionCode('500230101'), parseRegionCode('500230102000'))).toBe(false);
    expect(contains(parseRegionCode('5002301'.padEnd(9, '0')), parseRegionCode('500230102000'))).toBe(false);
    expect(prefixOf(parseRegionCode('500230101000'))).toBe('500230101');
  });
});
