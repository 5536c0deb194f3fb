import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, testContext } from '../../test/helpers/app.ts';
import { openTestDb, type TestDb } from '../../test/helpers/test-db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { loggerOptions } from './logger.ts';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db.dispose());

describe('configuration', () => {
  it('refuses a bad value and names it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DOUDI_ID_KEY: 'short' })).toThrow(/DOUDI_ID_KEY/);
    expect(loadConfig({}).PORT).toBe(3000);
  });
});

describe('logging', () => {
  it('never writes an ID number, a name field or a phone number', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = pino(loggerOptions('info'), sink);
    log.info({ household: { name: '张三', idNumber: '11010519491231002X' } }, 'imported');
    log.info('lookup of 11010519491231002X by phone 13812345678');
    log.info({ req: { method: 'GET', url: '/api/search?q=11010519491231002X' } }, 'request');
    const text = lines.join('');
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('张三');
    expect(text).not.toContain('13812345678');
    expect(text).toContain('110***********002X');
  });
});

describe('HTTP server', () => {
  it('serves health, readiness, OpenAPI and security headers', async () => {
    const app = await testApp(testContext(db));
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready' });
    const spec = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(spec.json().paths)).toContain('/api/auth/login');
    await app.close();
  });

  it('answers validation errors in Chinese and hides internals of 5xx behind a request id', async () => {
    const app = await buildApp(testContext(db), { logger: false });
    app.get('/api/boom', { config: { public: true } }, async () => {
      throw new Error('SELECT secret FROM internals failed');
    });
    await app.ready();
    const bad = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect(bad.json().message).toMatch(/输入有误/);
    const boom = await app.inject({ method: 'GET', url: '/api/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('secret');
    expect(boom.json()).toMatchObject({ code: 'INTERNAL', requestId: expect.any(String) });
    await app.close();
  });
});

describe('request logging', () => {
  it('keeps method and URL of request objects (getters), with the URL scrubbed', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = pino(loggerOptions('info'), sink);
    class FakeRequest {
      id = 'r1';
      get method() {
        return 'GET';
      }
      get url() {
        return '/api/registry/search?q=11010519491231002X';
      }
    }
    log.info({ req: new FakeRequest() }, 'incoming request');
    expect(lines[0]).toContain('"method":"GET"');
    expect(lines[0]).toContain('110***********002X');
    expect(lines[0]).not.toContain('11010519491231002X');
  });
});
