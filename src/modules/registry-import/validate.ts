/**
 * One import row → a clean row for staging, or the reasons (in Chinese) it cannot be imported. Checks
 * that need the database (region exists and is in scope, duplicates, household consistency) run
 * later in SQL over the staged rows. Messages never contain an ID number.
 */
import { isIsoDate } from '../../core/dates.ts';
import { isAppError } from '../../core/errors.ts';
import {
  birthDateOf,
  convert15To18,
  type IdNumber,
  idNumberProblem,
  idProblemText,
  normaliseIdNumber,
  sexOf,
} from '../../core/id-number.ts';
import { yuanToFen } from '../../core/money.ts';
import type { RawRow } from './readers.ts';
import { COLUMNS, type ColumnKey, ENUMS, NO, YES } from './template.ts';

export type CleanRow = {
  rowNo: number;
  householdNo: string;
  regionCode: string;
  residence: string | null;
  address: string | null;
  idNumber: IdNumber;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  relation: string;
  incomeFen: number;
  labor: string;
  disabilityGrade: number | null;
  disabilityType: string | null;
  seriousIllness: boolean;
  studentStage: string | null;
  employed: boolean;
  careLevel: string | null;
  supporter: string;
  category: string | null;
  categoryFrom: string | null;
};

export type RowResult = { ok: true; row: CleanRow } | { ok: false; rowNo: number; message: string };

const LABEL: Record<ColumnKey, string> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.zh])) as Record<
  ColumnKey,
  string
>;

const GRADES: Record<string, number> = {
  一级: 1,
  二级: 2,
  三级: 3,
  四级: 4,
  '1级': 1,
  '2级': 2,
  '3级': 3,
  '4级': 4,
};

export function validateRow(raw: RawRow): RowResult {
  const problems = [...raw.problems];
  const c = raw.cells;
  const text = (k: ColumnKey): string | null => {
    const v = c[k]?.trim();
    return v ? v : null;
  };
  const required = (k: ColumnKey): string => {
    const v = text(k);
    if (v === null) problems.push(`缺少${LABEL[k]}`);
    return v ?? '';
  };
  const enumOf = (k: ColumnKey, mandatory: boolean): string | null => {
    const v = text(k);
    if (v === null) {
      if (mandatory) problems.push(`缺少${LABEL[k]}`);
      return null;
    }
    const code = ENUMS[k]?.get(v.toLowerCase());
    if (!code) problems.push(`${LABEL[k]}“${v.slice(0, 20)}”无效`);
    return code ?? null;
  };
  const bool = (k: ColumnKey): boolean => {
    const v = (text(k) ?? '').toLowerCase();
    if (YES.has(v)) return true;
    if (!NO.has(v)) problems.push(`${LABEL[k]}应填写“是”或“否”`);
    return false;
  };

  const householdNo = required('household_no');
  if (householdNo.length > 40) problems.push('户编号过长（最多40个字符）');
  const regionCode = required('region_code');
  if (regionCode && !/^\d{12}$/.test(regionCode)) problems.push('行政区划代码应为12位数字（村、居一级）');

  let idNumber = '' as IdNumber;
  const rawId = text('id_number');
  if (rawId === null) {
    if (!raw.problems.some((p) => p.startsWith('身份证号'))) problems.push('缺少身份证号');
  } else {
    let id = normaliseIdNumber(rawId);
    if (/^\d{15}$/.test(id)) {
      try {
        id = convert15To18(id);
      } catch (e) {
        if (!isAppError(e)) throw e;
      }
    }
    const p = idNumberProblem(id);
    if (p) problems.push(`身份证号${idProblemText(p)}`);
    else idNumber = id as IdNumber;
  }

  const name = required('name');
  if (name.length > 40) problems.push('姓名过长');
  const relation = enumOf('relation', true);
  let incomeFen = 0;
  const income = text('monthly_income');
  if (income !== null) {
    try {
      incomeFen = yuanToFen(income);
      if (incomeFen < 0) problems.push('月收入不能为负');
    } catch {
      problems.push(`月收入“${income.slice(0, 20)}”不是有效金额`);
    }
  }
  const labor = enumOf('labor_capacity', true);
  let disabilityGrade: number | null = null;
  const grade = text('disability_grade');
  if (grade !== null) {
    disabilityGrade = GRADES[grade] ?? (/^[1-4]$/.test(grade) ? Number(grade) : null);
    if (disabilityGrade === null) problems.push('残疾等级应为1–4');
  }
  const disabilityType = enumOf('disability_type', false);
  if (disabilityGrade !== null && disabilityType === null && text('disability_type') === null) {
    problems.push('有残疾等级时须填写残疾类别');
  }
  if (disabilityGrade === null && disabilityType !== null) problems.push('填写残疾类别时须填写残疾等级');
  const categoryFrom = text('category_from');
  if (categoryFrom !== null && !isIsoDate(categoryFrom)) problems.push('纳入日期应为 YYYY-MM-DD');

  const row: Omit<CleanRow, 'sex' | 'birthDate'> = {
    rowNo: raw.rowNo,
    householdNo,
    regionCode,
    residence: enumOf('residence', false),
    address: text('address'),
    idNumber,
    name,
    relation: relation ?? '',
    incomeFen,
    labor: labor ?? '',
    disabilityGrade,
    disabilityType,
    seriousIllness: bool('serious_illness'),
    studentStage: enumOf('student_stage', false),
    employed: bool('employed'),
    careLevel: enumOf('care_level', false),
    supporter: enumOf('supporter', false) ?? 'none',
    category: enumOf('category', false),
    categoryFrom,
  };
  if (problems.length > 0) return { ok: false, rowNo: raw.rowNo, message: problems.join('；') };
  return { ok: true, row: { ...row, sex: sexOf(idNumber), birthDate: birthDateOf(idNumber) } };
}
