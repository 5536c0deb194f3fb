/**
 * Any search exported to XLSX, one row per member, streamed (exceljs WorkbookWriter) page by page so
 * a county's roster never sits in memory. Masked by role exactly as on screen: ID numbers always
 * masked, names masked for roles without `person.names`. The export itself is audited.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RegistryKeys } from '../../core/crypto.ts';
import { fenToYuan } from '../../core/money.ts';
import type { Database } from '../../db/types.ts';
import type { Actor } from '../access/actor.ts';
import { requirePermission } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import {
  CARE_LABELS,
  CATEGORY_LABELS,
  DISABILITY_LABELS,
  LABOR_LABELS,
  RELATION_LABELS,
  RESIDENCE_LABELS,
  STUDENT_LABELS,
} from './fields.ts';
import { nameFor } from './presenter.ts';
import { PERSON_COLS, type PersonRow } from './repository.ts';
import { auditCriteria, criteriaOf, findMatches, hydrate, type SearchInput, searchRange } from './search.ts';
import * as searchRepo from './search-repo.ts';

/** More rows than this belong in a narrower search (and an XLSX sheet holds about a million). */
export const EXPORT_MAX_PEOPLE = 200_000;
const PAGE = 500;

const COLUMNS: Array<{ header: string; key: string; width: number }> = [
  { header: '户编号', key: 'householdNo', width: 20 },
  { header: '所在村(居)', key: 'region', width: 24 },
  { header: '城乡', key: 'residence', width: 6 },
  { header: '家庭住址', key: 'address', width: 28 },
  { header: '救助类别', key: 'categories', width: 18 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '身份证号', key: 'idNumber', width: 22 },
  { header: '性别', key: 'sex', width: 6 },
  { header: '出生日期', key: 'birthDate', width: 12 },
  { header: '与户主关系', key: 'relation', width: 10 },
  { header: '月收入（元）', key: 'income', width: 12 },
  { header: '劳动能力', key: 'labor', width: 12 },
  { header: '残疾', key: 'disability', width: 14 },
  { header: '重病', key: 'illness', width: 6 },
  { header: '在学阶段', key: 'student', width: 10 },
  { header: '就业', key: 'employed', width: 6 },
  { header: '照料等级', key: 'care', width: 10 },
  { header: '死亡日期', key: 'deathDate', width: 12 },
];

const label = (labels: Record<string, string>, v: string | null) => (v === null ? '' : (labels[v] ?? v));

export async function exportSearch(
  db: Database,
  keys: RegistryKeys,
  actor: Actor,
  input: SearchInput,
): Promise<Readable> {
  requirePermission(actor, 'person.read');
  requirePermission(actor, 'registry.export');
  const range = searchRange(actor, input.region);
  const criteria = criteriaOf(input);
  const category = input.category ?? null;
  await db.transaction((tx) =>
    audit(tx, db.kind, actor, {
      action: 'registry.export',
      objectType: 'registry',
      regionCode: range.regionCode,
      changes: auditCriteria(criteria, input),
    }),
  );
  const name = nameFor(actor);
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('检索结果');
  ws.columns = COLUMNS;

  const run = async () => {
    let people = 0;
    let offset = 0;
    let after: { region: string; id: number } | undefined;
    for (;;) {
      const page = { limit: PAGE, offset };
      const matches =
        criteria.by === 'region'
          ? (await searchRepo.byRegion(db, range, category, page, after)).rows
          : (await findMatches(db, keys, criteria, range, category, page)).rows;
      if (matches.length === 0) break;
      const items = await hydrate(db, matches);
      const members = await db.query<PersonRow & { household_id: number }>(
        `SELECT ${PERSON_COLS} FROM persons WHERE household_id = ANY($1::bigint[])
         ORDER BY household_id, (relation = 'head') DESC, birth_date`,
        [items.map((i) => i.householdId)],
      );
      const byHousehold = new Map<number, PersonRow[]>();
      for (const m of members) {
        const list = byHousehold.get(m.household_id!) ?? [];
        list.push(m);
        byHousehold.set(m.household_id!, list);
      }
      for (const i of items) {
        for (const p of byHousehold.get(i.householdId) ?? []) {
          ws.addRow({
            householdNo: i.householdNo,
            region: i.region.name,
            residence: label(RESIDENCE_LABELS, i.residence),
            address: i.address,
            categories: i.categories.map((c) => CATEGORY_LABELS[c]).join('、'),
            name: name(p.name),
            idNumber: p.id_mask,
            sex: p.sex === 'male' ? '男' : '女',
            birthDate: p.birth_date,
            relation: label(RELATION_LABELS, p.relation),
            income: fenToYuan(p.monthly_income_fen),
            labor: label(LABOR_LABELS, p.labor_capacity),
            disability: p.disability_grade
              ? `${label(DISABILITY_LABELS, p.disability_type)}${p.disability_grade}级`
              : '',
            illness: p.serious_illness ? '是' : '',
            student: label(STUDENT_LABELS, p.student_stage),
            employed: p.employed ? '是' : '',
            care: label(CARE_LABELS, p.care_level),
            deathDate: p.death_date ?? '',
          }).commit();
          people++;
        }
      }
      if (people >= EXPORT_MAX_PEOPLE) {
        ws.addRow({
          householdNo: `结果超过 ${EXPORT_MAX_PEOPLE} 人，仅导出前 ${people} 人，请缩小检索范围`,
        }).commit();
        break;
      }
      if (criteria.by === 'idNumber' || matches.length < PAGE) break;
      if (criteria.by === 'region') {
        const last = items[items.length - 1]!;
        after = { region: last.region.code, id: last.householdId };
      } else offset += PAGE;
    }
    ws.commit();
    await wb.commit();
  };
  run().catch((e) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}
