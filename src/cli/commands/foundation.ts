/** Operator commands of the foundation: serve, migrate, demo, users, audit, regions. */
import type { Command } from 'commander';
import { AppError } from '../../core/errors.ts';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { loadDemoFoundation } from '../../demo/foundation.ts';
import { SYSTEM_ACTOR } from '../../modules/access/index.ts';
import { verifyChain } from '../../modules/audit/service.ts';
import { loadProvince } from '../../modules/regions/service.ts';
import * as usersRepo from '../../modules/users/repository.ts';
import { createUser, newUserSchema } from '../../modules/users/service.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { AppContext } from '../../server/context.ts';
import { openRuntime } from '../../server/runtime.ts';
import { demoHooks } from '../demo-hooks.ts';
import { progressBar } from '../progress.ts';

/** Opens the runtime for one command and always closes the database. */
export async function withRuntime<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openRuntime(loadConfig());
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.close();
  }
}

export async function runDemo(ctx: AppContext, size: string): Promise<void> {
  const bar = progressBar('载入演示数据');
  const r = await loadDemoFoundation(ctx.db, (_step, done, total) => bar.update(done, total));
  bar.stop();
  console.error(`行政区划新增 ${r.regionsAdded} 条，演示账号新增 ${r.accountsAdded} 个`);
  for (const hook of demoHooks) await hook(ctx, size);
}

function printAccounts(): void {
  console.log('\n演示账号（密码均为 %s）：', DEMO_ACCOUNTS[0]?.password);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.username.padEnd(22)} ${a.displayName}`);
}

export function registerFoundationCommands(program: Command): void {
  program
    .command('serve')
    .description('启动 Web 服务（界面与 HTTP 接口）')
    .option('--demo-if-empty', '数据库为空时自动载入演示数据')
    .action(async (opts: { demoIfEmpty?: boolean }) => {
      const config = loadConfig();
      const ctx = await openRuntime(config);
      if (opts.demoIfEmpty && (await usersRepo.countAll(ctx.db)) === 0) {
        console.error('数据库为空，正在载入演示数据……');
        await runDemo(ctx, 'small');
      }
      const app = await buildApp(ctx, { serveWeb: true });
      const close = async () => {
        await app.close();
        await ctx.db.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ port: config.PORT, host: config.HOST });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
      console.log(`\ndoudi 已启动：http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}/`);
      console.log(`接口文档：http://${config.HOST}:${port}/api/docs   数据库：${ctx.db.kind}`);
      if (opts.demoIfEmpty) printAccounts();
    });

  program
    .command('migrate')
    .description('执行数据库迁移')
    .action(() => withRuntime(async () => console.log('数据库迁移已完成')));

  program
    .command('demo')
    .description('载入演示数据：行政区划、演示账号与演示人口（可重复执行）')
    .option('--size <size>', 'small | county | province | 人数', 'small')
    .action((opts: { size: string }) =>
      withRuntime(async (ctx) => {
        await runDemo(ctx, opts.size);
        printAccounts();
      }),
    );

  const users = program.command('users').description('工作人员账号');
  users
    .command('create')
    .description('创建工作人员账号')
    .requiredOption('--username <name>', '用户名')
    .requiredOption('--name <displayName>', '姓名')
    .requiredOption(
      '--role <role>',
      'village_assistant | town_worker | civil_admin | department | charity | supervisor',
    )
    .requiredOption('--region <code>', '所属行政区划代码')
    .option('--department <dept>', '部门（部门用户）')
    .option('--password-env <VAR>', '从环境变量读取密码（默认 DOUDI_NEW_PASSWORD）', 'DOUDI_NEW_PASSWORD')
    .action(
      (o: {
        username: string;
        name: string;
        role: string;
        region: string;
        department?: string;
        passwordEnv: string;
      }) =>
        withRuntime(async (ctx) => {
          const password = process.env[o.passwordEnv];
          if (!password) throw new AppError('VALIDATION_FAILED', `请通过环境变量 ${o.passwordEnv} 提供密码`);
          const input = newUserSchema.parse({
            username: o.username,
            displayName: o.name,
            password,
            role: o.role,
            regionCode: o.region,
            department: o.department ?? null,
          });
          const u = await createUser(ctx.db, SYSTEM_ACTOR, input);
          console.log(`已创建账号 ${u.username}（${u.role}，${u.region_code}）`);
        }),
    );

  const audit = program.command('audit').description('审计日志');
  audit
    .command('verify')
    .description('校验审计日志哈希链，报告第一条被修改、删除或调换顺序的记录')
    .action(() =>
      withRuntime(async (ctx) => {
        const bar = progressBar('校验审计日志');
        const r = await verifyChain(ctx.db, (n) => bar.update(n, Math.max(n, 1)));
        bar.stop();
        if (r.broken) {
          const what = r.broken.reason === 'edited' ? '内容被修改' : '前序记录被删除或顺序被调换';
          console.error(`审计日志校验失败：第 ${r.broken.seq} 条记录${what}（此前 ${r.rows} 条完好）`);
          process.exitCode = 1;
        } else {
          console.log(`审计日志完好：共 ${r.rows} 条记录，哈希链连续`);
        }
      }),
    );

  const regions = program.command('regions').description('行政区划');
  regions
    .command('load <province>')
    .description('载入一个省的全部行政区划（2位代码，如 44）')
    .action((code: string) =>
      withRuntime(async (ctx) => {
        const n = await loadProvince(ctx.db, code);
        console.log(`已载入 ${n} 条新的行政区划`);
      }),
    );
}
