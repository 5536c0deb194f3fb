/**
 * The explanation as readable Chinese text (for `doudi assess --explain` and printouts).
 */
import { formatPercent } from './compiled-pack.ts';
import type { Category } from './pack-schema.ts';
import { type AssessmentResult, CARE_NAMES, CATEGORY_NAMES, SUPPLEMENT_NAMES } from './result.ts';

const yuan = (n: number): string => n.toFixed(2);

export interface ExplainContext {
  /** Pack display name, e.g. 吉林省. */
  packName?: string;
  date?: string;
  /** idNumber → name, to show names instead of ID numbers in the entitlement list. */
  names?: ReadonlyMap<string, string>;
}

function who(idNumber: string | null, names: ReadonlyMap<string, string> | undefined): string {
  if (idNumber === null) return '全家';
  return names?.get(idNumber) ?? idNumber;
}

export function explanationToText(result: AssessmentResult, ctx: ExplainContext = {}): string {
  const lines: string[] = [];
  const cat: Category = result.category;
  lines.push(`认定结果：${CATEGORY_NAMES[cat]}`);
  const tekun = result.members.filter((m) => m.category === 'tekun').length;
  const single = result.members.filter((m) => m.category === 'dibao_single').length;
  if (tekun > 0 && cat !== 'tekun') lines.push(`  其中特困人员 ${tekun} 人`);
  if (single > 0) lines.push(`  按单人户纳入低保 ${single} 人`);
  lines.push(`每月救助金额合计：${yuan(result.monthlyAllowance)} 元`);
  lines.push(
    `适用政策：${ctx.packName ? `${ctx.packName}（${result.policy.id} 第${result.policy.version}版）` : `${result.policy.id} 第${result.policy.version}版`}` +
      `${ctx.date ? `，认定日期 ${ctx.date}` : ''}`,
  );
  lines.push('');
  lines.push('审核过程：');
  for (const e of result.explanation) {
    const mark = e.rule === 'policy' || e.rule === 'result' ? '•' : e.passed ? '✓' : '✗';
    lines.push(`  ${mark} ${e.detail}`);
  }
  if (result.entitlements.length > 0) {
    lines.push('');
    lines.push('救助待遇：');
    for (const e of result.entitlements) {
      let text = `  - ${e.name}（${who(e.idNumber, ctx.names)}）`;
      if (e.monthlyAmount !== null) text += `：${yuan(e.monthlyAmount)} 元/月`;
      if (e.code === 'dibao_supplement' && e.reason && e.reason in SUPPLEMENT_NAMES) {
        text += `，${SUPPLEMENT_NAMES[e.reason as keyof typeof SUPPLEMENT_NAMES]}`;
      } else if (e.code === 'tekun_care' && e.reason && e.reason in CARE_NAMES) {
        text += `，${CARE_NAMES[e.reason as keyof typeof CARE_NAMES]}`;
      } else if (e.ratio !== undefined) {
        text += `：${formatPercent(e.ratio)}`;
      }
      if (e.department) text += `；责任部门：${e.department}`;
      if (e.reason && e.code !== 'dibao_supplement' && e.code !== 'tekun_care') text += `；${e.reason}`;
      lines.push(text);
    }
  }
  return `${lines.join('\n')}\n`;
}
