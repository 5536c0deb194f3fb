/**
 * Test factories: households and people in the low-income database (through the households
 * module's repository), and feed files written to a temporary directory.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blindIndex, encryptId, type RegistryKeys } from '../../../core/crypto.ts';
import { birthDateOf, type IdNumber, makeIdNumber, maskIdNumber, sexOf } from '../../../core/id-number.ts';
import type { Queryable } from '../../../db/types.ts';
import * as households from '../../households/repository.ts';
import type { Category } from '../../households/schema.ts';

export type TestMember = {
  name: string;
  /** Default: a fresh one born on `birth`. */
  idNumber?: IdNumber;
  relation?: 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'other';
  birth?: string;
  incomeFen?: number;
  labor?: 'none' | 'partial' | 'full';
  disability?: { grade: number; type: string } | null;
  seriousIllness?: boolean;
  student?: string | null;
  category?: Category | null;
};

export type TestHousehold = {
  id: number;
  regionCode: string;
  members: Array<{ id: number; idNumber: IdNumber; name: string }>;
};

let serial = 0;

/** A fresh valid ID number in the county of `region` (unique within a test run). */
export function freshId(region: string, birth = '1975-05-05'): IdNumber {
  serial++;
  return makeIdNumber(region.slice(0, 6), birth, serial % 1000);
}

let householdSerial = 0;

/** Creates a household with members; `category` (household-level, default dibao) from 2024-01-01. */
export async function makeHousehold(
  q: Queryable,
  keys: RegistryKeys,
  regionCode: string,
  members: TestMember[],
  opts: { category?: Category | null; categoryFrom?: string } = {},
): Promise<TestHousehold> {
  householdSerial++;
  const h = await households.insertHousehold(q, {
    household_no: `${regionCode}-T${String(householdSerial).padStart(5, '0')}`,
    region_code: regionCode,
    residence: Number(regionCode.slice(9)) < 200 ? 'urban' : 'rural',
    address: '测试地址',
    source: 'registry_import',
    updated_by: 'test',
  });
  const out: TestHousehold = { id: h.id, regionCode, members: [] };
  for (const [i, m] of members.entries()) {
    const birth = m.birth ?? '1975-05-05';
    const idNumber = m.idNumber ?? makeIdNumber(regionCode.slice(0, 6), birth, (serial++ % 900) + 1);
    const id = await households.insertPerson(q, {
      household_id: h.id,
      region_code: regionCode,
      id_cipher: encryptId(keys, idNumber),
      id_index: blindIndex(keys, idNumber),
      id_mask: maskIdNumber(idNumber),
      name: m.name,
      sex: sexOf(idNumber),
      birth_date: birthDateOf(idNumber),
      relation: m.relation ?? (i === 0 ? 'head' : 'child'),
      monthly_income_fen: m.incomeFen ?? 0,
      labor_capacity: m.labor ?? 'full',
      disability_grade: m.disability?.grade ?? null,
      disability_type: m.disability?.type ?? null,
      serious_illness: m.seriousIllness ?? false,
      student_stage: m.student ?? null,
      employed: false,
      care_level: null,
      supporter: 'none',
      death_date: null,
      source: 'registry_import',
    });
    await households.openMembership(q, {
      personId: id,
      householdId: h.id,
      relation: m.relation ?? (i === 0 ? 'head' : 'child'),
      fromDate: '2024-01-01',
      reason: null,
    });
    if (m.category) {
      await households.insertCategory(q, {
        household_id: h.id,
        person_id: id,
        category: m.category,
        status: 'active',
        from_date: opts.categoryFrom ?? '2024-01-01',
        reason: null,
        source: 'registry_import',
      });
    }
    out.members.push({ id, idNumber, name: m.name });
  }
  await households.updateHousehold(
    q,
    h.id,
    h.version,
    { head_person_id: out.members[0]?.id ?? null },
    'test',
  );
  const category = opts.category === undefined ? 'dibao' : opts.category;
  if (category) {
    await households.insertCategory(q, {
      household_id: h.id,
      person_id: null,
      category,
      status: 'active',
      from_date: opts.categoryFrom ?? '2024-01-01',
      reason: null,
      source: 'registry_import',
    });
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'doudi-feeds-'));
let fileSerial = 0;

/** Writes a CSV feed file (first row headers) and returns its path. */
export function feedFile(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  fileSerial++;
  const path = join(dir, `feed-${fileSerial}.csv`);
  writeFileSync(path, `${[header.join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`);
  return path;
}
