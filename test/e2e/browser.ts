/** Debian's Chromium driven by playwright-core, with the flags that keep it quiet and offline. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { REPO_ROOT } from './server.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results/e2e');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A fresh context (own cookies) as a user in China would have it. */
export function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 900 },
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fills the login form by its labels and submits it; resolves with the server's answer. */
export async function submitLogin(page: Page, username: string, password: string) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login');
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  return answer;
}

/** A new page logged in as a demo account (own cookies), at the home page; optional viewport. */
export async function loginAsDemo(
  browser: Browser,
  baseURL: string,
  username: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  const page = await (await newContext(browser, baseURL)).newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto('/login');
  const answer = await submitLogin(page, account.username, account.password);
  if (answer.status() !== 200) throw new Error(`login as ${username} answered ${answer.status()}`);
  await page.waitForURL((url) => url.pathname === '/');
  return page;
}

/** GET a JSON API with the page's session; fails the test on a non-200 answer. */
export async function getJson<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  if (res.status() !== 200) throw new Error(`GET ${url} answered ${res.status()}`);
  return (await res.json()) as T;
}
