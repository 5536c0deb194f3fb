import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from './mask.ts';

describe('masking for public notices', () => {
  it('masks names as the notice rule shows (张*三)', () => {
    expect(maskName('张小三')).toBe('张*三');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('王')).toBe('王');
  });
  it('masks phone numbers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
