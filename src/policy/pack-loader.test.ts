/**
 * Pack parsing, Chinese validation messages, `extends` inheritance, immutability of versions, and
 * resolution by region prefix and date.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import {
  addPackText,
  buildCatalog,
  diffPacks,
  findPackFor,
  getPack,
  listPacks,
  nextVersion,
  parsePackText,
  resolvePackFor,
  validatePackText,
} from './pack-loader.ts';
import type { PartialPack } from './pack-schema.ts';
import { testPack } from './test-factories.ts';

/** A complete root pack (as a file) from the test pack. */
const root = (over: Partial<PartialPack> = {}): PartialPack =>
  ({
    ...testPack(),
    id: 'root',
    region: null,
    abstract: true,
    effectiveFrom: '2020-01-01',
    ...over,
  }) as PartialPack;

const child = (over: Partial<PartialPack> & Record<string, unknown>): PartialPack =>
  ({ version: 1, name: '子包', effectiveFrom: '2024-01-01', extends: 'root', ...over }) as PartialPack;

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('validation messages name the field, in Chinese', () => {
  it('names nested paths', () => {
    const r = validatePackText(
      'id: x-1\nversion: 1\nregion: "22"\nname: 测试\neffectiveFrom: 2024-01-01\nstandards:\n  dibao:\n    urban: -5\n',
      'x.yaml',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('x.yaml：standards.dibao.urban：应为正数');
      expect(r.fields['standards.dibao.urban']).toBe('应为正数');
    }
  });

  it.each([
    ['edge: { incomeMultipler: 2 }', 'edge.incomeMultipler：未知字段'],
    ['tekun: { elderlyAge: 60.5 }', 'tekun.elderlyAge：应为整数'],
    ['rigid: { expenseRatio: 1.2 }', 'rigid.expenseRatio：应不大于 1'],
    [
      'rigid: { expenseKinds: [medical, food] }',
      'rigid.expenseKinds[1]：应为以下之一：medical、education、housing、care（实际为 “food”）',
    ],
    ['dibao: { supplements: [{ when: minor }] }', 'dibao.supplements[0]：应给出 ratio'],
    ['payment: { dayOfMonth: "10" }', 'payment.dayOfMonth：应为数字，实际为 “10”'],
    ['standards: { minimumWage: 2000.123 }', 'standards.minimumWage：金额最多两位小数'],
  ])('%s', (yaml, message) => {
    const r = validatePackText(
      `id: x-1\nversion: 1\nregion: "22"\nname: 测试\neffectiveFrom: 2024-01-01\n${yaml}\n`,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toContain(message);
  });

  it('header fields', () => {
    const r = validatePackText('id: X\nversion: 0\nregion: "123"\nname: ""\neffectiveFrom: 2024-02-30\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const text = r.errors.join('\n');
      for (const path of ['id：', 'version：', 'region：', 'name：不能为空', 'effectiveFrom：日期不存在']) {
        expect(text).toContain(path);
      }
    }
  });

  it('region is required unless the pack is abstract', () => {
    const r = validatePackText('id: x-1\nversion: 1\nregion: null\nname: 测试\neffectiveFrom: 2024-01-01\n');
    expect(!r.ok && r.errors.join()).toContain('region：缺少适用地区');
  });

  it('YAML syntax errors and duplicate keys name the line', () => {
    const e = errorOf(() => parsePackText('id: a\nid: b\n', 'dup.yaml'));
    expect(e.code).toBe('POLICY_INVALID');
    expect(e.message).toContain('dup.yaml 第2行');
    expect(e.message).toContain('字段重复');
    expect(errorOf(() => parsePackText('', 'empty.yaml')).message).toContain('文件为空');
  });

  it('accepts JSON as well as YAML, and a numeric region', () => {
    const p = parsePackText(
      JSON.stringify({ id: 'j-1', version: 1, region: 50, name: 'J', effectiveFrom: '2024-01-01' }),
    );
    expect(p.region).toBe('50');
  });

  it('a resolved pack missing values names them', () => {
    const e = errorOf(() => buildCatalog([child({ id: 'lonely', region: '22', extends: null })]));
    expect(e.message).toContain('参数包 lonely@1（继承后）：standards：缺少此字段（必填）');
  });
});

describe('inheritance', () => {
  it('a child gives only what it overrides', () => {
    const catalog = buildCatalog([
      root(),
      child({ id: 'kid', region: '22', standards: { dibao: { urban: 730 } } as PartialPack['standards'] }),
    ]);
    const kid = getPack(catalog, 'kid')!;
    expect(kid.pack.standards.dibao).toEqual({ urban: 730, rural: 800 });
    expect(kid.pack.edge.incomeMultiplier).toBe(1.5);
    expect(kid.lineage).toEqual([
      { id: 'kid', version: 1 },
      { id: 'root', version: 1 },
    ]);
    expect(kid.pack.region).toBe('22');
  });

  it('explicit null overrides, arrays replace, null assistance items are removed', () => {
    const parent = root({
      edge: { incomeMultiplier: 2 },
      rigid: {
        incomeLowerMultiplier: 2,
        expenseRatio: 0.6,
        expenseKinds: ['medical', 'education', 'housing', 'care'],
      },
      assistance: {
        heating: { name: '取暖', department: '民政', categories: ['dibao'], members: 'all' },
        funeral: { name: '殡葬', department: '民政', categories: ['dibao'], members: 'all' },
      },
    });
    const kid = child({
      id: 'kid',
      region: '50',
      rigid: { incomeLowerMultiplier: null, expenseKinds: ['medical'] },
      dibao: { supplements: [{ when: 'minor', ratio: 0.3 }] },
      assistance: { heating: null } as unknown as PartialPack['assistance'],
    });
    const { pack } = getPack(buildCatalog([parent, kid]), 'kid')!;
    expect(pack.rigid).toEqual({ incomeLowerMultiplier: null, expenseRatio: 0.6, expenseKinds: ['medical'] });
    expect(pack.dibao.supplements).toEqual([{ when: 'minor', ratio: 0.3 }]);
    expect(Object.keys(pack.assistance)).toEqual(['funeral']);
  });

  it('exampleValues is inherited unless the child says', () => {
    const cat = buildCatalog([
      root({ exampleValues: true }),
      child({ id: 'pa', region: '22' }),
      child({ id: 'pb', region: '50', exampleValues: false }),
    ]);
    expect(getPack(cat, 'pa')?.pack.exampleValues).toBe(true);
    expect(getPack(cat, 'pb')?.pack.exampleValues).toBe(false);
  });

  it('unpinned extends uses the parent version in force on the child’s start date; @n pins', () => {
    const v1 = root();
    const v2 = root({ version: 2, effectiveFrom: '2025-01-01', edge: { incomeMultiplier: 1.8 } });
    const cat = buildCatalog([
      v1,
      v2,
      child({ id: 'early', region: '22', effectiveFrom: '2024-06-01' }),
      child({ id: 'late', region: '50', effectiveFrom: '2025-06-01' }),
      child({ id: 'pinned', region: '62', effectiveFrom: '2025-06-01', extends: 'root@1' }),
    ]);
    expect(getPack(cat, 'early')?.pack.edge.incomeMultiplier).toBe(1.5);
    expect(getPack(cat, 'late')?.pack.edge.incomeMultiplier).toBe(1.8);
    expect(getPack(cat, 'pinned')?.pack.edge.incomeMultiplier).toBe(1.5);
  });

  it('unknown parents and cycles are errors', () => {
    expect(
      errorOf(() => buildCatalog([child({ id: 'kid', region: '22', extends: 'nobody' })])).message,
    ).toContain('父参数包 nobody 不存在');
    const cycle = errorOf(() =>
      buildCatalog([
        child({ id: 'a-a', region: '22', extends: 'b-b@1' }),
        child({ id: 'b-b', region: '50', extends: 'a-a@1' }),
      ]),
    );
    expect(cycle.message).toContain('继承关系存在循环');
    expect(
      errorOf(() => buildCatalog([child({ id: 'self', region: '22', extends: 'self@1' })])).message,
    ).toContain('循环');
  });

  it('a parent that starts after the child is an error', () => {
    const e = errorOf(() =>
      buildCatalog([root({ effectiveFrom: '2026-01-01' }), child({ id: 'kid', region: '22' })]),
    );
    expect(e.message).toContain('尚无生效版本');
  });
});

describe('immutable versions', () => {
  it('the same id and version with different content is refused', () => {
    const e = errorOf(() => buildCatalog([root(), root({ edge: { incomeMultiplier: 1.6 } })]));
    expect(e.code).toBe('POLICY_INVALID');
    expect(e.message).toContain('root 第1版出现两份不同的内容');
    expect(e.message).toContain('请发布新版本');
  });

  it('identical copies are fine (key order and formatting do not matter)', () => {
    const a = parsePackText(
      'id: t-1\nversion: 1\nregion: "22"\nname: 甲\neffectiveFrom: 2024-01-01\nextends: root\n',
    );
    const b = parsePackText(
      '{"name":"甲","effectiveFrom":"2024-01-01","id":"t-1","region":"22","version":1,"extends":"root"}',
    );
    expect(() => buildCatalog([root(), a, b])).not.toThrow();
  });

  it('addPackText publishes a new version and refuses to change an old one', () => {
    const cat = buildCatalog([root(), child({ id: 'kid', region: '22' })]);
    expect(nextVersion(cat, 'kid')).toBe(2);
    const text =
      'id: kid\nversion: 2\nregion: "22"\nname: 子包\nextends: root\neffectiveFrom: 2025-01-01\nedge: { incomeMultiplier: 1.7 }\n';
    const { catalog, entry } = addPackText(cat, text, 'kid-v2.yaml');
    expect(entry.pack.edge.incomeMultiplier).toBe(1.7);
    expect(resolvePackFor(catalog, '220102', '2025-02-01').pack.version).toBe(2);
    expect(resolvePackFor(catalog, '220102', '2024-12-31').pack.version).toBe(1);
    const changed = text.replace('version: 2', 'version: 1');
    expect(() => addPackText(cat, changed)).toThrow(/不可修改/);
  });
});

describe('resolution by region and date', () => {
  const catalog = buildCatalog([
    root(),
    child({ id: 'province', region: '22', effectiveFrom: '2024-01-01' }),
    child({ id: 'city', region: '2201', effectiveFrom: '2024-07-01' }),
    child({ id: 'city', region: '2201', version: 2, effectiveFrom: '2024-07-01' }),
    child({ id: 'city-2025', region: '2201', effectiveFrom: '2025-01-01' }),
    child({ id: 'county', region: '220102', effectiveFrom: '2024-01-01', effectiveUntil: '2024-12-31' }),
  ]);
  const at = (region: string, date: string) => findPackFor(catalog, region, date)?.pack;

  it.each([
    ['220102001001', '2024-03-01', 'county', 1], // most specific prefix
    ['220102001001', '2025-01-01', 'city-2025', 1], // county expired; latest start wins in the city
    ['220103001001', '2024-06-30', 'province', 1], // city not yet in force
    ['220103001001', '2024-07-01', 'city', 2], // same start: highest version
    ['220103001001', '2024-12-31', 'city', 2],
    ['2201', '2025-03-01', 'city-2025', 1], // any level of code
    ['230102001001', '2025-03-01', null, null],
    ['220102001001', '2023-12-31', null, null], // before anything; the abstract root never applies
  ])('%s on %s → %s@%s', (region, date, id, version) => {
    const p = at(region, date);
    expect(p ? [p.id, p.version] : [null, null]).toEqual([id, version]);
  });

  it('no pack in force → POLICY_NOT_FOUND in Chinese', () => {
    const e = errorOf(() => resolvePackFor(catalog, '230102001001', '2025-03-01'));
    expect(e.code).toBe('POLICY_NOT_FOUND');
    expect(e.message).toContain('地区 230102001001 在 2025-03-01 没有生效的政策参数包');
  });

  it('two different packs for the same region and start date are refused', () => {
    const e = errorOf(() =>
      buildCatalog([root(), child({ id: 'a-a', region: '22' }), child({ id: 'b-b', region: '22' })]),
    );
    expect(e.message).toContain('无法确定适用哪一个');
  });

  it('lists every version', () => {
    const list = listPacks(catalog);
    expect(list.map((p) => `${p.id}@${p.version}`)).toContain('city@2');
    expect(list.find((p) => p.id === 'root')).toMatchObject({ abstract: true, region: null });
  });
});

describe('diffPacks', () => {
  it('lists changed fields by path', () => {
    const a = testPack();
    const b = testPack({ standards: { dibao: { urban: 1100 } }, rigid: { expenseKinds: ['medical'] } });
    expect(diffPacks(a, b)).toEqual([
      { path: 'rigid.expenseKinds', a: ['medical', 'education', 'housing', 'care'], b: ['medical'] },
      { path: 'standards.dibao.urban', a: 1000, b: 1100 },
    ]);
    expect(diffPacks(a, a)).toEqual([]);
  });
});
