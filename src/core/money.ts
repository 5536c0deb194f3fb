/**
 * Money is integer fen (分) inside the system and yuan with two decimals at the edges.
 * Every computed amount is rounded half-up to the fen (SPEC appendix A.1).
 */
import { AppError } from './errors.ts';

export type Fen = number & { readonly __brand: 'Fen' };

export const fen = (n: number): Fen => {
  if (!Number.isSafeInteger(n)) throw new AppError('INVALID_AMOUNT', `${n} 不是整数分`);
  return n as Fen;
};

export const ZERO = 0 as Fen;

/**
 * Parses yuan given as a number or a decimal string ("12.5", "1,234.56") into fen without
 * floating-point drift: the decimal text is split, never multiplied as a float.
 */
export function yuanToFen(yuan: number | string): Fen {
  const text = typeof yuan === 'number' ? numberToPlainString(yuan) : yuan.trim().replaceAll(',', '');
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new AppError('INVALID_AMOUNT', `“${text.slice(0, 30)}”不是有效金额`);
  const sign = m[1] ? -1 : 1;
  const whole = Number(m[2]);
  const frac = (m[3] ?? '').padEnd(3, '0');
  // half-up on the third decimal
  let cents = whole * 100 + Number(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) cents += 1;
  return fen(sign * cents);
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new AppError('INVALID_AMOUNT', `${n} 不是有效金额`);
  // toFixed(6) avoids exponent notation and keeps enough digits to round half-up at the fen.
  return n.toFixed(6);
}

/** fen → yuan as a number with at most two decimals (for JSON). */
export const fenToYuan = (f: Fen | number): number => Math.round(f) / 100;

/** fen → "1234.50" */
export function formatYuan(f: Fen | number): string {
  const sign = f < 0 ? '-' : '';
  const abs = Math.abs(f);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Multiplies an amount in fen by a decimal ratio and rounds half-up to the fen.
 * The ratio is scaled to an integer (up to 6 decimals) so the product is exact.
 */
export function mulRatio(amount: Fen | number, ratio: number): Fen {
  const SCALE = 1_000_000;
  const r = Math.round(ratio * SCALE);
  const product = BigInt(Math.round(amount)) * BigInt(r);
  return fen(Number(roundHalfUpDiv(product, BigInt(SCALE))));
}

function roundHalfUpDiv(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (a * 2n + d) / (2n * d);
  return neg ? -q : q;
}

export const addFen = (...xs: (Fen | number)[]): Fen => fen(xs.reduce<number>((s, x) => s + x, 0));
export const maxFen = (a: Fen | number, b: Fen | number): Fen => fen(Math.max(a, b));
