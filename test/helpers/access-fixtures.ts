/**
 * What the access test needs to attack each route: for a victim region, create real records there
 * and say (a) which values fill route parameters, (b) which request bodies to try, and (c) which
 * strings would prove a leak if they appeared in a response. Modules add their fixture here.
 */
import type { AppContext } from '../../src/server/context.ts';
import { makeUser } from './app.ts';

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

export const FIXTURE_BUILDERS: FixtureBuilder[] = [foundation];

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
