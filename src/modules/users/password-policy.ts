/**
 * Password policy: at least 8 characters, at least 3 of the 4 classes (lower, upper, digit,
 * symbol), and not on the common-password list. Returns the reasons in Chinese, empty when fine.
 */
import { readFileSync } from 'node:fs';

const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#')),
);

export const MIN_PASSWORD_LENGTH = 8;

export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`长度至少${MIN_PASSWORD_LENGTH}位`);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) problems.push('须包含大写字母、小写字母、数字、特殊字符中的至少三类');
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) problems.push('属于常见弱密码');
  if (username && username.length >= 3 && lower.includes(username.toLowerCase()))
    problems.push('不能包含用户名');
  return problems;
}
