/**
 * Assessments per second on one core: a deterministic set of synthetic households across the five
 * seed jurisdictions, assessed with the shipped packs (compiled once). Measures the engine alone on
 * validated households, and validation + assessment from A.2 JSON.
 */
import { makeIdNumber } from '../src/core/id-number.ts';
import { assess, type Household, parseHousehold } from '../src/policy/engine.ts';
import type { HouseholdInput } from '../src/policy/household-input.ts';
import { loadCatalog } from '../src/policy/pack-files.ts';
import { resolvePackFor } from '../src/policy/pack-loader.ts';
import type { PolicyPack } from '../src/policy/pack-schema.ts';

const HOUSEHOLDS = 200_000;
const DATE = '2025-03-01';
const COUNTIES = ['370402', '411202', '220102', '500103', '620102'] as const;

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticHouseholds(count: number, seed = 20250301): HouseholdInput[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: HouseholdInput[] = [];
  for (let i = 0; i < count; i++) {
    const county = COUNTIES[i % COUNTIES.length]!;
    const size = 1 + Math.floor(r() * r() * 6);
    const members: HouseholdInput['members'] = [];
    for (let k = 0; k < size; k++) {
      const year = 1935 + Math.floor(r() * 88);
      const birth = `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
      const disabled = r() < 0.12;
      const employed = year < 2005 && year > 1965 && r() < 0.5;
      members.push({
        idNumber: makeIdNumber(county, birth, (i * 7 + k) % 1000),
        name: `成员${k + 1}`,
        relation: k === 0 ? 'head' : pick(['spouse', 'child', 'parent', 'grandchild', 'other'] as const),
        monthlyIncome: employed
          ? Math.round(r() * 400000) / 100
          : r() < 0.6
            ? 0
            : Math.round(r() * 120000) / 100,
        laborCapacity: pick(['none', 'partial', 'full'] as const),
        disability: disabled
          ? {
              grade: 1 + Math.floor(r() * 4),
              type: pick(['physical', 'mental', 'intellectual', 'visual'] as const),
            }
          : null,
        seriousIllness: r() < 0.08,
        student: year > 2005 && year < 2020 ? pick(['primary', 'junior', 'senior'] as const) : null,
        employed,
        careLevel: pick(['self', 'self', 'half', 'full'] as const),
        supporter: pick(['none', 'unable', 'able'] as const),
      });
    }
    out.push({
      regionCode: `${county}001001`,
      residence: r() < 0.5 ? 'urban' : 'rural',
      assessedOn: DATE,
      members,
      assets: {
        financial: Math.round(r() * r() * 6_000_000) / 100,
        vehicles: r() < 0.1 ? 1 : 0,
        extraHousing: r() < 0.05 ? 1 : 0,
        business: r() < 0.03,
      },
      expenses12m: {
        medical: Math.round(r() * r() * 5_000_000) / 100,
        education: Math.round(r() * 800_000) / 100,
      },
    });
  }
  return out;
}

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

export default async function run(): Promise<{
  name: string;
  rows: Array<Record<string, string | number>>;
  notes?: string;
}> {
  const catalog = await loadCatalog();
  const inputs = syntheticHouseholds(HOUSEHOLDS);
  const packs: PolicyPack[] = inputs.map((h) => resolvePackFor(catalog, h.regionCode, DATE).pack);

  let t = process.hrtime.bigint();
  const households: Household[] = inputs.map((h) => parseHousehold(h));
  const parseSeconds = seconds(t);

  // Warm up the JIT, then measure the engine alone.
  for (let i = 0; i < 20_000; i++) assess(households[i]!, packs[i]!, DATE);
  const counts: Record<string, number> = {};
  t = process.hrtime.bigint();
  for (let i = 0; i < HOUSEHOLDS; i++) {
    const result = assess(households[i]!, packs[i]!, DATE);
    counts[result.category] = (counts[result.category] ?? 0) + 1;
  }
  const assessSeconds = seconds(t);

  const members = households.reduce((s, h) => s + h.members.length, 0);
  const row = (name: string, secs: number) => ({
    case: name,
    households: HOUSEHOLDS,
    members,
    seconds: Number(secs.toFixed(3)),
    'assessments/s': Math.round(HOUSEHOLDS / secs),
  });
  return {
    name: 'assessment engine (one core)',
    rows: [
      row('assess (validated households, packs compiled once)', assessSeconds),
      row('validate A.2 JSON + assess', assessSeconds + parseSeconds),
    ],
    notes:
      `Synthetic households across 5 seed jurisdictions, assessed on ${DATE}; target ≥ 100,000 assessments/s. ` +
      `Categories: ${Object.entries(counts)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.`,
  };
}
