import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WARNING_TYPE_LIST } from '../rules/types.ts';
import { normaliseHeader, normaliseOption } from './cells.ts';
import { type ColumnSpec, FEED_TYPES, FEEDS, isFeedType } from './feed-types.ts';

const columns = (t: (typeof FEED_TYPES)[number]) => FEEDS[t].columns as readonly ColumnSpec[];

describe('feed types (SPEC A.4)', () => {
  it('has the 13 feeds of the contract', () => {
    expect(FEED_TYPES).toEqual([
      'death',
      'unemployment',
      'medical_selfpay',
      'serious_illness',
      'disability',
      'hardship_student',
      'disaster',
      'relapse_monitor',
      'dangerous_housing',
      'vehicle',
      'business',
      'real_estate',
      'high_income',
    ]);
    expect(isFeedType('death')).toBe(true);
    expect(isFeedType('toString')).toBe(false);
  });

  it('starts every feed with a required id_number and name', () => {
    for (const t of FEED_TYPES) {
      const [id, name] = columns(t);
      expect(id).toMatchObject({ key: 'id_number', type: 'id', required: true });
      expect(name).toMatchObject({ key: 'name', type: 'name', required: true });
    }
  });

  it('keeps the column names of A.4', () => {
    const keys = Object.fromEntries(
      FEED_TYPES.map((t) => [
        t,
        columns(t)
          .map((c) => c.key)
          .slice(2),
      ]),
    );
    expect(keys).toMatchObject({
      death: ['death_date'],
      unemployment: ['registered_on'],
      medical_selfpay: ['settled_on', 'total_cost', 'self_pay', 'settlement_no'],
      serious_illness: ['diagnosis', 'diagnosed_on'],
      disability: ['grade', 'type', 'certified_on'],
      hardship_student: ['school', 'stage', 'recognized_on'],
      disaster: ['disaster_type', 'loss_amount', 'occurred_on'],
      relapse_monitor: ['monitor_type', 'household_head_id', 'identified_on'],
      dangerous_housing: ['grade', 'assessed_on'],
      vehicle: ['plate', 'registered_on', 'value'],
      business: ['company', 'registered_on', 'capital'],
      real_estate: ['address', 'registered_on', 'area'],
      high_income: ['period', 'amount'],
    });
    expect(FEEDS.disability.columns[2].zh).toBe('残疾等级');
    expect(FEEDS.dangerous_housing.columns[2].options.map((o) => o.code)).toEqual(['C', 'D']);
  });

  it('names the sending department of SPEC §6', () => {
    expect(Object.fromEntries(FEED_TYPES.map((t) => [t, FEEDS[t].department]))).toEqual({
      death: '公安/民政',
      unemployment: '人社',
      medical_selfpay: '医保',
      serious_illness: '卫健',
      disability: '残联',
      hardship_student: '教育',
      disaster: '应急',
      relapse_monitor: '农业农村',
      dangerous_housing: '住建',
      vehicle: '公安',
      business: '市场监管',
      real_estate: '不动产登记',
      high_income: '税务',
    });
  });

  it('never lets one header name two columns of a feed', () => {
    for (const t of FEED_TYPES) {
      const seen = new Map<string, string>();
      for (const c of columns(t)) {
        for (const name of [c.key, c.zh, ...c.synonyms]) {
          const n = normaliseHeader(name);
          expect(n, `${t}: “${name}”`).not.toBe('');
          const other = seen.get(n);
          expect(other === undefined || other === c.key, `${t}: “${name}” names ${other} and ${c.key}`).toBe(
            true,
          );
          seen.set(n, c.key);
        }
      }
    }
  });

  it('never lets one enum alias name two options', () => {
    for (const t of FEED_TYPES) {
      for (const c of columns(t)) {
        const seen = new Map<string, string>();
        for (const o of c.options ?? []) {
          for (const a of [o.code, o.zh, ...o.aliases]) {
            const other = seen.get(normaliseOption(a));
            expect(other === undefined || other === o.code, `${t}.${c.key}: ${a}`).toBe(true);
            seen.set(normaliseOption(a), o.code);
          }
        }
      }
    }
  });

  it('gives every column an example that is not empty', () => {
    for (const t of FEED_TYPES) for (const c of columns(t)) expect(c.example.length).toBeGreaterThan(0);
  });
});

describe('docs/feeds.md', () => {
  const doc = readFileSync(new URL('../../../../docs/feeds.md', import.meta.url), 'utf8');

  it('documents every feed, column, header and warning type', () => {
    for (const t of FEED_TYPES) {
      expect(doc, t).toContain(`### \`${t}\` ${FEEDS[t].zh}`);
      for (const c of columns(t)) {
        expect(doc, `${t}.${c.key}`).toContain(`| \`${c.key}\``);
        for (const name of [c.zh, ...c.synonyms]) expect(doc, `${t}.${c.key}: ${name}`).toContain(name);
      }
    }
    for (const w of WARNING_TYPE_LIST) expect(doc, w).toContain(`| \`${w}\``);
  });
});
