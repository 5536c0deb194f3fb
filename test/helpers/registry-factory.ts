/**
 * Factories for the low-income population database: a household with members in a given village,
 * written through the repositories (with encryption, blind index, membership, category and the
 * statistics recount), with overrides so tests never share data.
 */
import { blindIndex, encryptId, type RegistryKeys } from '../../src/core/crypto.ts';
import { birthDateOf, type IdNumber, makeIdNumber, maskIdNumber, sexOf } from '../../src/core/id-number.ts';
import type { Database } from '../../src/db/types.ts';
import * as repo from '../../src/modules/households/repository.ts';
import type { Category } from '../../src/modules/households/schema.ts';
import { recountVillages } from '../../src/modules/stats/service.ts';

let counter = 0;

/** A fresh valid ID number of someone born in `year` whose registration is in `county6`. */
export function freshIdNumber(county6: string, year = 1960, sex: 'male' | 'female' = 'male'): IdNumber {
  counter++;
  const day = String(1 + (counter % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(counter / 28) % 12)).padStart(2, '0');
  const seq = 2 * (Math.floor(counter / 336) % 499) + (sex === 'male' ? 1 : 2);
  return makeIdNumber(county6, `${year}-${month}-${day}`, seq);
}

export type MemberSpec = {
  name?: string;
  idNumber?: string;
  relation?: repo.PersonRow['relation'];
  birthYear?: number;
  monthlyIncomeFen?: number;
  laborCapacity?: string;
  seriousIllness?: boolean;
  disabilityGrade?: number | null;
  disabilityType?: string | null;
  category?: Category;
};

export type HouseholdSpec = {
  village: string;
  householdNo?: string;
  address?: string;
  members?: MemberSpec[];
  category?: Category | null;
};

export type MadeHousehold = {
  householdId: number;
  householdNo: string;
  personIds: number[];
  idNumbers: string[];
  names: string[];
};

export async function makeHousehold(
  db: Database,
  keys: RegistryKeys,
  spec: HouseholdSpec,
): Promise<MadeHousehold> {
  const members = spec.members ?? [{}];
  counter++;
  const householdNo = spec.householdNo ?? `${spec.village}-${String(70000 + counter).padStart(5, '0')}`;
  return db.transaction(async (tx) => {
    const h = await repo.insertHousehold(tx, {
      household_no: householdNo,
      region_code: spec.village,
      residence: Number(spec.village.slice(9)) < 200 ? 'urban' : 'rural',
      address: spec.address ?? `测试地址${counter}号`,
      source: 'self_declared',
      updated_by: '测试',
    });
    const out: MadeHousehold = { householdId: h.id, householdNo, personIds: [], idNumbers: [], names: [] };
    for (const [i, m] of members.entries()) {
      const id = (m.idNumber ?? freshIdNumber(spec.village.slice(0, 6), m.birthYear ?? 1960 + i)) as IdNumber;
      const name = m.name ?? `测试${String.fromCharCode(0x4e00 + ((counter * 7 + i) % 2000))}${i}`;
      const relation = m.relation ?? (i === 0 ? 'head' : 'child');
      const pid = await repo.insertPerson(tx, {
        household_id: h.id,
        region_code: spec.village,
        id_cipher: encryptId(keys, id),
        id_index: blindIndex(keys, id),
        id_mask: maskIdNumber(id),
        name,
        sex: sexOf(id),
        birth_date: birthDateOf(id),
        relation,
        monthly_income_fen: m.monthlyIncomeFen ?? 0,
        labor_capacity: m.laborCapacity ?? 'none',
        disability_grade: m.disabilityGrade ?? null,
        disability_type: m.disabilityType ?? null,
        serious_illness: m.seriousIllness ?? false,
        student_stage: null,
        employed: false,
        care_level: null,
        supporter: 'none',
        death_date: null,
        source: 'self_declared',
      });
      await repo.openMembership(tx, {
        personId: pid,
        householdId: h.id,
        relation,
        fromDate: '2020-01-01',
        reason: null,
      });
      if (m.category) {
        await repo.insertCategory(tx, {
          household_id: h.id,
          person_id: pid,
          category: m.category,
          status: 'active',
          from_date: '2024-01-01',
          reason: '测试',
          source: 'self_declared',
        });
      }
      out.personIds.push(pid);
      out.idNumbers.push(id);
      out.names.push(name);
    }
    await tx.query('UPDATE households SET head_person_id = $2 WHERE id = $1', [h.id, out.personIds[0]]);
    const category = spec.category === undefined ? 'dibao' : spec.category;
    if (category) {
      await repo.insertCategory(tx, {
        household_id: h.id,
        person_id: null,
        category,
        status: 'active',
        from_date: '2024-01-01',
        reason: '测试',
        source: 'self_declared',
      });
    }
    await recountVillages(tx, [spec.village]);
    return out;
  });
}
