/**
 * The what-if assessment 认定试算: a worker enters a household (SPEC A.2) and sees what the pack in
 * force where it lives would decide (A.3) with the explanation. Nothing is stored, so it is not a
 * read of a personal record and is not audited; its content is never logged. The household must
 * live within the worker's region (outside: 404, audited as a denied attempt).
 */
import { shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { parseRegionCode } from '../../core/region-code.ts';
import type { Queryable } from '../../db/types.ts';
import { type AssessmentResult, assess, explanationToText, validateHousehold } from '../../policy/engine.ts';
import { resolvePackFor } from '../../policy/pack-loader.ts';
import { type Actor, requireInScope, requirePermission } from '../access/index.ts';
import { requireKnownRegion } from '../regions/service.ts';
import { policyCatalog } from './catalog.ts';

export interface WhatIfAnswer {
  date: string;
  result: AssessmentResult;
  /** The explanation as readable Chinese text (as `doudi assess --explain`). */
  explanationText: string;
  pack: { id: string; version: number; name: string; region: string | null; exampleValues: boolean };
}

export async function whatIf(db: Queryable, actor: Actor, body: unknown): Promise<WhatIfAnswer> {
  requirePermission(actor, 'assess.try');
  const checked = validateHousehold(body);
  if (!checked.ok) throw new AppError('VALIDATION_FAILED', checked.errors.join('；'), checked.fields);
  const household = checked.value;
  const region = parseRegionCode(household.regionCode);
  requireInScope(actor, region, { action: 'assess.try', objectType: 'region' });
  await requireKnownRegion(db, region);
  const date = household.assessedOn ?? shanghaiDate();
  const { catalog } = await policyCatalog(db);
  const { pack } = resolvePackFor(catalog, household.regionCode, date);
  const result = assess(household, pack, date);
  const names = new Map(household.members.map((m) => [m.idNumber as string, m.name]));
  return {
    date,
    result,
    explanationText: explanationToText(result, { packName: pack.name, date, names }),
    pack: {
      id: pack.id,
      version: pack.version,
      name: pack.name,
      region: pack.region,
      exampleValues: pack.exampleValues,
    },
  };
}
