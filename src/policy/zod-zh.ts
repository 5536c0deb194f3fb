/**
 * Chinese messages for zod issues, each naming the field path (`standards.dibao.urban：应为正数`,
 * `members[0].idNumber：身份证号码校验码错误`). Used for policy packs and households alike, without
 * touching zod's global configuration (other modules keep their own messages).
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** `['members', 0, 'idNumber']` → `members[0].idNumber`; the empty path is `（根）`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '（根）' : out;
}

const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文本',
  boolean: 'true 或 false',
  object: '对象',
  array: '列表',
  null: 'null',
  date: '日期',
  record: '对象',
};

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `“${v.slice(0, 30)}”`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return '列表';
  if (typeof v === 'object') return '对象';
  return String(v);
}

const MISSING = Symbol('missing');

/** The value at `path` in the parsed data (zod v4 does not report inputs by default). */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (typeof v !== 'object' || v === null || !(key in v)) return MISSING;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function messageOf(issue: Issue, data: unknown): string {
  const input = issue.input !== undefined ? issue.input : valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (input === MISSING || input === undefined) return '缺少此字段（必填）';
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}，实际为 ${describeValue(input)}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '不能为空' : `长度至少为 ${min}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return min <= 1 ? '至少需要一项' : `至少需要 ${min} 项`;
      if (min === 0) return issue.inclusive ? '不能为负数' : '应为正数';
      return issue.inclusive ? `应不小于 ${min}` : `应大于 ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `长度不能超过 ${max}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      return issue.inclusive ? `应不大于 ${max}` : `应小于 ${max}`;
    }
    case 'invalid_value': {
      const actual =
        input === MISSING || input === undefined ? '缺少此字段' : `实际为 ${describeValue(input)}`;
      return `应为以下之一：${issue.values.map(String).join('、')}（${actual}）`;
    }
    case 'not_multiple_of':
      return `应为 ${issue.divisor} 的整数倍`;
    case 'invalid_union':
      return '格式不正确';
    case 'invalid_key':
      return `字段名不正确：${issue.issues.map((i) => messageOf(i, undefined)).join('；')}`;
    case 'invalid_format':
      // Every format check in this module carries its own Chinese message.
      return /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '格式不正确';
    default:
      return /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '无效';
  }
}

/**
 * One line per problem: `path：message`. Unknown keys give one line each, naming the key. Pass the
 * parsed data so that messages can quote the offending value.
 */
export function formatIssues(issues: readonly Issue[], data?: unknown): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push(`${formatPath([...issue.path, key])}：未知字段（拼写是否有误？）`);
    } else {
      out.push(`${formatPath(issue.path)}：${messageOf(issue, data)}`);
    }
  }
  return out;
}

/** `{ 'standards.dibao.urban': '应为正数' }` for forms and API error bodies (first message per field). */
export function issueFields(issues: readonly Issue[], data?: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of formatIssues(issues, data)) {
    const i = line.indexOf('：');
    const key = line.slice(0, i);
    if (!(key in fields)) fields[key] = line.slice(i + 1);
  }
  return fields;
}
