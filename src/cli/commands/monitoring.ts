/**
 * Operator commands of 动态监测预警: import a department feed, list the feed types, manage department
 * API keys, and run monitoring (full, incremental, or resuming an interrupted run).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type IsoDate, isIsoDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { csvRow } from '../../db/csv.ts';
import type { Actor } from '../../modules/access/index.ts';
import { actorOf } from '../../modules/auth/service.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../modules/monitoring/api-keys.ts';
import { errorsOf } from '../../modules/monitoring/batch-repo.ts';
import { FEED_TYPES, FEEDS, isFeedType } from '../../modules/monitoring/feeds/feed-types.ts';
import { importFeed } from '../../modules/monitoring/import.ts';
import { type RunSummary, resumeRun, runMonitoring, unfinishedRuns } from '../../modules/monitoring/run.ts';
import * as users from '../../modules/users/repository.ts';
import type { AppContext } from '../../server/context.ts';
import { progressBar } from '../progress.ts';
import { withRuntime } from './foundation.ts';

async function actingAs(ctx: AppContext, username: string | undefined): Promise<Actor> {
  if (!username) return { kind: 'system', name: 'cli' };
  const u = await users.findByUsername(ctx.db, username);
  if (!u || u.disabled) throw new AppError('NOT_FOUND', `没有账号 ${username}`);
  return actorOf(u);
}

function runDate(raw: string | undefined): IsoDate | undefined {
  if (raw === undefined) return undefined;
  if (!isIsoDate(raw)) throw new AppError('INVALID_DATE', '--date 应为 YYYY-MM-DD');
  return raw;
}

function printRun(r: RunSummary): void {
  const kind = r.kind === 'full' ? '全量' : '增量';
  console.log(
    `${kind}监测运行 #${r.id}（${r.runDate}）：${r.householdsDone} 户，${r.chunks} 批，新增预警 ${r.warningsRaised} 条，逾期上报县级 ${r.escalated} 条`,
  );
  for (const n of r.notes) console.log(`  注：${n}`);
}

export function registerMonitoringCommands(program: Command): void {
  const feed = program.command('feed').description('部门数据比对（13 类部门数据）');

  feed
    .command('types')
    .description('列出 13 类部门数据及其必填列')
    .action(() => {
      for (const t of FEED_TYPES) {
        const cols = FEEDS[t].columns.map((c) => `${c.zh}${c.required ? '' : '（可选）'}`).join('、');
        console.log(`${t.padEnd(18)} ${FEEDS[t].zh}（${FEEDS[t].department}）：${cols}`);
      }
    });

  feed
    .command('import <type> <file>')
    .description('导入部门数据文件（CSV 或 XLSX，中文或英文表头），随后对涉及的家庭做增量监测')
    .option('--as <username>', '以该工作人员身份导入（记入审计）；默认系统操作员')
    .option('--department <name>', '报送部门（默认按数据类型）')
    .option('--date <YYYY-MM-DD>', '监测运行日期（默认今天）')
    .option('--no-run', '只导入，不做增量监测（之后用 doudi monitor run）')
    .option('--errors <file>', '把全部错误行（行号、原因）写入此 CSV 文件')
    .action(
      (
        type: string,
        file: string,
        o: { as?: string; department?: string; date?: string; run: boolean; errors?: string },
      ) =>
        withRuntime(async (ctx) => {
          if (!isFeedType(type)) {
            throw new AppError('VALIDATION_FAILED', `数据类型 ${type} 无效，应为：${FEED_TYPES.join('、')}`);
          }
          const actor = await actingAs(ctx, o.as);
          const bar = progressBar(`导入${FEEDS[type].zh}`);
          let monitoring: ReturnType<typeof progressBar> | null = null;
          const date = runDate(o.date);
          const r = await importFeed(
            ctx.db,
            ctx,
            actor,
            type,
            { kind: 'file', path: resolve(file) },
            {
              ...(o.department ? { department: o.department } : {}),
              ...(date ? { runDate: date } : {}),
              run: o.run,
              onProgress: (p) => bar.update(p.bytesRead, Math.max(p.bytesTotal ?? p.bytesRead, 1)),
              runHooks: {
                afterChunk: () => {
                  if (!monitoring) {
                    bar.stop();
                    monitoring = progressBar('增量监测');
                  }
                },
              },
            },
          );
          bar.stop();
          (monitoring as ReturnType<typeof progressBar> | null)?.stop();
          const b = r.batch;
          if (b.status === 'duplicate') {
            console.log(`该文件已于批次 #${b.duplicate_of} 导入过，本次未读取任何数据（批次 #${b.id}）`);
            return;
          }
          console.log(
            `导入完成（批次 #${b.id}）：共 ${b.rows_read} 行；新增 ${b.rows_added} 行，已导入过 ${b.rows_duplicate} 行，` +
              `有错误 ${b.rows_rejected} 行；与库内人员匹配 ${b.rows_matched} 行，新增主动发现线索 ${b.leads_added} 条`,
          );
          for (const e of r.errors.slice(0, 20)) console.log(`  ${e}`);
          if (b.rows_rejected > 20) console.log(`  ……共 ${b.rows_rejected} 行有错误`);
          if (o.errors && b.rows_rejected > 0) {
            const { rows } = await errorsOf(ctx.db, b.id, 1_000_000, 0);
            const text = `\ufeff${csvRow(['行号', '原因'])}${rows.map((e) => csvRow([e.row_number, e.message])).join('')}`;
            await writeFile(resolve(o.errors), text);
            console.log(
              `错误行已写入 ${o.errors}（共 ${rows.length} 行${rows.length < b.rows_rejected ? '，超出部分未保存' : ''}）`,
            );
          }
          if (r.run) printRun(r.run);
          if (b.rows_rejected > 0) process.exitCode = 3;
        }),
    );

  const key = feed.command('key').description('部门系统推送数据用的 API 密钥');
  key
    .command('create')
    .description('创建 API 密钥（只显示一次）')
    .requiredOption('--name <name>', '名称，如“市医保局结算系统”')
    .requiredOption('--department <dept>', '部门')
    .requiredOption('--region <code>', '部门所在行政区划（12位）')
    .requiredOption('--types <types>', `允许推送的数据类型，逗号分隔：${FEED_TYPES.join(',')}`)
    .action((o: { name: string; department: string; region: string; types: string }) =>
      withRuntime(async (ctx) => {
        const types = o.types.split(',').map((t) => t.trim());
        const bad = types.filter((t) => !isFeedType(t));
        if (bad.length) throw new AppError('VALIDATION_FAILED', `数据类型无效：${bad.join('、')}`);
        const r = await createApiKey(
          ctx.db,
          { kind: 'system', name: 'cli' },
          {
            name: o.name,
            department: o.department,
            regionCode: o.region,
            feedTypes: types as never,
          },
        );
        console.log(`已创建密钥 #${r.record.id}（${r.record.prefix}…）。请妥善转交，密钥不会再次显示：`);
        console.log(r.key);
      }),
    );
  key
    .command('list')
    .description('列出 API 密钥')
    .action(() =>
      withRuntime(async (ctx) => {
        for (const k of await listApiKeys(ctx.db, { kind: 'system', name: 'cli' })) {
          const state = k.revoked_at ? `已吊销 ${new Date(k.revoked_at).toISOString()}` : '有效';
          console.log(
            `#${k.id} ${k.prefix}… ${k.name}（${k.department}，${k.region_code}）${k.feed_types.join(',')} ${state}`,
          );
        }
      }),
    );
  key
    .command('revoke <id>')
    .description('吊销 API 密钥')
    .action((id: string) =>
      withRuntime(async (ctx) => {
        const k = await revokeApiKey(ctx.db, { kind: 'system', name: 'cli' }, Number(id));
        console.log(`密钥 #${k.id}（${k.prefix}…）已吊销`);
      }),
    );

  const monitor = program.command('monitor').description('动态监测预警');
  monitor
    .command('run')
    .description('监测运行：先续跑中断的运行，再做全量运行（--incremental 只评估新数据涉及的家庭）')
    .option('--incremental', '增量：只评估尚未评估的部门数据涉及的家庭')
    .option('--resume <id>', '只续跑指定的运行（其进程已中断）')
    .option('--date <YYYY-MM-DD>', '运行日期（默认今天）')
    .option('--chunk <n>', '每批家庭数（续跑沿用原运行的分批）', '10000')
    .action((o: { incremental?: boolean; resume?: string; date?: string; chunk: string }) =>
      withRuntime(async (ctx) => {
        const actor: Actor = { kind: 'system', name: 'cli' };
        const chunkSize = Number(o.chunk);
        const bar = progressBar('监测运行');
        const common = { actor, chunkSize, onProgress: (d: number, t: number) => bar.update(d, t) };
        try {
          if (o.resume) {
            printRun(await resumeRun(ctx.db, ctx, Number(o.resume), common));
            return;
          }
          // The embedded database is open in this process only: any run still `running` is interrupted.
          const left =
            ctx.db.kind === 'pglite'
              ? await ctx.db.query<{ id: number }>(
                  `SELECT id FROM monitoring_runs WHERE status <> 'done' ORDER BY id`,
                )
              : await unfinishedRuns(ctx.db);
          for (const r of left) {
            console.error(`续跑中断的监测运行 #${r.id}`);
            printRun(await resumeRun(ctx.db, ctx, r.id, common));
          }
          const date = runDate(o.date);
          const r = await runMonitoring(ctx.db, ctx, {
            ...common,
            kind: o.incremental ? 'incremental' : 'full',
            ...(date ? { runDate: date } : {}),
          });
          bar.stop();
          printRun(r);
        } finally {
          bar.stop();
        }
      }),
    );
}
