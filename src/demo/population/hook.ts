/** `doudi demo --size …`: the population step, with a progress bar. */
import { progressBar } from '../../cli/progress.ts';
import type { AppContext } from '../../server/context.ts';
import { loadDemoPopulation } from './index.ts';

export async function demoPopulationHook(ctx: AppContext, size: string): Promise<void> {
  const bar = progressBar('生成演示人口');
  const r = await loadDemoPopulation(ctx.db, ctx.keys, size, {
    onProgress: (done, total) => bar.update(done, total),
  });
  bar.stop();
  if (r.skipped) {
    console.error(`${r.reason}，跳过`);
    return;
  }
  const rate = Math.round(r.people / r.seconds);
  console.error(
    `演示人口${r.replaced ? '（已替换原有演示人口）' : ''}：${r.households} 户 ${r.people} 人，用时 ${r.seconds.toFixed(1)} 秒（${rate} 人/秒）`,
  );
}
