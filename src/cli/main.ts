import { Command } from 'commander';
import { isAppError } from '../core/errors.ts';
import { registerAssessCommand } from './commands/assess.ts';
import { registerFoundationCommands } from './commands/foundation.ts';
import { registerMonitoringCommands } from './commands/monitoring.ts';
import { registerRegistryCommands } from './commands/registry.ts';

const program = new Command();
program.name('doudi').description('doudi 兜底：低收入人口动态监测 · 分层分类社会救助').showHelpAfterError();
registerFoundationCommands(program);
registerRegistryCommands(program);
registerAssessCommand(program);
registerMonitoringCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (isAppError(e)) {
    console.error(e.message);
    process.exit(2);
  }
  const msg = e instanceof Error ? e.message : String(e);
  console.error(msg.startsWith('配置错误') ? msg : `运行失败：${msg}`);
  process.exit(1);
}
