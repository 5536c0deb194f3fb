/**
 * 低收入人口数据库 in the browser: a town worker of 中心街街道 finds a household by name, opens its
 * page, corrects a member's income with a source and a reason and sees the change with its reason in
 * the provenance and the timeline; a second worker's change in between gives the conflict message and
 * a reload that keeps both; a small roster CSV with one bad row is imported and the row error shown;
 * a household's last category is ended (终止救助类别) with a reason, and the categories history and the
 * timeline show the end and the household's entry into the monitoring pool.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeIdNumber } from '../../src/core/id-number.ts';
import { getJson, launchBrowser, loginAsDemo, screenshot } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

const WORKER = 'town.zhongxinjie';
const VILLAGE = '370402001013'; // 铁西居委会, in 中心街街道

type SearchItem = {
  householdId: number;
  householdNo: string;
  head: { personId: number; name: string; idNumberMasked: string } | null;
};
type Member = {
  personId: number;
  name: string;
  monthlyIncome: number;
  employed: boolean;
  idNumberMasked: string;
};
type CategoryAssignment = {
  id: number;
  categoryName: string;
  status: string;
  fromDate: string;
  toDate: string | null;
  reason: string | null;
};
type HouseholdPage = {
  household: { id: number; householdNo: string; version: number; address: string };
  members: Member[];
  categories: { current: CategoryAssignment[]; history: CategoryAssignment[] };
  monitoring: { active: boolean; entries: Array<{ reason: string; untilDate: string | null }> };
  permissions: { edit: boolean; revealId: boolean; endCategories: boolean };
};

const text = async (l: Locator) => (await l.textContent()) ?? '';
const path = (url: string) => new URL(url).pathname;

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

function loggedIn(username = WORKER, viewport?: { width: number; height: number }): Promise<Page> {
  return loginAsDemo(browser, server.baseUrl, username, viewport);
}

/** A household of the village with a head whose name finds few households (a prefix search). */
async function pickHousehold(page: Page): Promise<SearchItem & { head: NonNullable<SearchItem['head']> }> {
  const { items } = await getJson<{ items: SearchItem[] }>(
    page,
    `/api/registry/search?region=${VILLAGE}&limit=50`,
  );
  for (const item of items) {
    if (!item.head) continue;
    const byName = await getJson<{ items: SearchItem[]; total: number }>(
      page,
      `/api/registry/search?name=${encodeURIComponent(item.head.name)}&limit=20`,
    );
    if (byName.total <= 5 && byName.items.some((i) => i.householdId === item.householdId))
      return item as SearchItem & { head: NonNullable<SearchItem['head']> };
  }
  throw new Error(`no household with a distinctive head's name in ${VILLAGE}`);
}

describe('low-income population database', () => {
  test('search by name → household page → correct the income with a reason → provenance and timeline show it', async () => {
    const page = await loggedIn();
    const target = await pickHousehold(page);

    // Search by the head's name from the menu.
    await page.getByRole('menuitem', { name: '低收入人口' }).click();
    await page.waitForURL((url) => url.pathname === '/households');
    await page.getByLabel('姓名').fill(target.head.name);
    const searched = page.waitForResponse(
      (r) => path(r.url()) === '/api/registry/search' && new URL(r.url()).searchParams.get('name') !== null,
    );
    await page.getByRole('button', { name: /检\s*索/ }).click();
    expect((await searched).status()).toBe(200);
    const link = page.getByRole('link', { name: target.householdNo });
    await link.waitFor();
    // The ID number is shown masked, as the server sends it.
    await page.getByText(target.head.idNumberMasked).first().waitFor();
    expect(new URL(page.url()).searchParams.get('name')).toBe(target.head.name);
    // The export link carries the same search.
    const exportHref = (await page.getByTestId('registry-export').getAttribute('href')) ?? '';
    expect(exportHref).toContain('/api/registry/export');
    expect(new URLSearchParams(exportHref.split('?')[1]).get('name')).toBe(target.head.name);
    const xlsx = await page.request.get(exportHref);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await screenshot(page, 'households-search');

    // The household page.
    await link.click();
    await page.waitForURL((url) => url.pathname === `/households/${target.householdId}`);
    await expect.poll(() => text(page.getByTestId('household-no'))).toBe(target.householdNo);
    const before = await getJson<HouseholdPage>(page, `/api/households/${target.householdId}`);
    const head = before.members.find((m) => m.personId === target.head.personId)!;
    expect(await text(page.getByTestId(`id-${head.personId}`))).toBe(head.idNumberMasked);
    await page.getByTestId('household-timeline').waitFor();

    // The full ID number: an explicit, audited act with a reason.
    await page.getByTestId(`reveal-${head.personId}`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('此操作将记入审计日志').waitFor();
    await dialog.getByLabel('查看理由').fill('E2E：核对身份证号');
    const revealed = page.waitForResponse((r) => path(r.url()).endsWith('/reveal-id'));
    await dialog.getByRole('button', { name: /查\s*看/ }).click();
    expect((await revealed).status()).toBe(200);
    const full = (await text(dialog.locator('.ant-typography strong').first())).trim();
    expect(full).toMatch(/^\d{17}[\dX]$/);
    expect(full.slice(0, 3)).toBe(head.idNumberMasked.slice(0, 3));
    expect(full.slice(-4)).toBe(head.idNumberMasked.slice(-4));
    await dialog
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await dialog.waitFor({ state: 'hidden' });

    // Correct the head's income with a source and a reason.
    const income = Math.round((head.monthlyIncome + 123.45) * 100) / 100;
    const reason = `E2E：入户核查发现务工收入增加 ${Date.now()}`;
    await page.getByTestId(`edit-${head.personId}`).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('月收入（元）').fill(String(income));
    await drawer.getByLabel('入户核查').check();
    await drawer.getByLabel('修改原因').fill(reason);
    const saved = page.waitForResponse(
      (r) => path(r.url()) === `/api/households/${target.householdId}` && r.request().method() === 'PATCH',
    );
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    const answer = await saved;
    expect(answer.status()).toBe(200);
    expect(((await answer.json()) as HouseholdPage).household.version).toBe(before.household.version + 1);
    await drawer.waitFor({ state: 'hidden' });

    // The value, its provenance (source, who, reason) and the timeline entry.
    const attr = page.getByTestId(`attr-${head.personId}-monthlyIncome`);
    await expect
      .poll(() => text(attr))
      .toContain(new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2 }).format(income));
    const provenance = await text(page.getByTestId(`provenance-${head.personId}-monthlyIncome`));
    expect(provenance).toContain('入户核查');
    expect(provenance).toContain('王丽');
    expect(provenance).toContain(reason);
    const timeline = page.getByTestId('household-timeline');
    const entry = timeline.getByTestId('timeline-item').filter({ hasText: reason });
    await entry.waitFor();
    const entryText = await text(entry);
    expect(entryText).toContain(`修改成员 ${head.name} 的信息`);
    expect(entryText).toContain(
      `月收入（元）：${head.monthlyIncome.toFixed(2)} 元 → ${income.toFixed(2)} 元`,
    );
    expect(entryText).toContain('入户核查');
    await screenshot(page, 'household-page-after-edit');
    await page.context().close();
  });

  test('a change by someone else in between: the conflict message, then a reload that keeps both changes', async () => {
    const page = await loggedIn();
    const target = await pickHousehold(page);
    await page.goto(`/households/${target.householdId}`);
    await expect.poll(() => text(page.getByTestId('household-no'))).toBe(target.householdNo);
    const before = await getJson<HouseholdPage>(page, `/api/households/${target.householdId}`);
    const head = before.members.find((m) => m.personId === target.head.personId)!;

    // The worker opens the household form and types a new address …
    await page.getByRole('button', { name: '修改家庭信息' }).click();
    const drawer = page.getByRole('dialog');
    const address = `${before.household.address}（E2E 更正）`;
    await drawer.getByLabel('家庭住址').fill(address);
    await drawer.getByLabel('本人申报').check();
    await drawer.getByLabel('修改原因').fill('E2E：户主申报住址门牌号有误');

    // … while a colleague saves another change to the same household.
    const other = await page.request.patch(`/api/households/${target.householdId}`, {
      data: {
        version: before.household.version,
        reason: 'E2E：另一名经办人同时修改',
        source: 'department_feed',
        members: [{ personId: head.personId, changes: { employed: !head.employed } }],
      },
    });
    expect(other.status()).toBe(200);

    const first = page.waitForResponse(
      (r) => path(r.url()) === `/api/households/${target.householdId}` && r.request().method() === 'PATCH',
    );
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    const conflict = await first;
    expect(conflict.status()).toBe(409);
    const message = ((await conflict.json()) as { message: string }).message;
    const alert = page.getByTestId('edit-conflict');
    await expect.poll(() => text(alert)).toContain(message);
    await screenshot(page, 'household-edit-conflict');

    // Reload: the latest data with the worker's own change kept; saving now succeeds.
    await alert.getByRole('button', { name: '重新加载' }).click();
    await expect.poll(() => drawer.getByLabel('家庭住址').inputValue()).toBe(address);
    const second = page.waitForResponse(
      (r) => path(r.url()) === `/api/households/${target.householdId}` && r.request().method() === 'PATCH',
    );
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    expect((await second).status()).toBe(200);
    await drawer.waitFor({ state: 'hidden' });

    const after = await getJson<HouseholdPage>(page, `/api/households/${target.householdId}`);
    expect(after.household.address).toBe(address);
    expect(after.members.find((m) => m.personId === head.personId)?.employed).toBe(!head.employed);
    expect(after.household.version).toBe(before.household.version + 2);
    await page.getByTestId('household-timeline').getByText('E2E：户主申报住址门牌号有误').waitFor();
    await page.context().close();
  });

  test('a roster CSV with one bad row: good rows imported, the bad one reported with its row number', async () => {
    const page = await loggedIn();
    const header = '户编号,行政区划代码,城乡类别,家庭住址,身份证号,姓名,与户主关系,月收入,劳动能力,救助类别';
    const good1 = makeIdNumber('370402', '1961-04-12', 71);
    const good2 = makeIdNumber('370402', '1988-09-30', 72);
    // A wrong check digit.
    const badBase = makeIdNumber('370402', '1975-02-03', 73);
    const bad = `${badBase.slice(0, 17)}${badBase[17] === '0' ? '1' : '0'}`;
    const csv = [
      header,
      `${VILLAGE}-E2E01,${VILLAGE},城市,铁西测试楼1单元101室,${good1},测户甲,户主,300,无劳动能力,低保`,
      `${VILLAGE}-E2E01,${VILLAGE},城市,铁西测试楼1单元101室,${good2},测户乙,子女,1200,有劳动能力,`,
      `${VILLAGE}-E2E02,${VILLAGE},城市,铁西测试楼2单元202室,${bad},测户丙,户主,0,无劳动能力,低保`,
    ].join('\n');

    await page.getByRole('menuitem', { name: '名册导入' }).click();
    await page.waitForURL((url) => url.pathname === '/registry/import');
    const uploaded = page.waitForResponse(
      (r) => path(r.url()) === '/api/registry/imports' && r.request().method() === 'POST',
    );
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'e2e-roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const started = await uploaded;
    expect(started.status()).toBe(202);

    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    expect(await text(report)).toContain('共 3 行，导入 2 行，1 行有错误未导入');
    expect(await text(page.getByTestId('count-persons-created'))).toContain('2');
    const errors = page.getByTestId('import-errors');
    const row = errors.locator('tbody tr').filter({ hasText: '第 4 行' });
    await row.waitFor();
    expect(await text(row)).toMatch(/身份证/);
    // The past imports list shows it.
    await page.getByText('e2e-roster.csv').last().waitFor();
    await screenshot(page, 'registry-import-report');

    // The imported household is in the registry.
    const found = await getJson<{ items: SearchItem[] }>(
      page,
      `/api/registry/search?householdNo=${VILLAGE}-E2E01`,
    );
    expect(found.items.map((i) => i.householdNo)).toEqual([`${VILLAGE}-E2E01`]);
    await page.context().close();
  });

  test('a village assistant on a phone: a checked ID number field, the household page, no full-number reveal', async () => {
    const page = await loggedIn('village.tiexi', { width: 390, height: 844 });
    await page.goto('/households');
    // A mistyped ID number is caught before anything is sent.
    const typo = makeIdNumber('370402', '1950-03-15', 3).slice(0, 17);
    await page.getByLabel('身份证号').fill(`${typo}${typo.endsWith('1') ? '2' : '1'}`);
    await page.getByRole('button', { name: /检\s*索/ }).click();
    await page.getByText('身份证号码校验码错误').waitFor();
    await page.getByLabel('身份证号').fill('');

    const { items } = await getJson<{ items: SearchItem[] }>(page, '/api/registry/search?limit=1');
    const first = items[0];
    if (!first) throw new Error(`no household in ${VILLAGE}`);
    await page.getByRole('link', { name: first.householdNo }).click();
    await page.waitForURL((url) => url.pathname === `/households/${first.householdId}`);
    await expect.poll(() => text(page.getByTestId('household-no'))).toBe(first.householdNo);
    await page.getByTestId('household-timeline').waitFor();
    // 协理员 may correct facts but not see full ID numbers.
    expect(await page.getByRole('button', { name: '修改家庭信息' }).count()).toBe(1);
    expect(await page.getByText('查看完整号码').count()).toBe(0);
    await screenshot(page, 'household-page-phone');
    await page.context().close();
  });

  test('终止救助类别: the last category ends with a reason; the history and the timeline show it', async () => {
    const page = await loggedIn();
    // A household of the village with exactly one category in force: ending it, the household exits.
    const { items } = await getJson<{ items: SearchItem[] }>(
      page,
      `/api/registry/search?region=${VILLAGE}&limit=50`,
    );
    let found: HouseholdPage | null = null;
    for (const item of [...items].reverse()) {
      const hp = await getJson<HouseholdPage>(page, `/api/households/${item.householdId}`);
      if (hp.categories.current.length === 1) {
        found = hp;
        break;
      }
    }
    if (!found) throw new Error(`no household with one category in force in ${VILLAGE}`);
    const before = found;
    expect(before.permissions.endCategories).toBe(true);
    const category = before.categories.current[0]!;
    const id = before.household.id;
    // Today in Beijing, as the browser (Asia/Shanghai) and the server count it.
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

    await page.goto(`/households/${id}`);
    await expect.poll(() => text(page.getByTestId('household-no'))).toBe(before.household.householdNo);
    const card = page.getByTestId('categories-card');
    await card.getByRole('button', { name: '终止救助类别' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '终止的救助类别' });
    await dialog.waitFor();
    // The category in force is chosen already; the date and the reason are required.
    expect(await dialog.getByRole('checkbox', { name: category.categoryName }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: '终止救助类别' }).click();
    await dialog.getByText('请选择终止日期').waitFor();
    await dialog.getByText('请填写终止理由').waitFor();

    await dialog.getByLabel('终止日期').click();
    await page.locator('.ant-picker-dropdown:visible').getByText('今天', { exact: true }).click();
    expect(await dialog.getByLabel('终止日期').inputValue()).toBe(today);
    await dialog.getByLabel('入户核查').check();
    const reason = `E2E：入户核实家庭已有稳定务工收入，不再符合条件 ${Date.now()}`;
    await dialog.getByLabel('终止理由').fill(reason);
    await dialog.getByRole('button', { name: '终止救助类别' }).click();

    // Confirmed in a second dialog that says the household leaves assistance.
    const confirm = page.getByRole('dialog').filter({ hasText: '确认终止救助类别' });
    await confirm.getByText(`自 ${today} 起终止：${category.categoryName}`).waitFor();
    expect(await text(confirm)).toContain('本户将不再享受救助');
    const ended = page.waitForResponse(
      (r) => path(r.url()) === `/api/households/${id}/categories/end` && r.request().method() === 'POST',
    );
    await confirm.getByRole('button', { name: '确认终止' }).click();
    const answer = await ended;
    expect(answer.status()).toBe(200);
    const after = (await answer.json()) as HouseholdPage;
    expect(after.household.version).toBe(before.household.version + 1);
    expect(after.categories.current).toEqual([]);
    expect(after.monitoring.active).toBe(true);
    await dialog.waitFor({ state: 'hidden' });

    // The categories history: the row is 已终止 on that day, with the reason.
    const row = card.locator('tbody tr').filter({ hasText: category.fromDate }).filter({
      hasText: category.categoryName,
    });
    await expect.poll(() => text(row)).toContain('已终止');
    expect(await text(row)).toContain(today);
    expect(await text(row)).toContain(reason);
    // The button is gone: nothing is left to end.
    expect(await card.getByRole('button', { name: '终止救助类别' }).count()).toBe(0);

    // The timeline: the change with its reason and source, the exit, the monitoring entry.
    const timeline = page.getByTestId('household-timeline');
    const change = timeline.getByTestId('timeline-item').filter({ hasText: '救助类别变更' });
    await change.filter({ hasText: reason }).first().waitFor();
    expect(await text(change.filter({ hasText: reason }).first())).toContain('入户核查');
    await timeline
      .getByTestId('timeline-item')
      .filter({ hasText: `退出${category.categoryName}` })
      .filter({ hasText: reason })
      .first()
      .waitFor();
    await timeline.getByTestId('timeline-item').filter({ hasText: '监测状态变更' }).first().waitFor();
    await screenshot(page, 'household-categories-ended');
    await page.context().close();
  });
});
