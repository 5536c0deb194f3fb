/**
 * Signal keys and the shared step that turns a rule's finding into a candidate warning.
 *
 * A signal key is `type:subject:fact…`, e.g. `death:p42`, `unemployment:p42:2025-02-03`,
 * `expenditure_surge:h7:2025-03-14`. The subject is the person (`p<id>`) for personal facts and the
 * household (`h<id>`) for household facts; the fact parts are dates, codes and years as written,
 * and hashes (16 hex) of free text or of sets (diagnoses, addresses, plates), hashed for length and
 * stability, not secrecy. Same type + same subject + same fact → same key, whatever the order of
 * the rows, the run, or which file brought them.
 */
import { createHash } from 'node:crypto';
import { addDays, type IsoDate } from '../../../core/dates.ts';
import type { Relation } from '../../../policy/household-input.ts';
import { type CompiledMonitoringRules, levelOf } from './params.ts';
import {
  type EntityId,
  type EvidenceRow,
  type HouseholdSnapshot,
  type Level,
  type MemberSnapshot,
  WARNING_TYPES,
  type WarningCandidate,
  type WarningType,
} from './types.ts';

export type Subject = { person: EntityId } | { household: EntityId };

/** Free text as it is compared: NFKC, lower case, no spaces or punctuation. */
export const normaliseFact = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');

/** 16 hex characters of SHA-256 of normalised free text, or of a set of them (order-free). */
export function factHash(text: string | readonly string[]): string {
  const canonical =
    typeof text === 'string' ? normaliseFact(text) : [...new Set(text.map(normaliseFact))].sort().join('\n');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export function signalKey(
  type: WarningType,
  subject: Subject,
  fact: readonly (string | number)[] = [],
): string {
  const who = 'person' in subject ? `p${subject.person}` : `h${subject.household}`;
  return [type, who, ...fact].join(':');
}

/** Everything a rule sees. */
export interface RuleContext {
  household: HouseholdSnapshot;
  rules: CompiledMonitoringRules;
  runDate: IsoDate;
  member: (personId: EntityId) => MemberSnapshot | undefined;
}

/**
 * The context of one household. A class rather than an object with an arrow function: tsx names
 * every closure it creates (`__name`, an Object.defineProperty), and this is made per household.
 */
class HouseholdContext implements RuleContext {
  constructor(
    readonly household: HouseholdSnapshot,
    readonly rules: CompiledMonitoringRules,
    readonly runDate: IsoDate,
  ) {}

  // A household has a handful of members: a scan is cheaper than building a map per household. Ids
  // compare as printed, so a number and its string name the same person.
  member(personId: EntityId): MemberSnapshot | undefined {
    const members = this.household.members;
    for (let i = 0; i < members.length; i++) {
      if (members[i]!.personId === personId) return members[i];
    }
    const key = String(personId);
    for (let i = 0; i < members.length; i++) {
      if (String(members[i]!.personId) === key) return members[i];
    }
    return undefined;
  }
}

export const ruleContext = (
  household: HouseholdSnapshot,
  rules: CompiledMonitoringRules,
  runDate: IsoDate,
): RuleContext => new HouseholdContext(household, rules, runDate);

export interface Finding {
  type: WarningType;
  subject: Subject;
  fact?: readonly (string | number)[];
  /** The level when it is not the type's (危房 by grade). */
  level?: Level | null;
  evidence: readonly EvidenceRow[];
  reason: string;
}

/**
 * The candidate for a finding, or null when the pack switches the type off (or lacks its level or
 * deadlines) or when none of the evidence rows is new (the signal was seen in an earlier run).
 */
export function propose(ctx: RuleContext, f: Finding, requireNew = true): WarningCandidate | null {
  const level = f.level === undefined ? levelOf(ctx.rules, f.type) : f.level;
  const days = ctx.rules.verificationDays;
  if (!level || !days) return null;
  if (requireNew && !f.evidence.some((r) => r.isNew)) return null;
  return {
    type: f.type,
    level,
    signalKey: signalKey(f.type, f.subject, f.fact),
    householdId: ctx.household.householdId,
    personId: 'person' in f.subject ? f.subject.person : null,
    evidence: [...new Set(f.evidence.map((r) => r.ref))].sort(),
    deadline: addDays(ctx.runDate, days[level]),
    reason: f.reason,
    route: WARNING_TYPES[f.type].route,
  };
}

const RELATION_ZH: Record<Relation, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他成员',
};

/** “家庭成员（配偶）”: how reasons name a person, never by name or ID number. */
export const who = (m: MemberSnapshot): string =>
  m.relation === 'head' ? '户主' : `家庭成员（${RELATION_ZH[m.relation]}）`;

/** Rows sorted by a date, then by ref: the one order every rule works in. */
export function sortedBy<R extends EvidenceRow>(rows: readonly R[], date: (r: R) => string): R[] {
  if (rows.length < 2) return rows.slice();
  return [...rows].sort((a, b) => {
    const da = date(a);
    const db = date(b);
    return da < db ? -1 : da > db ? 1 : a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
  });
}

/** Groups rows by a key; groups come out sorted by key. */
export function groupBy<R>(rows: readonly R[], key: (r: R) => string): [string, R[]][] {
  if (rows.length === 0) return [];
  if (rows.length === 1) return [[key(rows[0]!), [rows[0]!]]];
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const out = [...groups];
  if (out.length > 1) out.sort(byGroupKey);
  return out;
}

const byGroupKey = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0);

/** Whether the household, or any of its members, is in a category assisted after a means test. */
export function isAssisted(h: HouseholdSnapshot, assisted: ReadonlySet<string>): boolean {
  return (
    h.categories.some((c) => assisted.has(c)) ||
    h.members.some((m) => m.categories.some((c) => assisted.has(c)))
  );
}
