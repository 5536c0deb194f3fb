/**
 * 动态监测预警 in the browser: a town worker of 中心街街道 opens the warning board and sees the warnings
 * the demo feeds raised (counts by child region, type, level and state), drills down into a village,
 * opens a warning, records the home visit on a phone-size screen (390 px), handles the verified warning
 * (分类处置) and sees its state change on the warning and on the board; then the tasks, leads and the
 * department-data upload with a row error reported in Chinese; and 丰都县's civil affairs admin finds
 * the overdue tasks the demo escalated to the county (逾期督办).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeIdNumber } from '../../src/core/id-number.ts';
import { getJson, launchBrowser, loginAsDemo, screenshot } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

const WORKER = 'town.zhongxinjie';
const PHONE = { width: 390, height: 844 };

type Tally = {
  total: number;
  open: number;
  overdue: number;
  escalated: number;
  byLevel: Record<string, number>;
  byState: Record<string, number>;
};
type Board = {
  region: { code: string; name: string } | null;
  totals: Tally;
  byType: Array<Tally & { type: string; typeName: string }>;
  children: Array<Tally & { code: string; name: string }>;
};
type WarningItem = {
  id: number;
  type: string;
  typeName: string;
  state: string;
  stateName: string;
  reason: string;
  region: { code: string; name: string | null };
  household: { id: number; householdNo: string } | null;
};
type WarningDetail = WarningItem & {
  overdue: boolean;
  escalated: boolean;
  task: { status: string; dueDate: string; escalated: boolean } | null;
  evidence: unknown[];
  visits: Array<{ findings: string; result: string }>;
  handling: { route: string; reason: string | null } | null;
};

/** A DOM element as the page sees it (this file is compiled without the DOM library). */
type Clickable = { click: () => void };

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

function loggedIn(viewport?: { width: number; height: number }): Promise<Page> {
  return loginAsDemo(browser, server.baseUrl, WORKER, viewport);
}

describe('dynamic monitoring and early warning', () => {
  let warning: WarningItem;

  test('the board shows the warnings the demo feeds raised; a child region drills down', async () => {
    const page = await loggedIn();
    const board = await getJson<Board>(page, '/api/monitoring/board');
    // The demo loads department feeds with planted signals: the town must have warnings.
    expect(board.totals.total, 'the demo feeds raised no warning in 中心街街道').toBeGreaterThan(0);

    await page.getByRole('menuitem', { name: '预警处置' }).click();
    await page.waitForURL((url) => url.pathname === '/warnings');
    await expect.poll(() => text(page.getByTestId('board-title'))).toContain('中心街街道');
    // Totals, by type, by state, the chart and the list.
    await expect.poll(() => text(page.getByTestId('board-totals'))).toContain(String(board.totals.total));
    const typeTable = page.getByTestId('type-table');
    for (const t of board.byType.slice(0, 3))
      await typeTable.getByText(t.typeName, { exact: true }).waitFor();
    await page.getByTestId('warning-region-chart').locator('canvas').first().waitFor();
    const rows = page.getByTestId('warnings-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(board.totals.total, 20));
    await screenshot(page, 'monitoring-board');

    // Filter by level: the list and the URL follow.
    const level = Object.entries(board.totals.byLevel).find(([, n]) => n > 0)![0];
    const filtered = page.waitForResponse(
      (r) =>
        path(r.url()) === '/api/monitoring/warnings' && new URL(r.url()).searchParams.get('level') === level,
    );
    await page
      .getByTestId('board-totals')
      .getByText(new RegExp(`^${{ red: '红色', orange: '橙色', yellow: '黄色' }[level]} `))
      .first()
      .click();
    expect((await filtered).status()).toBe(200);
    expect(new URL(page.url()).searchParams.get('level')).toBe(level);
    await expect.poll(() => rows.count()).toBe(Math.min(board.totals.byLevel[level]!, 20));
    // Clear the filter and drill down into the busiest village at once: both clicks in one task, so
    // the router has not written the first URL, nor the board re-rendered, when the second comes.
    // The drill-down starts from the URL as the first click left it and does not bring ?level= back;
    // the board reloads for the village and ?region= follows.
    const village = [...board.children].sort((a, b) => b.total - a.total)[0]!;
    const drilled = page.waitForResponse(
      (r) =>
        path(r.url()) === '/api/monitoring/board' &&
        new URL(r.url()).searchParams.get('region') === village.code,
    );
    const clear = await page.getByRole('button', { name: '清除筛选' }).elementHandle();
    const drill = await page
      .getByTestId('child-region-warnings')
      .getByRole('button', { name: village.name })
      .elementHandle();
    await page.evaluate(
      ([a, b]) => {
        (a as unknown as Clickable).click();
        (b as unknown as Clickable).click();
      },
      [clear, drill],
    );
    expect((await drilled).status()).toBe(200);
    expect(new URL(page.url()).searchParams.get('region')).toBe(village.code);
    expect(new URL(page.url()).searchParams.get('level')).toBeNull();
    await expect.poll(() => text(page.getByTestId('board-title'))).toContain(village.name);
    await expect.poll(() => rows.count()).toBe(Math.min(village.total, 20));
    await screenshot(page, 'monitoring-board-village');

    // Pick an open warning of that village and open it from the list.
    const list = await getJson<{ items: WarningItem[] }>(
      page,
      `/api/monitoring/warnings?region=${village.code}&state=open&limit=50`,
    );
    warning = list.items.find((w) => w.type !== 'death' && w.household) ?? list.items[0]!;
    expect(warning, `no open warning in ${village.name}`).toBeTruthy();
    await page.getByTestId(`warning-link-${warning.id}`).click();
    await page.waitForURL((url) => url.pathname === `/warnings/${warning.id}`);
    await expect.poll(() => text(page.getByTestId('warning-reason'))).toBe(warning.reason);
    await expect.poll(() => text(page.getByTestId('warning-state'))).toContain('待核查');
    const detail = await getJson<WarningDetail>(page, `/api/monitoring/warnings/${warning.id}`);
    expect(detail.evidence.length).toBeGreaterThan(0);
    await page.getByTestId('evidence-card').getByText('第', { exact: false }).first().waitFor();
    await page.getByTestId('visit-form').waitFor();
    await screenshot(page, 'monitoring-warning-open');
    await page.context().close();
  });

  test('the home visit on a phone-size screen verifies the warning', async () => {
    const page = await loggedIn(PHONE);
    await page.goto(`/warnings/${warning.id}`);
    const form = page.getByTestId('visit-form');
    await form.waitFor();
    await form.scrollIntoViewIfNeeded();
    // Nothing wider than the phone.
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(PHONE.width);
    // 核查人员 starts with the signed-in user; a second visitor is added on a new line.
    expect(await form.getByLabel('核查人员1', { exact: true }).inputValue()).toContain('王丽');
    await form.getByRole('button', { name: '添加核查人员' }).click();
    await form.getByLabel('核查人员2', { exact: true }).fill('E2E同行人员');

    // Submitting empty names the missing fields in Chinese.
    await form.getByRole('button', { name: '提交核查结果' }).click();
    await form.getByText('请填写核查情况').waitFor();
    await form.getByText('请选择核查结论').waitFor();

    const findings = `E2E：入户核实，家庭情况与部门数据一致 ${Date.now()}`;
    await form.getByLabel('核查情况').fill(findings);
    await form.getByText('属实', { exact: true }).click();
    await form.getByLabel('备注（照片说明）').fill('门牌与住房照片各一张，纸质材料存街道档案室');
    await screenshot(page, 'monitoring-visit-form-phone');
    const posted = page.waitForResponse(
      (r) =>
        path(r.url()) === `/api/monitoring/warnings/${warning.id}/visits` && r.request().method() === 'POST',
    );
    await form.getByRole('button', { name: '提交核查结果' }).click();
    const answer = await posted;
    expect(answer.status()).toBe(200);
    expect(((await answer.json()) as WarningDetail).state).toBe('verified');

    await expect.poll(() => text(page.getByTestId('warning-state'))).toContain('已核实待处置');
    await page.getByTestId('visits').getByText(findings).waitFor();
    expect(await text(page.getByTestId('visits').getByTestId('visit-visitors').last())).toContain(
      'E2E同行人员',
    );
    await page.getByTestId('handling-form').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
    await screenshot(page, 'monitoring-visit-recorded-phone');
    await page.context().close();
  });

  test('分类处置: the verified warning is handled and its state changes on the warning and the board', async () => {
    const page = await loggedIn();
    await page.goto(`/warnings/${warning.id}`);
    const form = page.getByTestId('handling-form');
    await form.waitFor();
    await form
      .getByText(/^无需处置/)
      .first()
      .click();
    // The reason is required for this route.
    await form.getByTestId('handling-submit').click();
    await form.getByText('请填写无需处置的理由').waitFor();
    const reason = `E2E：经核实家庭已有稳定收入，暂无需救助 ${Date.now()}`;
    await form.getByLabel('无需处置的理由').fill(reason);
    const posted = page.waitForResponse(
      (r) =>
        path(r.url()) === `/api/monitoring/warnings/${warning.id}/handling` &&
        r.request().method() === 'POST',
    );
    await form.getByTestId('handling-submit').click();
    expect((await posted).status()).toBe(200);

    await expect.poll(() => text(page.getByTestId('warning-state'))).toContain('已处置');
    const result = page.getByTestId('handling-result');
    await result.getByText(reason).waitFor();
    expect(await text(result)).toContain('无需处置');
    await page.getByTestId('handling-form').waitFor({ state: 'detached' });
    await screenshot(page, 'monitoring-warning-handled');

    const after = await getJson<WarningDetail>(page, `/api/monitoring/warnings/${warning.id}`);
    expect(after.state).toBe('handled');
    expect(after.handling?.route).toBe('no_action');

    // The board's "handled" filter lists it.
    await page.goto(`/warnings?region=${warning.region.code}&state=handled`);
    await page.getByTestId(`warning-link-${warning.id}`).waitFor();
    await expect.poll(() => text(page.getByTestId('board-states'))).toMatch(/已处置 [1-9]/);
    await screenshot(page, 'monitoring-board-handled');

    // The household page lists the warning with its new state.
    if (warning.household) {
      await page.goto(`/households/${warning.household.id}`);
      const section = page.getByTestId('warnings-section');
      await section.getByRole('link', { name: warning.typeName }).first().waitFor();
      expect(await text(section)).toContain('已处置');
    }
    await page.context().close();
  });

  test('tasks, leads and a department file with a bad row', async () => {
    const page = await loggedIn();
    await page.getByRole('menuitem', { name: '核查任务' }).click();
    await page.waitForURL((url) => url.pathname === '/tasks');
    await page.getByTestId('tasks-list').locator('.ant-list-item').first().waitFor();
    await screenshot(page, 'monitoring-tasks');

    await page.getByRole('menuitem', { name: '主动发现线索' }).click();
    await page.waitForURL((url) => url.pathname === '/leads');
    const leads = await getJson<{ total: number }>(page, '/api/monitoring/leads');
    if (leads.total > 0)
      await page.getByTestId('leads-table').locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot(page, 'monitoring-leads');

    await page.getByRole('menuitem', { name: '部门数据' }).click();
    await page.waitForURL((url) => url.pathname === '/feeds');
    await page.getByLabel('数据类型').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '登记失业' }).first().click();
    const good = makeIdNumber('370402', '1979-06-15', 81);
    const badBase = makeIdNumber('370402', '1983-03-09', 82);
    const bad = `${badBase.slice(0, 17)}${badBase[17] === '0' ? '1' : '0'}`;
    const csv = ['身份证号码,姓名,登记日期', `${good},测失甲,2026-10-08`, `${bad},测失乙,2026-10-09`].join(
      '\n',
    );
    const uploaded = page.waitForResponse(
      (r) => path(r.url()) === '/api/feeds/unemployment/upload' && r.request().method() === 'POST',
    );
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'e2e-失业登记.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    expect((await uploaded).status()).toBe(202);
    const report = page.getByTestId('batch-report');
    await report.getByTestId('batch-done').waitFor({ timeout: 60_000 });
    const errors = report.getByTestId('batch-errors');
    await expect.poll(() => text(errors), { timeout: 15_000 }).toMatch(/第\d+行/);
    expect(await text(errors)).toMatch(/身份证/);
    await page.getByTestId('batch-history').getByText('e2e-失业登记.csv').waitFor();
    await screenshot(page, 'monitoring-feed-upload');
    await page.context().close();
  });

  test('逾期督办: the county admin sees the overdue tasks the demo escalated, on the board and the warning', async () => {
    const page = await loginAsDemo(browser, server.baseUrl, 'county.fengdu');
    const board = await getJson<Board>(page, '/api/monitoring/board');
    // The demo's earlier 危房 delivery leaves one overdue, escalated task in each of 丰都县's demo towns.
    expect(board.totals.escalated, 'the demo escalated nothing to 丰都县').toBeGreaterThan(0);

    await page.getByRole('menuitem', { name: '预警处置' }).click();
    await page.waitForURL((url) => url.pathname === '/warnings');
    await expect.poll(() => text(page.getByTestId('board-title'))).toContain('丰都县');
    const card = page.getByTestId('board-totals').getByLabel('只看已上报县级');
    await expect.poll(() => text(card)).toContain(`已上报县级${board.totals.escalated}`);

    // Only the escalated ones: the list and the URL follow.
    const listed = page.waitForResponse(
      (r) =>
        path(r.url()) === '/api/monitoring/warnings' &&
        new URL(r.url()).searchParams.get('escalated') === 'true',
    );
    await card.click();
    const answer = await listed;
    expect(answer.status()).toBe(200);
    const { items } = (await answer.json()) as { items: Array<WarningItem & { escalated: boolean }> };
    expect(items.length).toBe(Math.min(board.totals.escalated, 20));
    expect(items.every((w) => w.escalated)).toBe(true);
    expect(new URL(page.url()).searchParams.get('escalated')).toBe('1');
    const rows = page.getByTestId('warnings-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(items.length);
    expect(await text(rows.first())).toContain('逾期');
    expect(await text(rows.first())).toContain('已上报县级');
    await screenshot(page, 'monitoring-county-escalated');

    // The warning: its task is pending, past its deadline, escalated.
    const first = items[0]!;
    await page.getByTestId(`warning-link-${first.id}`).click();
    await page.waitForURL((url) => url.pathname === `/warnings/${first.id}`);
    const detail = await getJson<WarningDetail>(page, `/api/monitoring/warnings/${first.id}`);
    expect(detail).toMatchObject({
      overdue: true,
      escalated: true,
      task: { status: 'pending', escalated: true },
    });
    const task = page.getByTestId('task-card');
    await task.getByText('已上报县级').waitFor();
    expect(await text(task)).toContain('逾期');
    expect(await text(task)).toContain(detail.task!.dueDate);
    await page.context().close();
  });
});
