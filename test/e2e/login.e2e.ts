/**
 * Signing in: a town worker reaches the dashboard of their own town with the real figures, and an
 * account is locked after five wrong passwords without telling an attacker so.
 */
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorCatalogue } from '../../src/core/errors.ts';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { launchBrowser, newContext, screenshot, submitLogin } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

type Overview = {
  region: { code: string; name: string };
  totals: { households: number; people: number };
  children: { people: number }[];
};

const LOGIN_FAILED = errorCatalogue.LOGIN_FAILED.message;
const count = (n: number) => new Intl.NumberFormat('zh-CN').format(n);
const text = async (l: Locator) => (await l.textContent()) ?? '';

const townWorkers = DEMO_ACCOUNTS.filter((a) => a.role === 'town_worker');

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

describe('login', () => {
  test('a town worker logs in and sees the home page with the figures of their town', async () => {
    const account = townWorkers[0];
    if (!account) throw new Error('DEMO_ACCOUNTS has no town_worker');
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();

    await page.goto('/');
    await page.waitForURL('**/login');
    const answer = await submitLogin(page, account.username, account.password);
    expect(answer.status()).toBe(200);
    await page.waitForURL((url) => url.pathname === '/');

    // The header names the user, the role and the region.
    await expect.poll(() => text(page.getByTestId('user-display-name'))).toBe(account.displayName);
    await page.getByText('乡镇(街道)经办人').first().waitFor();

    // The figures on screen are the server's figures for the worker's own town.
    const res = await page.request.get('/api/stats/overview');
    expect(res.status(), 'GET /api/stats/overview').toBe(200);
    const overview = (await res.json()) as Overview;
    expect(overview.region.code).toBe(account.regionCode);
    expect(overview.totals.people).toBeGreaterThan(0);
    await expect.poll(() => text(page.getByTestId('stat-people'))).toContain(count(overview.totals.people));
    expect(await text(page.getByTestId('stat-households'))).toContain(count(overview.totals.households));
    expect(await text(page.getByTestId('region-breadcrumb'))).toContain(overview.region.name);

    if (overview.children.some((c) => c.people > 0)) {
      await page.getByTestId('category-chart').locator('canvas').first().waitFor();
      await page.waitForTimeout(1_200); // let the bars finish their entry animation
    }
    await screenshot(page, 'home-town-worker');
    await context.close();
  });

  test('after 5 wrong passwords the account is locked and even the right password fails the same way', async () => {
    // Not the account of the test above: locking it must not depend on test order.
    const account = townWorkers.at(-1);
    if (!account || account === townWorkers[0])
      throw new Error('DEMO_ACCOUNTS needs two town_worker accounts');
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    await page.goto('/login');
    const error = page.getByTestId('login-error');

    for (let i = 1; i <= 5; i++) {
      const answer = await submitLogin(page, account.username, `wrong-password-${i}`);
      expect(answer.status()).toBe(401);
      expect(((await answer.json()) as { code: string }).code).toBe('LOGIN_FAILED');
      await expect.poll(() => text(error)).toContain(LOGIN_FAILED);
    }

    const locked = await submitLogin(page, account.username, account.password);
    expect(locked.status()).toBe(401);
    expect(await locked.json()).toMatchObject({ code: 'LOGIN_FAILED', message: LOGIN_FAILED });
    await expect.poll(() => text(error)).toContain(LOGIN_FAILED);
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-locked');
    await context.close();
  });
});
