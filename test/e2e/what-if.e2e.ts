/**
 * 认定试算 and the policy browser in the browser: a town worker of 枣庄市市中区中心街街道 enters a
 * household that is 低保 under the 枣庄 pack and sees the category, the amount and the reasons; the
 * comparison of two packs highlights their differences.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { shanghaiDate } from '../../src/core/dates.ts';
import { makeIdNumber } from '../../src/core/id-number.ts';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { assess, parseHousehold } from '../../src/policy/engine.ts';
import { loadCatalog } from '../../src/policy/pack-files.ts';
import { resolvePackFor } from '../../src/policy/pack-loader.ts';
import { launchBrowser, newContext, screenshot, submitLogin } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

const WORKER = 'town.zhongxinjie';
const TOWN = '370402001000'; // 枣庄市市中区中心街街道

const text = async (l: Locator) => (await l.textContent()) ?? '';
const yuan = (n: number) =>
  new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function loggedIn(): Promise<Page> {
  const account = DEMO_ACCOUNTS.find((a) => a.username === WORKER);
  if (!account) throw new Error(`no demo account ${WORKER}`);
  const context = await newContext(browser, server.baseUrl);
  const page = await context.newPage();
  await page.goto('/login');
  const answer = await submitLogin(page, account.username, account.password);
  expect(answer.status()).toBe(200);
  await page.waitForURL((url) => url.pathname === '/');
  return page;
}

/** Opens an antd Select by its label within `scope` and picks the option with that text. */
async function pick(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: option, visible: true }).first().click();
}

describe('what-if assessment', () => {
  test('a town worker enters a 低保 household and sees 低保, the amount and the reasons', async () => {
    const head = makeIdNumber('370402', '1980-05-01', 11);
    const spouse = makeIdNumber('370402', '1982-03-04', 22);
    const date = shanghaiDate();
    // What the engine says for the same household under the shipped 枣庄 pack.
    const household = {
      regionCode: TOWN,
      residence: 'urban',
      assessedOn: date,
      members: [
        {
          idNumber: head,
          name: '周建国',
          relation: 'head',
          monthlyIncome: 800,
          laborCapacity: 'full',
          supporter: 'none',
        },
        {
          idNumber: spouse,
          name: '吴秀兰',
          relation: 'spouse',
          monthlyIncome: 0,
          laborCapacity: 'partial',
          supporter: 'none',
        },
      ],
      assets: { financial: 0, vehicles: 0, extraHousing: 0, business: false },
      expenses12m: { medical: 0, education: 0, housing: 0, care: 0 },
    };
    const { pack } = resolvePackFor(await loadCatalog(), TOWN, date);
    const expected = assess(parseHousehold(household), pack, date);
    expect(pack.id).toBe('zaozhuang-2024');
    expect(expected.category).toBe('dibao');

    const page = await loggedIn();
    await page.goto('/assess/what-if');
    await page.getByText('适用：枣庄市').waitFor();

    // A typo in the ID number is caught in the form, before anything is sent.
    const first = page.getByTestId('member-0');
    await first.getByLabel('身份证号').fill(`${head.slice(0, 17)}${head.endsWith('0') ? '1' : '0'}`);
    await first.getByLabel('姓名').click();
    await first.getByText('身份证号码校验码错误').waitFor();

    await first.getByLabel('身份证号').fill(head);
    await first.getByLabel('姓名').fill('周建国');
    await first.getByLabel('月收入（元）').fill('800');

    await page.getByRole('button', { name: '添加成员' }).click();
    const second = page.getByTestId('member-1');
    await second.getByLabel('身份证号').fill(spouse);
    await second.getByLabel('姓名').fill('吴秀兰');
    await pick(page, second, '与户主关系', '配偶');
    await pick(page, second, '劳动能力', '部分丧失劳动能力');
    await second.getByLabel('月收入（元）').fill('0');

    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/assess/what-if');
    await page.getByRole('button', { name: /试\s*算/ }).click();
    expect((await answer).status()).toBe(200);

    await expect.poll(() => text(page.getByTestId('whatif-category'))).toBe('低保');
    expect(await text(page.getByTestId('whatif-allowance'))).toContain(yuan(expected.monthlyAllowance));
    expect(expected.monthlyAllowance).toBe(2 * pack.standards.dibao.urban - 800);
    const result = page.getByTestId('whatif-result');
    expect(await text(result)).toContain('枣庄市（zaozhuang-2024 第1版）');
    // Every rule of the engine's explanation is on screen, marked ✓ or ✗.
    const rules = page.getByTestId('explanation-rule');
    expect(await rules.count()).toBe(expected.explanation.length);
    const passed = expected.explanation.find((e) => e.rule === 'dibao.income');
    expect(passed?.passed).toBe(true);
    expect(await text(result)).toContain(`✓${passed!.detail}`);
    expect(await text(page.getByTestId('whatif-entitlements'))).toContain('低保');
    await screenshot(page, 'what-if-dibao');
    await page.context().close();
  });
});

describe('policy browser', () => {
  test('shows a pack’s values with 示例值 badges', async () => {
    const page = await loggedIn();
    await page.goto('/policies?pack=zaozhuang-2024@1');
    await expect.poll(() => text(page.getByTestId('pack-title'))).toContain('枣庄市');
    const standards = page.getByTestId('section-standards');
    await standards.getByText('城市低保标准（元/人·月）').waitFor();
    expect(await text(standards)).toContain('980');
    expect(await standards.getByTestId('example-badge').count()).toBeGreaterThan(0);
    await screenshot(page, 'policy-pack-zaozhuang');
    await page.context().close();
  });

  test('opens the comparison of two packs with the differences highlighted', async () => {
    const page = await loggedIn();
    await page.goto('/policies/compare?a=jilin-2024@1&b=chongqing-2024@1');
    const table = page.getByTestId('diff-table');
    await table.waitFor();
    await expect.poll(() => text(page.getByTestId('diff-summary'))).toMatch(/共 \d+ 项参数不同/);
    const edge = table.locator('tr', { hasText: 'edge.incomeMultiplier' });
    await expect.poll(() => edge.getAttribute('class')).toContain('policy-diff-changed');
    expect(await text(edge)).toContain('2 倍');
    expect(await text(edge)).toContain('1.5 倍');
    const same = table.locator('tr', { hasText: 'tekun.elderlyAge' });
    expect(await same.getAttribute('class')).not.toContain('policy-diff-changed');
    await screenshot(page, 'policy-compare-jilin-chongqing');
    await page.context().close();
  });
});
