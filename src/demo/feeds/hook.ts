/** `doudi demo`: the department feeds step (after the population), with a progress bar. */
import { progressBar } from '../../cli/progress.ts';
import type { AppContext } from '../../server/context.ts';
import { demoFeedFileCount, loadDemoFeeds } from './index.ts';

export async function demoFeedsHook(ctx: AppContext, _size: string): Promise<void> {
  const bar = progressBar('导入演示部门数据');
  let done = 0;
  const r = await loadDemoFeeds(ctx.db, ctx.keys, ctx.config.DOUDI_DATA_DIR, {
    onFile: () => bar.update(++done, demoFeedFileCount()),
  });
  bar.stop();
  console.error(
    r.rowsAdded === 0
      ? `演示部门数据（${r.files} 个文件，${r.dir}）已导入过，未新增数据`
      : `演示部门数据：${r.files} 个文件（${r.dir}），新增 ${r.rowsAdded} 行，预警 ${r.warnings} 条，主动发现线索 ${r.leads} 条，错误行 ${r.rejected} 行（演示错误报告），逾期上报县级 ${r.escalated} 条`,
  );
}
