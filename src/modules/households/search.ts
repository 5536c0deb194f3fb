/**
 * Registry search: by ID number (blind index), name (prefix), household number (prefix) or region,
 * optionally by category; paginated; always inside the caller's scope. Each search is audited with
 * its criteria (ID numbers masked) and the number of results.
 */
import { z } from 'zod';
import { blindIndex, type RegistryKeys } from '../../core/crypto.ts';
import { shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { idNumberProblem, idProblemText, maskIdNumber, normaliseIdNumber } from '../../core/id-number.ts';
import { parseRegionCode } from '../../core/region-code.ts';
import type { Database, Queryable } from '../../db/types.ts';
import type { Actor } from '../access/actor.ts';
import { rangeOf, requireInScope, requirePermission, scopeOf } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { CATEGORIES, type Category } from './schema.ts';
import * as repo from './search-repo.ts';

export const searchSchema = z.object({
  /** Free text: an ID number, a household number, or a name. */
  q: z.string().trim().max(60, '检索词过长').optional(),
  idNumber: z.string().trim().max(20).optional(),
  name: z.string().trim().max(40).optional(),
  householdNo: z.string().trim().max(40).optional(),
  region: z
    .string()
    .regex(/^\d{2,12}$/, '行政区划代码应为数字')
    .optional(),
  category: z.enum(CATEGORIES, { message: '救助类别无效' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type SearchInput = z.infer<typeof searchSchema>;

export type Criteria =
  | { by: 'idNumber'; idNumber: string }
  | { by: 'name'; name: string }
  | { by: 'householdNo'; householdNo: string }
  | { by: 'region' };

export type SearchItem = {
  householdId: number;
  householdNo: string;
  region: { code: string; name: string };
  residence: string;
  address: string;
  head: { personId: number; name: string; idMask: string } | null;
  memberCount: number;
  categories: Category[];
  monitored: boolean;
  matched: Array<{ personId: number; name: string; idMask: string }>;
};

export type SearchResult = { items: SearchItem[]; total: number; totalIsLowerBound: boolean };

/** Which search a request asks for; free text is an ID number, a household number or a name. */
export function criteriaOf(input: SearchInput): Criteria {
  const text = input.q?.trim();
  if (input.idNumber) return { by: 'idNumber', idNumber: input.idNumber };
  if (input.householdNo) return { by: 'householdNo', householdNo: input.householdNo };
  if (input.name) return { by: 'name', name: input.name };
  if (!text) return { by: 'region' };
  if (/^\d{17}[\dXx]$/.test(text)) return { by: 'idNumber', idNumber: text };
  if (/^\d{6,}(-\d*)?$/.test(text)) return { by: 'householdNo', householdNo: text };
  return { by: 'name', name: text };
}

function validId(raw: string): string {
  const id = normaliseIdNumber(raw);
  const problem = idNumberProblem(id);
  if (problem) throw new AppError('INVALID_ID_NUMBER', idProblemText(problem));
  return id;
}

/** The code range searched: the region asked for (inside scope, 404 otherwise) or the whole scope. */
export function searchRange(
  actor: Actor,
  region: string | undefined,
): repo.Range & { regionCode: string | null } {
  if (!region) {
    const s = scopeOf(actor);
    return { lo: s.lo, hi: s.hi, regionCode: actor.kind === 'user' ? actor.regionCode : null };
  }
  const code = parseRegionCode(region);
  requireInScope(actor, code, { action: 'registry.search', objectType: 'region', objectId: code });
  const r = rangeOf(code);
  return { lo: r.lo, hi: r.hi, regionCode: code };
}

export async function findMatches(
  q: Queryable,
  keys: RegistryKeys,
  criteria: Criteria,
  range: repo.Range,
  category: Category | null,
  page: repo.Page,
): Promise<{ rows: repo.Match[]; total: number }> {
  switch (criteria.by) {
    case 'idNumber': {
      const rows = await repo.byIdIndex(q, blindIndex(keys, validId(criteria.idNumber)), range);
      return { rows: page.offset === 0 ? rows : [], total: rows.length };
    }
    case 'name':
      return repo.byName(q, criteria.name, range, category, page);
    case 'householdNo':
      return repo.byHouseholdNo(q, criteria.householdNo, range, page);
    default:
      return repo.byRegion(q, range, category, page);
  }
}

/** Turns matches (household, matched person) into one item per household, in match order. */
export async function hydrate(q: Queryable, matches: readonly repo.Match[]): Promise<SearchItem[]> {
  const order: number[] = [];
  const matchedBy = new Map<number, number[]>();
  for (const m of matches) {
    if (!matchedBy.has(m.household_id)) {
      matchedBy.set(m.household_id, []);
      order.push(m.household_id);
    }
    if (m.person_id !== null) matchedBy.get(m.household_id)!.push(m.person_id);
  }
  const rows = await repo.summaries(q, order, shanghaiDate());
  const people = await repo.personsBrief(q, [...matchedBy.values()].flat());
  const byId = new Map(rows.map((r) => [r.id, r]));
  const personById = new Map(people.map((p) => [p.id, p]));
  return order
    .map((id) => byId.get(id))
    .filter((r): r is repo.SummaryRow => r !== undefined)
    .map((r) => ({
      householdId: r.id,
      householdNo: r.household_no,
      region: { code: r.region_code, name: r.region_name ?? r.region_code },
      residence: r.residence,
      address: r.address,
      head:
        r.head_person_id && r.head_name
          ? { personId: r.head_person_id, name: r.head_name, idMask: r.head_mask ?? '' }
          : null,
      memberCount: r.members,
      categories: r.categories,
      monitored: r.monitored,
      matched: (matchedBy.get(r.id) ?? [])
        .map((pid) => personById.get(pid))
        .filter((p) => p !== undefined)
        .map((p) => ({ personId: p.id, name: p.name, idMask: p.id_mask })),
    }));
}

/** What the audit log keeps of the criteria: never a clear ID number. */
export function auditCriteria(c: Criteria, input: SearchInput): Record<string, unknown> {
  const out: Record<string, unknown> = {
    by: c.by,
    region: input.region ?? null,
    category: input.category ?? null,
  };
  if (c.by === 'idNumber') out.idNumber = maskIdNumber(normaliseIdNumber(c.idNumber));
  if (c.by === 'name') out.name = c.name;
  if (c.by === 'householdNo') out.householdNo = c.householdNo;
  return out;
}

export async function search(
  db: Database,
  keys: RegistryKeys,
  actor: Actor,
  input: SearchInput,
): Promise<SearchResult> {
  requirePermission(actor, 'person.read');
  const range = searchRange(actor, input.region);
  const criteria = criteriaOf(input);
  return db.transaction(async (tx) => {
    const { rows, total } = await findMatches(tx, keys, criteria, range, input.category ?? null, input);
    const items = await hydrate(tx, rows);
    await audit(tx, db.kind, actor, {
      action: 'registry.search',
      objectType: 'registry',
      regionCode: range.regionCode,
      changes: { ...auditCriteria(criteria, input), results: items.length },
    });
    return { items, total: Math.min(total, repo.COUNT_CAP), totalIsLowerBound: total > repo.COUNT_CAP };
  });
}
