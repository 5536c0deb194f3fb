/**
 * Which demo people the demo feeds name, and what each feed says about them: for every warning rule
 * a household whose data make the rule fire (a main labourer who died, self-paid medical costs
 * that add up within the window, a vehicle in a 低保 household, …), background rows that raise
 * nothing, people not in the database (proactive-discovery leads), and a few faulty rows for the
 * error report. Deterministic: the same population gives the same rows.
 *
 * Besides, an earlier delivery (`earlier`): a D级 危房 list the monitoring evaluated a month before the
 * demo was loaded and nobody verified since, so each demo town has an overdue verification task that
 * the run escalates to the county (逾期督办).
 *
 * People are read back from the database, their ID numbers decrypted with the registry keys.
 */
import { decryptId, type RegistryKeys } from '../../core/crypto.ts';
import { makeIdNumber } from '../../core/id-number.ts';
import type { Queryable } from '../../db/types.ts';
import type { FeedType } from '../../modules/monitoring/feeds/feed-types.ts';
import * as reads from '../../modules/monitoring/registry-reads.ts';
import { mainLabourerIds } from '../../modules/monitoring/rules/population.ts';
import { buildSnapshot } from '../../modules/monitoring/snapshot.ts';

/** Towns whose demo accounts should find warnings (中心街街道, 虎威镇, 社坛镇). */
export const DEMO_FEED_TOWNS = ['370402001', '500230101', '500230102'] as const;

export type DemoRow = Record<string, string>;
export type DemoFeed = {
  type: FeedType;
  file: string;
  format: 'csv' | 'xlsx';
  header: string[];
  rows: string[][];
};

type Person = { id: number; idNumber: string; name: string; birth: string; student: string | null };
type Household = {
  id: number;
  region: string;
  assisted: boolean;
  relapse: boolean;
  members: Person[];
  main: Person | null;
  living: number;
  noDisability: Person[];
  notIll: Person[];
};

const ASSISTED = new Set(['tekun', 'dibao', 'dibao_edge', 'rigid_expense']);

async function householdsOf(
  q: Queryable,
  keys: RegistryKeys,
  town: string,
  limit: number,
): Promise<Household[]> {
  const ids = (
    await q.query<{ id: number }>(
      `SELECT id FROM households WHERE region_code BETWEEN $1 AND $2 ORDER BY id LIMIT $3`,
      [town.padEnd(12, '0'), town.padEnd(12, '9'), limit],
    )
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  const hs = await reads.householdsByIds(q, ids);
  const members = await reads.membersOfHouseholds(q, ids);
  const cats = await reads.categoriesInForce(
    q,
    ids,
    members.map((m) => m.id),
    '2026-01-01',
  );
  const secrets = await q.query<{ id: number; id_cipher: Uint8Array; name: string }>(
    'SELECT id, id_cipher, name FROM persons WHERE household_id = ANY($1::bigint[])',
    [ids],
  );
  const secretOf = new Map(secrets.map((s) => [s.id, s]));
  return hs
    .sort((a, b) => a.id - b.id)
    .map((h) => {
      const hm = members.filter((m) => m.household_id === h.id && m.death_date === null);
      const hc = cats.filter((c) => c.household_id === h.id || hm.some((m) => m.id === c.person_id));
      const snap = buildSnapshot(h, hm, hc);
      const main = new Set(mainLabourerIds(snap.members).map(Number));
      const people: Person[] = hm.map((m) => ({
        id: m.id,
        idNumber: decryptId(keys, secretOf.get(m.id)!.id_cipher),
        name: secretOf.get(m.id)!.name,
        birth: m.birth_date,
        student: m.student_stage,
      }));
      return {
        id: h.id,
        region: h.region_code,
        assisted: hc.some((c) => ASSISTED.has(c.category)),
        relapse: hc.some((c) => c.category === 'relapse_monitor'),
        members: people,
        main: people.find((p) => main.has(p.id)) ?? null,
        living: hm.length,
        noDisability: people.filter((p) => hm.find((m) => m.id === p.id)!.disability_grade === null),
        notIll: people.filter((p) => !hm.find((m) => m.id === p.id)!.serious_illness),
      };
    });
}

/** Deterministic stand-ins for people not in the database, born in the town's county. */
function stranger(town: string, k: number): { idNumber: string; name: string } {
  const names = [
    '陶文静',
    '邵志刚',
    '龚雨涵',
    '孟庆华',
    '段晓东',
    '雷春燕',
    '范立新',
    '汤佳怡',
    '尹国强',
    '黎秀英',
  ];
  const year = 2005 + (k % 12);
  const month = String(1 + (k % 12)).padStart(2, '0');
  return {
    idNumber: makeIdNumber(town.slice(0, 6), `${year}-${month}-1${k % 9}`, 700 + (k % 200)),
    name: names[k % names.length]!,
  };
}

type Plan = Record<FeedType, string[][]>;

/**
 * A department file delivered before the others, evaluated `daysAgo` days before the demo load (the
 * run date of `doudi feed import --date`): its warnings' deadlines have passed, their tasks are overdue.
 */
export type EarlierFeed = { type: FeedType; daysAgo: number; rows: string[][] };

/** Long enough for any level's 限时核查 deadline of the shipped packs (red 3 … yellow 15 days) to pass. */
export const EARLIER_DAYS_AGO = 30;

const empty = (): Plan => ({
  death: [],
  unemployment: [],
  medical_selfpay: [],
  serious_illness: [],
  disability: [],
  hardship_student: [],
  disaster: [],
  relapse_monitor: [],
  dangerous_housing: [],
  vehicle: [],
  business: [],
  real_estate: [],
  high_income: [],
});

/** Rows per feed type (values in column order of `FEED_HEADERS`). */
export async function planDemoFeeds(
  q: Queryable,
  keys: RegistryKeys,
): Promise<{ rows: Plan; earlier: EarlierFeed; people: number }> {
  const plan = empty();
  const earlier: EarlierFeed = { type: 'dangerous_housing', daysAgo: EARLIER_DAYS_AGO, rows: [] };
  let used = 0;
  for (const [t, town] of DEMO_FEED_TOWNS.entries()) {
    const all = await householdsOf(q, keys, town, 600);
    if (all.length === 0) continue;
    const taken = new Set<number>();
    const pick = (ok: (h: Household) => boolean): Household | null => {
      const h = all.find((x) => !taken.has(x.id) && ok(x)) ?? null;
      if (h) taken.add(h.id);
      return h;
    };
    const p = (
      h: Household | null,
      which: (h: Household) => Person | null | undefined = (x) => x.members[0],
    ) => (h ? (which(h) ?? null) : null);

    // 主要劳动力死亡 + 人员死亡: the main labourer of a household where others live on.
    const dead = pick((h) => h.main !== null && h.living >= 2);
    if (dead?.main) plan.death.push([dead.main.idNumber, dead.main.name, '2025-11-08']);
    // 人员死亡 (an elderly member, not the main labourer).
    const old = pick(
      (h) => h.living >= 2 && h.members.some((m) => m.birth < '1950-01-01' && m.id !== h.main?.id),
    );
    const oldP = p(old, (h) => h.members.find((m) => m.birth < '1950-01-01' && m.id !== h.main?.id));
    if (oldP) plan.death.push([oldP.idNumber, oldP.name, '2025-12-02']);

    // 登记失业.
    const jobless = p(
      pick((h) => h.main !== null),
      (h) => h.main,
    );
    if (jobless) plan.unemployment.push([jobless.idNumber, jobless.name, '2025-10-20']);

    // 支出骤增: three settlements adding up to 22,300 yuan within the 180-day window.
    const sick = p(pick(() => true));
    if (sick) {
      plan.medical_selfpay.push(
        [sick.idNumber, sick.name, '2025-09-03', '21650.00', '8000.00', `JS20250903${t}01`],
        [sick.idNumber, sick.name, '2025-10-15', '18900.00', '7500.00', `JS20251015${t}02`],
        [sick.idNumber, sick.name, '2025-11-28', '15120.00', '6800.00', `JS20251128${t}03`],
      );
    }
    // Background: small settlements of other people, which raise nothing.
    for (const h of all.filter((x) => !taken.has(x.id)).slice(0, 40)) {
      const m = h.members[0]!;
      plan.medical_selfpay.push([m.idNumber, m.name, '2025-10-09', '860.00', '215.40', `JS20251009${h.id}`]);
    }

    // 重病 and 残疾 for members the database records as neither.
    const ill = p(
      pick((h) => h.notIll.length > 0),
      (h) => h.notIll[0],
    );
    if (ill) plan.serious_illness.push([ill.idNumber, ill.name, '急性髓系白血病', '2025-10-11']);
    const severe = p(
      pick((h) => h.noDisability.length > 0),
      (h) => h.noDisability[0],
    );
    if (severe) plan.disability.push([severe.idNumber, severe.name, '二级', '肢体残疾', '2025-09-26']);
    const mild = p(
      pick((h) => h.noDisability.length > 0),
      (h) => h.noDisability[0],
    );
    if (mild) plan.disability.push([mild.idNumber, mild.name, '四级', '听力残疾', '2025-11-05']);

    // 家庭经济困难学生 in a household civil affairs does not assist yet.
    const student = p(
      pick((h) => !h.assisted),
      (h) => h.members.find((m) => m.student) ?? h.members[h.members.length - 1],
    );
    if (student)
      plan.hardship_student.push([student.idNumber, student.name, `第${t + 3}中学`, '初中', '2025-09-20']);

    // 受灾, 防止返贫, 危房.
    const flood = p(pick(() => true));
    if (flood) plan.disaster.push([flood.idNumber, flood.name, '洪涝', '35000', '2025-07-22']);
    const relapse = p(pick((h) => !h.relapse));
    if (relapse)
      plan.relapse_monitor.push([
        relapse.idNumber,
        relapse.name,
        '突发严重困难户',
        relapse.idNumber,
        '2025-10-30',
      ]);
    const house = p(pick(() => true));
    if (house) plan.dangerous_housing.push([house.idNumber, house.name, 'D级', '2025-08-14']);

    // 可能不再符合 (应退尽退), for assisted households.
    const car = p(pick((h) => h.assisted));
    if (car)
      plan.vehicle.push([
        car.idNumber,
        car.name,
        t === 0 ? '鲁D·8K3M2' : `渝B·${t}Q7L9`,
        '2025-06-30',
        '86000',
      ]);
    const firm = p(pick((h) => h.assisted));
    if (firm)
      plan.business.push([
        firm.idNumber,
        firm.name,
        `${firm.name.slice(0, 1)}记商贸有限公司`,
        '2025-04-18',
        '500000',
      ]);
    const estate = p(pick((h) => h.assisted));
    if (estate) {
      plan.real_estate.push(
        [estate.idNumber, estate.name, `光明路17号3单元50${t}室`, '2025-05-09', '96.35'],
        [estate.idNumber, estate.name, `建设路8号1单元20${t}室`, '2025-10-09', '72.10'],
      );
    }
    const rich = p(pick((h) => h.assisted));
    if (rich) plan.high_income.push([rich.idNumber, rich.name, '2025', '156000']);

    // 逾期督办: a D级 危房 (red, the shortest deadline) from the earlier delivery, never verified.
    const overdue = p(pick(() => true));
    if (overdue) earlier.rows.push([overdue.idNumber, overdue.name, 'D级', '2025-06-18']);

    // Leads: people not in the database, one of them placed by a 防止返贫 row naming a head here.
    const a = stranger(town, 3 * t);
    const b = stranger(town, 3 * t + 1);
    const c = stranger(town, 3 * t + 2);
    plan.hardship_student.push([a.idNumber, a.name, `第${t + 3}中学`, '普通高中', '2025-09-20']);
    plan.serious_illness.push([b.idNumber, b.name, '尿毒症', '2025-08-02']);
    const head = all[all.length - 1]!.members[0]!;
    plan.relapse_monitor.push([c.idNumber, c.name, '边缘易致贫户', head.idNumber, '2025-11-12']);
    // Not in the database and not lead-worthy: kept, raises nothing.
    plan.death.push([stranger(town, 50 + t).idNumber, '程某', '2025-10-01']);
    used += taken.size;
  }
  // Faulty rows for the error report.
  plan.unemployment.push(
    ['370402198506150125', '校验错', '2025-10-20'],
    ['370402198506150124', '日期错', '2025-02-30'],
  );
  return { rows: plan, earlier, people: used };
}

/** Chinese headers in the column order the plan uses (a department's file as it would look). */
export const FEED_HEADERS: Record<FeedType, string[]> = {
  death: ['身份证号码', '姓名', '死亡日期'],
  unemployment: ['公民身份号码', '姓名', '失业登记日期'],
  medical_selfpay: ['身份证号', '姓名', '结算日期', '医疗总费用', '个人自付金额', '结算单号'],
  serious_illness: ['身份证号码', '姓名', '疾病名称', '确诊日期'],
  disability: ['身份证号码', '姓名', '残疾等级', '残疾类别', '发证日期'],
  hardship_student: ['身份证号码', '姓名', '学校名称', '学段', '认定日期'],
  disaster: ['身份证号码', '姓名', '灾害类型', '直接经济损失（元）', '发生日期'],
  relapse_monitor: ['身份证号码', '姓名', '监测类型', '户主身份证号码', '识别日期'],
  dangerous_housing: ['身份证号码', '姓名', '危房等级', '鉴定日期'],
  vehicle: ['身份证号码', '姓名', '号牌号码', '初次登记日期', '车辆价值'],
  business: ['身份证号码', '姓名', '企业名称', '成立日期', '注册资本'],
  real_estate: ['身份证号码', '姓名', '不动产坐落', '登簿日期', '建筑面积'],
  high_income: ['身份证号码', '姓名', '所属期', '收入额'],
};
