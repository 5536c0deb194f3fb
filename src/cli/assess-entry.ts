/**
 * A commander program with only `assess`, for the command's tests (spawned with `node --import tsx`).
 * The real `doudi` binary registers the same command in `main.ts`.
 */
import { Command } from 'commander';
import { registerAssessCommand } from './commands/assess.ts';

const program = new Command('doudi');
registerAssessCommand(program);
await program.parseAsync(process.argv);
