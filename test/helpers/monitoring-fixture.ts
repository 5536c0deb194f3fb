/**
 * Access fixture of 动态监测预警: in a village of the victim's region, a household whose members a
 * department feed reports unemployed (a warning with its task, a batch, an incremental run), a lead
 * in that village (a 防止返贫 row naming the household head), and a department API key there.
 * Every monitoring and feed route must refuse outsiders these.
 */
import type { IsoDate } from '../../src/core/dates.ts';
import { makeIdNumber } from '../../src/core/id-number.ts';
import { SYSTEM_ACTOR } from '../../src/modules/access/index.ts';
import { makeHousehold } from '../../src/modules/monitoring/__fixtures__/registry.ts';
import { createApiKey } from '../../src/modules/monitoring/api-keys.ts';
import { importFeed } from '../../src/modules/monitoring/import.ts';
import type { FixtureBuilder } from './access-fixtures.ts';

export const monitoringFixture: FixtureBuilder = async (ctx, victim) => {
  const lo = victim.replace(/0+$/, '').padEnd(12, '0');
  const hi = victim.replace(/0+$/, '').padEnd(12, '9');
  const [village] = await ctx.db.query<{ code: string }>(
    "SELECT code FROM regions WHERE level = 'village' AND code BETWEEN $1 AND $2 ORDER BY code DESC LIMIT 1",
    [lo, hi],
  );
  const h = await ctx.db.transaction((tx) =>
    makeHousehold(tx, ctx.keys, village!.code, [
      { name: '预警受害户主' },
      { name: '预警受害配偶', relation: 'spouse' },
    ]),
  );
  const head = h.members[0]!;
  const stranger = makeIdNumber(victim.slice(0, 6), '1988-08-08', 88);
  const opts = { today: '2025-03-15' as IsoDate, runDate: '2025-03-15' as IsoDate, regionCode: victim };
  const r = await importFeed(
    ctx.db,
    ctx,
    SYSTEM_ACTOR,
    'unemployment',
    {
      kind: 'rows',
      rows: [
        { id_number: head.idNumber, name: '预警受害户主', registered_on: '2025-02-03' },
        { id_number: h.members[1]!.idNumber, name: '预警受害配偶', registered_on: '2025-02-04' },
      ],
    },
    opts,
  );
  await importFeed(
    ctx.db,
    ctx,
    SYSTEM_ACTOR,
    'relapse_monitor',
    {
      kind: 'rows',
      rows: [
        {
          id_number: stranger,
          name: '线索受害人',
          monitor_type: '突发严重困难户',
          household_head_id: head.idNumber,
          identified_on: '2025-01-05',
        },
      ],
    },
    opts,
  );
  const [w] = await ctx.db.query<{ id: number }>(
    'SELECT id FROM warnings WHERE household_id = $1 ORDER BY id LIMIT 1',
    [h.id],
  );
  const [lead] = await ctx.db.query<{ id: number }>(
    `SELECT id FROM monitoring_leads WHERE name = '线索受害人'`,
  );
  const key = await createApiKey(ctx.db, SYSTEM_ACTOR, {
    name: '受害部门系统',
    department: '人社',
    regionCode: victim,
    feedTypes: ['unemployment'],
  });
  return {
    params: {
      warningId: String(w!.id),
      leadId: String(lead!.id),
      batchId: String(r.batch.id),
      runId: String(r.run!.id),
      keyId: String(key.record.id),
      feedType: 'unemployment',
    },
    bodies: {
      'POST /api/monitoring/warnings/:warningId/visits': {
        visitedOn: '2025-03-01',
        visitors: ['越权核查人'],
        findings: '越权登记的核查记录',
        result: 'not_confirmed',
      },
      'POST /api/monitoring/warnings/:warningId/handling': { route: 'no_action', reason: '越权处置' },
      'PATCH /api/monitoring/leads/:leadId': { status: 'dismissed', note: '越权' },
      'POST /api/monitoring/leads/:leadId/reveal-id': { reason: '越权查看' },
      'POST /api/feeds/keys': {
        name: '越权密钥',
        department: '教育',
        regionCode: victim,
        feedTypes: ['death'],
      },
      'POST /api/monitoring/runs': { kind: 'full' },
    },
    personalMarkers: ['预警受害户主', '预警受害配偶', '线索受害人', '受害部门系统', stranger, head.idNumber],
  };
};
