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
import { type ImportRecord, type RawRow, rawRowOf } from './readers.ts';
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

// ---------------------------------------------------------------------------------------------
// The fast path

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

const digitAt = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

/** An 18-character ID number (upper-case X) that `idNumberProblem` accepts; anything else false. */
function plainIdNumber(id: string): boolean {
  if (id.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = digitAt(id, i);
    if (d < 0) return false;
    sum += d * ID_WEIGHTS[i]!;
  }
  const last = id.charCodeAt(17);
  if (!((last >= 48 && last <= 57) || last === 88)) return false;
  const y = digitAt(id, 6) * 1000 + digitAt(id, 7) * 100 + digitAt(id, 8) * 10 + digitAt(id, 9);
  const m = digitAt(id, 10) * 10 + digitAt(id, 11);
  const d = digitAt(id, 12) * 10 + digitAt(id, 13);
  if (y < 1850 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!)) return false;
  return ID_CHECK.charCodeAt(sum % 11) === last;
}

/** Plain yuan ("1234", "1234.5", "1234.56") → fen, as `yuanToFen` gives it; -1 for anything else. */
function plainFen(s: string): number {
  const n = s.length;
  if (n === 0 || n > 12) return -1;
  let whole = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return -1;
    whole = whole * 10 + (c - 48);
  }
  if (i === 0 || i > 9) return -1;
  if (i === n) return whole * 100;
  const decimals = n - i - 1;
  if (decimals < 1 || decimals > 2) return -1;
  const d1 = digitAt(s, i + 1);
  const d2 = decimals === 2 ? digitAt(s, i + 2) : 0;
  if (d1 < 0 || d2 < 0) return -1;
  return whole * 100 + d1 * 10 + d2;
}

const isDigits = (s: string, n: number): boolean => {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) if (digitAt(s, i) < 0) return false;
  return true;
};

/** Enum lookup as `validateRow` does it (lower-cased), trying the value as it is first. */
const lookup = (m: Map<string, string>, v: string): string | undefined => m.get(v) ?? m.get(v.toLowerCase());

const cell = (f: readonly string[], i: number): string => (i >= 0 && i < f.length ? f[i]!.trim() : '');

/** An optional enum cell: null when empty, undefined when not a known wording. */
const optional = (f: readonly string[], i: number, m: Map<string, string>): string | null | undefined => {
  const v = cell(f, i);
  return v === '' ? null : lookup(m, v);
};

const FAST_ENUM = (k: ColumnKey): Map<string, string> => ENUMS[k]!;

/**
 * A validator for rows read with these column keys: rows it can decide quickly (the ordinary,
 * valid ones) it decides on the spot; any row with something to report, or anything unusual, goes
 * to `validateRow`, so that accepted rows and messages are exactly those of `validateRow`.
 */
export function compileValidator(
  keys: ReadonlyArray<ColumnKey | undefined>,
): (rec: ImportRecord) => RowResult {
  const at = {} as Record<ColumnKey, number>;
  for (const c of COLUMNS) at[c.key] = -1;
  let duplicate = false;
  keys.forEach((k, i) => {
    if (!k) return;
    if (at[k] >= 0) duplicate = true;
    at[k] = i;
  });
  const slow = (rec: ImportRecord): RowResult => validateRow(rawRowOf(keys, rec));
  if (duplicate) return slow;

  const residenceMap = FAST_ENUM('residence');
  const relationMap = FAST_ENUM('relation');
  const laborMap = FAST_ENUM('labor_capacity');
  const typeMap = FAST_ENUM('disability_type');
  const stageMap = FAST_ENUM('student_stage');
  const careMap = FAST_ENUM('care_level');
  const supporterMap = FAST_ENUM('supporter');
  const categoryMap = FAST_ENUM('category');
  const dates = new Map<string, boolean>();
  const iHousehold = at.household_no;
  const iRegion = at.region_code;
  const iResidence = at.residence;
  const iAddress = at.address;
  const iId = at.id_number;
  const iName = at.name;
  const iRelation = at.relation;
  const iIncome = at.monthly_income;
  const iLabor = at.labor_capacity;
  const iGrade = at.disability_grade;
  const iType = at.disability_type;
  const iIll = at.serious_illness;
  const iStage = at.student_stage;
  const iEmployed = at.employed;
  const iCare = at.care_level;
  const iSupporter = at.supporter;
  const iCategory = at.category;
  const iFrom = at.category_from;

  return (rec) => {
    if (rec.problems) return slow(rec);
    const f = rec.fields;
    const householdNo = cell(f, iHousehold);
    if (householdNo === '' || householdNo.length > 40) return slow(rec);
    const regionCode = cell(f, iRegion);
    if (!isDigits(regionCode, 12)) return slow(rec);
    let idNumber = cell(f, iId);
    if (idNumber.length !== 18) return slow(rec);
    if (idNumber.charCodeAt(17) === 120) idNumber = idNumber.toUpperCase();
    if (!plainIdNumber(idNumber)) return slow(rec);
    const name = cell(f, iName);
    if (name === '' || name.length > 40) return slow(rec);
    const relation = lookup(relationMap, cell(f, iRelation));
    if (relation === undefined) return slow(rec);
    const incomeText = cell(f, iIncome);
    const incomeFen = incomeText === '' ? 0 : plainFen(incomeText);
    if (incomeFen < 0) return slow(rec);
    const labor = lookup(laborMap, cell(f, iLabor));
    if (labor === undefined) return slow(rec);
    const grade = cell(f, iGrade);
    let disabilityGrade: number | null = null;
    if (grade !== '') {
      if (Object.hasOwn(GRADES, grade)) disabilityGrade = GRADES[grade]!;
      else if (grade.length === 1 && grade >= '1' && grade <= '4') disabilityGrade = Number(grade);
      else return slow(rec);
    }
    const typeText = cell(f, iType);
    let disabilityType: string | null = null;
    if (typeText !== '') {
      disabilityType = lookup(typeMap, typeText) ?? null;
      if (disabilityType === null) return slow(rec);
    }
    if ((disabilityGrade === null) !== (disabilityType === null)) return slow(rec);
    const ill = cell(f, iIll).toLowerCase();
    const seriousIllness = YES.has(ill);
    if (!seriousIllness && !NO.has(ill)) return slow(rec);
    const emp = cell(f, iEmployed).toLowerCase();
    const employed = YES.has(emp);
    if (!employed && !NO.has(emp)) return slow(rec);
    const residence = optional(f, iResidence, residenceMap);
    const studentStage = optional(f, iStage, stageMap);
    const careLevel = optional(f, iCare, careMap);
    const supporter = optional(f, iSupporter, supporterMap);
    const category = optional(f, iCategory, categoryMap);
    if (
      residence === undefined ||
      studentStage === undefined ||
      careLevel === undefined ||
      supporter === undefined ||
      category === undefined
    ) {
      return slow(rec);
    }
    const from = cell(f, iFrom);
    if (from !== '') {
      let ok = dates.get(from);
      if (ok === undefined) {
        ok = isIsoDate(from);
        if (dates.size < 10_000) dates.set(from, ok);
      }
      if (!ok) return slow(rec);
    }
    const address = cell(f, iAddress);
    const id = idNumber as IdNumber;
    return {
      ok: true,
      row: {
        rowNo: rec.rowNo,
        householdNo,
        regionCode,
        residence,
        address: address === '' ? null : address,
        idNumber: id,
        name,
        relation,
        incomeFen,
        labor,
        disabilityGrade,
        disabilityType,
        seriousIllness,
        studentStage,
        employed,
        careLevel,
        supporter: supporter ?? 'none',
        category,
        categoryFrom: from === '' ? null : from,
        sex: sexOf(id),
        birthDate: birthDateOf(id),
      },
    };
  };
}
