/**
 * `doudi assess [--policy FILE | --region CODE] [--date YYYY-MM-DD] [--explain] HOUSEHOLD.json`
 *
 * Prints the assessment result JSON of SPEC appendix A.3 on stdout (exit 0), or with `--explain` the
 * explanation as readable Chinese text. Invalid input — a bad ID number, an unknown field value, a
 * pack that fails validation, a missing file — exits 2 with a Chinese message on stderr.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parseIsoDate, shanghaiDate } from '../../core/dates.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import { parseRegionCode } from '../../core/region-code.ts';
import { assess, explanationToText, parseHousehold } from '../../policy/engine.ts';
import { readPackDirectory } from '../../policy/pack-files.ts';
import {
  buildCatalog,
  type CatalogEntry,
  packKey,
  parsePackText,
  resolvePackFor,
} from '../../policy/pack-loader.ts';

const POLICIES_DIR = fileURLToPath(new URL('../../../policies/', import.meta.url));

export interface AssessOptions {
  policy?: string;
  region?: string;
  date?: string;
  explain?: boolean;
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processOutput: Output = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录' : '无法读取';
    throw new AppError('VALIDATION_FAILED', `${what} ${path}：${why}`);
  }
}

async function policyFromFile(path: string): Promise<CatalogEntry> {
  const partial = parsePackText(await readText(path, '政策参数包文件'), path);
  // A pack that extends another resolves its parents from the shipped packs.
  const inputs = partial.extends ? await readPackDirectory(POLICIES_DIR) : [];
  inputs.push({ pack: partial, source: path });
  return buildCatalog(inputs).entries.get(packKey(partial))!;
}

/** Runs the command; returns the exit code (0 ok, 2 invalid input, 1 internal error). */
export async function runAssess(
  file: string,
  opts: AssessOptions,
  io: Output = processOutput,
): Promise<number> {
  try {
    if (opts.policy && opts.region) {
      throw new AppError('VALIDATION_FAILED', '--policy 与 --region 只能指定其一');
    }
    const text = await readText(file, '家庭文件');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new AppError('VALIDATION_FAILED', `家庭文件 ${file} 不是有效的 JSON（${(e as Error).message}）`);
    }
    const household = parseHousehold(data);
    const date = opts.date ? parseIsoDate(opts.date) : (household.assessedOn ?? shanghaiDate());
    let entry: CatalogEntry;
    if (opts.policy) {
      entry = await policyFromFile(opts.policy);
    } else {
      const region = opts.region ? parseRegionCode(opts.region) : household.regionCode;
      entry = resolvePackFor(buildCatalog(await readPackDirectory(POLICIES_DIR)), region, date);
    }
    const result = assess(household, entry.pack, date);
    if (opts.explain) {
      const names = new Map(household.members.map((m) => [m.idNumber as string, m.name]));
      io.out(explanationToText(result, { packName: entry.pack.name, date, names }));
    } else {
      io.out(`${JSON.stringify(result, null, 2)}\n`);
    }
    return 0;
  } catch (e) {
    if (isAppError(e)) {
      io.err(`错误：${e.message}\n`);
      return 2;
    }
    io.err(`内部错误：${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

export function registerAssessCommand(program: Command): void {
  program
    .command('assess')
    .description('按政策参数包认定一个家庭（一次申请、分类审核认定），输出认定结果 JSON')
    .argument('<household>', '家庭 JSON 文件（格式见 SPEC 附录 A.2）')
    .option('--policy <file>', '使用指定的政策参数包文件（YAML 或 JSON），不按地区选择')
    .option('--region <code>', '按此行政区划代码选择参数包（默认取家庭的 regionCode）')
    .option('--date <date>', '认定日期 YYYY-MM-DD（默认取家庭的 assessedOn，否则为今天，北京时间）')
    .option('--explain', '输出可读的中文认定说明，而不是 JSON')
    .action(async (file: string, opts: AssessOptions) => {
      process.exitCode = await runAssess(file, opts);
    });
}
