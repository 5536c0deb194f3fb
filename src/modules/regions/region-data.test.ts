import { describe, expect, it } from 'vitest';
import type { RegionLevel } from '../../core/region-code.ts';
import {
  listProvinceFiles,
  type RegionRow,
  readProvince,
  readSeedRegions,
  SEED_JURISDICTIONS,
} from './region-data.ts';

async function collect(rows: AsyncIterable<RegionRow>): Promise<RegionRow[]> {
  const out: RegionRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

function countLevels(rows: RegionRow[]): Record<RegionLevel, number> {
  const counts: Record<RegionLevel, number> = { province: 0, city: 0, county: 0, town: 0, village: 0 };
  for (const r of rows) counts[r.level]++;
  return counts;
}

/** Every code is 12 digits and unique; every non-province row's parent appeared earlier. */
function expectWellFormed(rows: RegionRow[]): void {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const r of rows) {
    const label = `${r.code} ${r.name}`;
    if (!/^\d{12}$/.test(r.code)) problems.push(`${label}: not 12 digits`);
    if (seen.has(r.code)) problems.push(`${label}: duplicate`);
    if (!r.name) problems.push(`${label}: empty name`);
    if (r.level === 'province') {
      if (r.parentCode !== null) problems.push(`${label}: province with parent`);
    } else if (r.parentCode === null || !seen.has(r.parentCode)) {
      problems.push(`${label}: parent ${r.parentCode} not seen before it`);
    } else if (!r.code.startsWith(r.parentCode.replace(/0+$/, ''))) {
      problems.push(`${label}: not inside parent ${r.parentCode}`);
    }
    seen.add(r.code);
  }
  expect(problems.slice(0, 20)).toEqual([]);
}

describe('region data files', () => {
  it('lists every province', async () => {
    const provinces = await listProvinceFiles();
    expect(provinces.length).toBe(31);
    expect(provinces.find((p) => p.code === '22')).toMatchObject({ name: '吉林省', file: '22.tsv.gz' });
    expect(provinces.map((p) => p.code)).toEqual([...provinces.map((p) => p.code)].sort());
    for (const p of provinces) expect(p.count).toBeGreaterThan(1000);
  });

  it('reads 吉林省 completely and consistently', async () => {
    const rows = await collect(readProvince('22'));
    const entry = (await listProvinceFiles()).find((p) => p.code === '22')!;
    expect(rows.length).toBe(entry.count);
    expect(rows[0]).toEqual({ code: '220000000000', name: '吉林省', parentCode: null, level: 'province' });
    const levels = countLevels(rows);
    expect(levels.province).toBe(1);
    expect(levels.city).toBeGreaterThanOrEqual(9);
    expect(levels.county).toBeGreaterThan(50);
    expect(levels.town).toBeGreaterThan(800);
    expect(levels.village).toBeGreaterThan(9000);
    expectWellFormed(rows);
    expect(rows.find((r) => r.code === '220100000000')?.name).toBe('长春市');
  });

  it('puts towns of a city without counties (东莞) directly under the city', async () => {
    let town: RegionRow | undefined;
    for await (const row of readProvince('44')) {
      if (row.code === '441900003000') {
        town = row;
        break; // early exit must close the stream cleanly
      }
    }
    expect(town).toMatchObject({ name: '东城街道', parentCode: '441900000000', level: 'town' });
  });

  it('rejects unknown or malformed province codes', async () => {
    await expect(collect(readProvince('99'))).rejects.toThrow(/99/);
    await expect(collect(readProvince('3704'))).rejects.toThrow(/2 digits/);
  });
});

describe('seed regions', () => {
  it('covers the five seed jurisdictions plus ancestors, parents first', async () => {
    const rows = await collect(readSeedRegions());
    expectWellFormed(rows);
    const byCode = new Map(rows.map((r) => [r.code, r]));

    for (const s of SEED_JURISDICTIONS) {
      expect(byCode.get(s.prefix.padEnd(12, '0'))?.name).toBe(s.name);
    }
    expect(byCode.get('370000000000')?.name).toBe('山东省');
    expect(byCode.get('410000000000')?.name).toBe('河南省');

    // Only the seed subtrees and their ancestors.
    for (const r of rows) {
      const inSeed = SEED_JURISDICTIONS.some((s) => r.code.startsWith(s.prefix));
      expect(inSeed || r.code === '370000000000' || r.code === '410000000000', r.code).toBe(true);
    }

    // 枣庄市 and its 区县.
    expect(byCode.get('370400000000')).toMatchObject({
      name: '枣庄市',
      parentCode: '370000000000',
      level: 'city',
    });
    const zaozhuangCounties = rows.filter((r) => r.parentCode === '370400000000').map((r) => r.name);
    expect(zaozhuangCounties).toEqual(['市中区', '薛城区', '峄城区', '台儿庄区', '山亭区', '滕州市']);
    expect(rows.some((r) => r.code.startsWith('3704') && r.level === 'village')).toBe(true);
    // Nothing else from 山东 (e.g. 济南市 3701).
    expect(rows.some((r) => r.code.startsWith('3701'))).toBe(false);

    expect(byCode.get('411200000000')).toMatchObject({ name: '三门峡市', level: 'city' });
  });

  it('has the right levels for 重庆市', async () => {
    const rows = (await collect(readSeedRegions())).filter((r) => r.code.startsWith('50'));
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get('500000000000')).toMatchObject({ name: '重庆市', level: 'province', parentCode: null });
    // 直辖市: the statistical "city" level is 市辖区 (5001) / 县 (5002).
    expect(byCode.get('500100000000')).toMatchObject({ name: '市辖区', level: 'city' });
    expect(byCode.get('500200000000')).toMatchObject({ name: '县', level: 'city' });
    expect(byCode.get('500101000000')).toMatchObject({
      name: '万州区',
      level: 'county',
      parentCode: '500100000000',
    });
    expect(byCode.get('500229000000')).toMatchObject({
      name: '城口县',
      level: 'county',
      parentCode: '500200000000',
    });
    const town = byCode.get('500101001000');
    expect(town).toMatchObject({ name: '高笋塘街道', level: 'town', parentCode: '500101000000' });
    const levels = countLevels(rows);
    expect(levels.city).toBe(2);
    expect(levels.county).toBe(38);
    expect(levels.town).toBeGreaterThan(900);
    expect(levels.village).toBeGreaterThan(10000);
  });
});
