/**
 * `doudi assess`: spawned through a small entry for the process contract (stdout JSON, exit codes,
 * Chinese stderr), and called in-process for the other options.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runAssess } from './assess.ts';

const ENTRY = fileURLToPath(new URL('../assess-entry.ts', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/households/', import.meta.url));
const example = (name: string) => join(EXAMPLES, `${name}.json`);

function doudi(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, 'assess', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function inProcess(file: string, opts: Parameters<typeof runAssess>[1] = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runAssess(file, opts, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const tmp = await mkdtemp(join(tmpdir(), 'doudi-assess-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function writeJson(name: string, data: unknown): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, typeof data === 'string' ? data : JSON.stringify(data));
  return path;
}

describe('doudi assess (spawned)', () => {
  it('prints exactly the A.3 JSON and exits 0', () => {
    const r = doudi(example('dibao'));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout);
    expect(Object.keys(result)).toEqual([
      'category',
      'members',
      'monthlyAllowance',
      'entitlements',
      'explanation',
      'policy',
    ]);
    expect(result).toMatchObject({
      category: 'dibao',
      monthlyAllowance: 800,
      policy: { id: 'chongqing-2024', version: 1 },
    });
    expect(result.explanation[0]).toEqual({
      rule: 'policy',
      passed: true,
      detail: expect.stringContaining('重庆市'),
    });
  });

  it('exits 2 with a Chinese message naming the field for a bad ID checksum', async () => {
    const h = JSON.parse(await readFile(example('tekun'), 'utf8'));
    const id: string = h.members[0].idNumber;
    h.members[0].idNumber = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const r = doudi(await writeJson('bad-checksum.json', h));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('members[0].idNumber：身份证号码校验码错误');
  });

  it('--explain prints readable Chinese text', () => {
    const r = doudi('--explain', example('tekun'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('认定结果：特困人员');
    expect(r.stdout).toContain('适用政策：吉林省（jilin-2024 第1版）');
    expect(r.stdout).toContain('赵德山');
  });
});

describe('doudi assess (in-process)', () => {
  it.each([
    ['tekun', 'tekun', 'jilin-2024'],
    ['dibao', 'dibao', 'chongqing-2024'],
    ['dibao_edge', 'dibao_edge', 'gansu-2023'],
    ['dibao_single', 'dibao_edge', 'zaozhuang-2024'],
    ['rigid_expense', 'rigid_expense', 'jilin-2024'],
    ['none', 'none', 'sanmenxia-2024'],
  ])('examples/households/%s.json → %s under %s', async (name, category, policy) => {
    const r = await inProcess(example(name));
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.category).toBe(category);
    expect(result.policy.id).toBe(policy);
    if (name === 'dibao_single') expect(result.members[1].category).toBe('dibao_single');
  });

  it('unknown field values exit 2 naming the field and value', async () => {
    const h = JSON.parse(await readFile(example('none'), 'utf8'));
    h.members[1].laborCapacity = 'most';
    const r = await inProcess(await writeJson('bad-enum.json', h));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'members[1].laborCapacity：应为以下之一：none、partial、full（实际为 “most”）',
    );
  });

  it('a missing file, or a file that is not JSON, exits 2', async () => {
    expect(await inProcess(join(tmp, 'nope.json'))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('文件不存在'),
    });
    const notJson = await inProcess(await writeJson('broken.json', '{ "regionCode": '));
    expect(notJson).toMatchObject({ code: 2, stderr: expect.stringContaining('不是有效的 JSON') });
  });

  it('--policy FILE uses that pack; its parents come from policies/', async () => {
    const pack =
      'id: my-test\nversion: 1\nregion: "22"\nname: 试算\nextends: cn-base@1\neffectiveFrom: 2025-01-01\n';
    const r = await inProcess(example('tekun'), { policy: await writeJson('pack.yaml', pack) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).policy).toEqual({ id: 'my-test', version: 1 });
  });

  it('a pack that fails validation exits 2 naming the field', async () => {
    const bad =
      'id: my-bad\nversion: 1\nregion: "22"\nname: 坏\nextends: cn-base@1\neffectiveFrom: 2025-01-01\nstandards: { dibao: { urban: -1 } }\n';
    const r = await inProcess(example('tekun'), { policy: await writeJson('bad.yaml', bad) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('standards.dibao.urban：应为正数');
    const missing = await inProcess(example('tekun'), { policy: join(tmp, 'absent.yaml') });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('政策参数包文件') });
  });

  it('--region and --date choose the pack', async () => {
    const chongqing = await inProcess(example('tekun'), { region: '500103' });
    expect(JSON.parse(chongqing.stdout).policy.id).toBe('chongqing-2024');
    const early = await inProcess(example('tekun'), { date: '2024-01-01' }); // before Jilin's pack
    expect(early).toMatchObject({ code: 2, stderr: expect.stringContaining('没有生效的政策参数包') });
    expect(await inProcess(example('tekun'), { date: '2025-02-30' })).toMatchObject({ code: 2 });
    expect(await inProcess(example('tekun'), { region: '50', policy: 'x.yaml' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('只能指定其一'),
    });
  });
});
