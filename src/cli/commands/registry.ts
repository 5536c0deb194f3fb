/**
 * Operator commands of the low-income population database: import a roster, write the template,
 * recount the statistics, rotate the ID-number keys.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { generateKeys, idKeyFromHex, readOrCreateKeyFile, writeKeyFile } from '../../core/crypto.ts';
import { AppError } from '../../core/errors.ts';
import { csvRow } from '../../db/csv.ts';
import type { Actor } from '../../modules/access/index.ts';
import { actorOf } from '../../modules/auth/service.ts';
import { rekeyPersons } from '../../modules/households/rekey.ts';
import { SOURCES } from '../../modules/households/schema.ts';
import { importRegistry } from '../../modules/registry-import/service.ts';
import { templateCsv, templateXlsx } from '../../modules/registry-import/template-file.ts';
import { rebuildAll } from '../../modules/stats/service.ts';
import * as users from '../../modules/users/repository.ts';
import { loadConfig } from '../../server/config.ts';
import type { AppContext } from '../../server/context.ts';
import { progressBar } from '../progress.ts';
import { withRuntime } from './foundation.ts';

const COUNT_LABELS: Record<string, string> = {
  householdsCreated: '新增家庭',
  householdsUpdated: '更新家庭',
  personsCreated: '新增人员',
  personsUpdated: '更新人员',
  personsMoved: '迁移人员',
  categoriesAdded: '新增救助类别',
  categoriesEnded: '终止救助类别',
};

async function actingAs(ctx: AppContext, username: string | undefined): Promise<Actor> {
  if (!username) return { kind: 'system', name: 'cli' };
  const u = await users.findByUsername(ctx.db, username);
  if (!u || u.disabled) throw new AppError('NOT_FOUND', `没有账号 ${username}`);
  return actorOf(u);
}

export function registerRegistryCommands(program: Command): void {
  const registry = program.command('registry').description('低收入人口数据库');

  registry
    .command('import <file>')
    .description('从 .csv 或 .xlsx 批量导入花名册（中文或英文表头；同一文件重复导入不会重复登记）')
    .option('--as <username>', '以该工作人员身份导入（限其辖区，记入审计）；默认系统操作员')
    .option(
      '--source <source>',
      `信息来源：${SOURCES.filter((s) => s !== 'demo').join(' | ')}`,
      'registry_import',
    )
    .option('--errors <file>', '把全部错误行（行号、原因）写入此 CSV 文件')
    .action((file: string, o: { as?: string; source: string; errors?: string }) =>
      withRuntime(async (ctx) => {
        if (!(SOURCES as readonly string[]).includes(o.source) || o.source === 'demo') {
          throw new AppError('VALIDATION_FAILED', `信息来源 ${o.source} 无效`);
        }
        const actor = await actingAs(ctx, o.as);
        const bar = progressBar('导入');
        const phases: Record<string, string> = { checking: '校验中', merging: '合并入库中' };
        let lastPhase = '';
        const r = await importRegistry(ctx.db, ctx.keys, actor, resolve(file), {
          source: o.source as 'registry_import',
          maxErrors: 100_000,
          onProgress: (p) => {
            bar.update(p.bytes, Math.max(p.totalBytes, 1));
            if (phases[p.phase] && p.phase !== lastPhase) {
              lastPhase = p.phase;
              bar.stop();
              console.error(`${phases[p.phase]}……`);
            }
          },
        });
        bar.stop();
        console.log(
          `导入完成：共 ${r.rows} 行，成功 ${r.ok} 行，失败 ${r.failed} 行，用时 ${r.seconds.toFixed(1)} 秒`,
        );
        console.log(
          Object.entries(r.counts)
            .map(([k, v]) => `${COUNT_LABELS[k] ?? k} ${v}`)
            .join('，'),
        );
        for (const e of r.errors.slice(0, 20)) console.log(`  第 ${e.row} 行：${e.message}`);
        if (r.failed > 20)
          console.log(
            `  ……另有 ${r.failed - 20} 行错误${o.errors ? '' : '（使用 --errors 文件名 导出全部）'}`,
          );
        if (o.errors) {
          let out = `\uFEFF${csvRow(['行号', '原因'])}`;
          for (const e of r.errors) out += csvRow([e.row, e.message]);
          if (r.errorsTruncated) out += csvRow(['', `仅列出前 ${r.errors.length} 条，共 ${r.failed} 行错误`]);
          await writeFile(o.errors, out);
          console.log(`错误明细已写入 ${o.errors}`);
        }
        if (r.failed > 0) process.exitCode = 3;
      }),
    );

  registry
    .command('template')
    .description('生成批量导入模板')
    .option('--format <format>', 'xlsx | csv', 'xlsx')
    .option('-o, --output <file>', '输出文件', '低收入人口导入模板.xlsx')
    .action(async (o: { format: string; output: string }) => {
      const out =
        o.format === 'csv' && o.output.endsWith('.xlsx') ? o.output.replace(/\.xlsx$/, '.csv') : o.output;
      await writeFile(out, o.format === 'csv' ? templateCsv() : await templateXlsx());
      console.log(`模板已写入 ${out}`);
    });

  registry
    .command('recount')
    .description('按村重新统计各类人数（预汇总表），用于在服务之外批量修改数据之后')
    .action(() =>
      withRuntime(async (ctx) => {
        const n = await ctx.db.transaction((tx) => rebuildAll(tx));
        console.log(`统计已重建：${n} 行`);
      }),
    );

  registry
    .command('rekey')
    .description('轮换身份证号加密与盲索引密钥：用当前密钥重新加密全部身份证号并重算盲索引')
    .option('--old-id-key-env <VAR>', '旧 SM4 密钥（十六进制）所在的环境变量（使用 DOUDI_ID_KEY 配置密钥时）')
    .option('--generate', '内嵌数据库：在 keys.json 中生成新密钥（旧 SM4 密钥保留至完成）')
    .action((o: { oldIdKeyEnv?: string; generate?: boolean }) =>
      rotate(o).then((n) => console.log(`已用新密钥重新加密 ${n} 人的身份证号`)),
    );
}

async function rotate(o: { oldIdKeyEnv?: string; generate?: boolean }): Promise<number> {
  const config = loadConfig();
  if (o.generate) {
    if (config.DATABASE_URL || config.DOUDI_ID_KEY) {
      throw new AppError(
        'VALIDATION_FAILED',
        '--generate 仅用于内嵌数据库的 keys.json；使用配置密钥时请设置新密钥并用 --old-id-key-env 指定旧密钥',
      );
    }
    const file = await readOrCreateKeyFile(config.DOUDI_DATA_DIR);
    const fresh = generateKeys();
    await writeKeyFile(config.DOUDI_DATA_DIR, {
      ...file,
      idKeys: [fresh.id.key.toString('hex'), ...file.idKeys],
      indexKey: fresh.index.toString('hex'),
      previousIndexKey: file.indexKey,
    });
  }
  const n = await withRuntime(async (ctx) => {
    const keys = { ...ctx.keys };
    if (o.oldIdKeyEnv) {
      const hex = process.env[o.oldIdKeyEnv];
      if (!hex) throw new AppError('VALIDATION_FAILED', `环境变量 ${o.oldIdKeyEnv} 未设置`);
      keys.previousId = [...keys.previousId, idKeyFromHex(hex, o.oldIdKeyEnv)];
    }
    const bar = progressBar('重新加密');
    const done = await rekeyPersons(ctx.db, keys, (d, t) => bar.update(d, Math.max(t, 1)));
    bar.stop();
    return done;
  });
  if (o.generate) {
    // Everything is under the new key now: the old ones can go.
    const file = await readOrCreateKeyFile(config.DOUDI_DATA_DIR);
    const { previousIndexKey: _drop, ...rest } = file;
    await writeKeyFile(config.DOUDI_DATA_DIR, { ...rest, idKeys: [file.idKeys[0]!] });
  }
  return n;
}
