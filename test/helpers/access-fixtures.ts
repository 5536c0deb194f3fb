/**
 * What the access test needs to attack each route: for a victim region, create real records there
 * and say (a) which values fill route parameters, (b) which request bodies to try, and (c) which
 * strings would prove a leak if they appeared in a response. Modules add their fixture here.
 */
import { makeIdNumber } from '../../src/core/id-number.ts';
import type { AppContext } from '../../src/server/context.ts';
import { makeUser } from './app.ts';
import { monitoringFixture } from './monitoring-fixture.ts';
import { makeHousehold } from './registry-factory.ts';

export type AccessFixture = {
  /** Values for route params by name (`:code`, `:id`, `:householdId` …). */
  params: Record<string, string>;
  /** Query strings to add, by route (method + url pattern), e.g. `{ region: victim }`. */
  query: Record<string, string>;
  /** Bodies to send, by `METHOD url-pattern`; routes without one get `{}`. */
  bodies: Record<string, unknown>;
  /** Strings that must not appear in answers to the attacker (names, usernames, codes). */
  personalMarkers: string[];
};

export type FixtureBuilder = (ctx: AppContext, victimRegion: string) => Promise<Partial<AccessFixture>>;

const foundation: FixtureBuilder = async (ctx, victim) => {
  const u = await makeUser(ctx, 'victim_staff_x1', 'town_worker', victim);
  return {
    params: { code: victim, id: u.id },
    query: { region: victim },
    bodies: {
      'POST /api/users': {
        username: 'intruder_made',
        displayName: '冒名',
        password: 'Intrude#2026x',
        role: 'town_worker',
        regionCode: victim,
      },
    },
    personalMarkers: ['victim_staff_x1'],
  };
};

/**
 * Policy packs (public rules, readable by all staff) and the what-if assessment: a household of the
 * victim's region that neither a sibling town's worker (404) nor a charity (403) may assess, and a
 * valid pack for the victim's town that neither may publish.
 */
const policies: FixtureBuilder = async (_ctx, victim) => {
  const idNumber = makeIdNumber(victim.slice(0, 6), '1961-02-03', 7);
  return {
    params: { packId: 'chongqing-2024', version: '1' },
    bodies: {
      'POST /api/assess/what-if': {
        regionCode: victim,
        residence: 'rural',
        members: [
          {
            idNumber,
            name: '试算受害户主',
            relation: 'head',
            monthlyIncome: 100,
            laborCapacity: 'none',
            supporter: 'none',
          },
        ],
        assets: { financial: 0, vehicles: 0, extraHousing: 0, business: false },
      },
      'POST /api/policies': {
        text: `id: intruder-pack\nregion: "${victim.slice(0, 9)}"\nname: 越权\nextends: chongqing-2024\neffectiveFrom: 2030-01-01\n`,
        reason: '越权发布',
      },
    },
    personalMarkers: ['试算受害户主', idNumber],
  };
};

/**
 * The low-income population database: a household with two members in a village of the victim's
 * region, and an import made there. Every route that reads or changes them must refuse outsiders.
 */
const registry: FixtureBuilder = async (ctx, victim) => {
  const lo = victim.replace(/0+$/, '').padEnd(12, '0');
  const hi = victim.replace(/0+$/, '').padEnd(12, '9');
  const [village] = await ctx.db.query<{ code: string }>(
    "SELECT code FROM regions WHERE level = 'village' AND code BETWEEN $1 AND $2 ORDER BY code LIMIT 1",
    [lo, hi],
  );
  const h = await makeHousehold(ctx.db, ctx.keys, {
    village: village!.code,
    members: [{ name: '受害户主甲' }, { name: '受害成员乙', relation: 'spouse' }],
  });
  const [load] = await ctx.db.query<{ id: string }>(
    `INSERT INTO registry_loads (kind, file_name, fingerprint, actor_name, region_code, status, summary)
     VALUES ('import', '受害导入.csv', 'x', '受害经办人', $1, 'done', '{}') RETURNING id`,
    [victim],
  );
  const change = { version: 1, reason: '越权修改', source: 'home_visit' };
  return {
    params: { householdId: String(h.householdId), personId: String(h.personIds[1]), loadId: load!.id },
    bodies: {
      'PATCH /api/households/:householdId': { ...change, household: { address: '越权地址' } },
      'POST /api/households/:householdId/members/:personId/move': {
        ...change,
        relation: 'head',
        newHousehold: { regionCode: village!.code, address: '越权新户' },
      },
      'POST /api/households/:householdId/members/:personId/death': { ...change, deathDate: '2025-01-01' },
      'POST /api/households/:householdId/categories/end': { ...change, date: '2025-01-01' },
      'POST /api/households/:householdId/members/:personId/reveal-id': { reason: '越权查看' },
    },
    personalMarkers: ['受害户主甲', '受害成员乙', '受害导入', ...h.idNumbers],
  };
};

export const FIXTURE_BUILDERS: FixtureBuilder[] = [foundation, policies, registry, monitoringFixture];

export async function buildFixture(ctx: AppContext, victim: string): Promise<AccessFixture> {
  const out: AccessFixture = { params: {}, query: {}, bodies: {}, personalMarkers: [] };
  for (const b of FIXTURE_BUILDERS) {
    const f = await b(ctx, victim);
    Object.assign(out.params, f.params);
    Object.assign(out.query, f.query);
    Object.assign(out.bodies, f.bodies);
    out.personalMarkers.push(...(f.personalMarkers ?? []));
  }
  return out;
}
