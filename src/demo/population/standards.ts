/**
 * The figures the demo incomes are drawn against: each county's 低保标准 and multipliers from the
 * shipped policy pack in force there on DEMO_AS_OF, so that a 低保 household of the demo really has an
 * income below n × S and a 低保边缘 household one between n × S and n × S × edge.incomeMultiplier.
 */
import { yuanToFen } from '../../core/money.ts';
import { loadCatalog } from '../../policy/pack-files.ts';
import { findPackFor, type PackCatalog } from '../../policy/pack-loader.ts';
import { DEMO_AS_OF } from './plan.ts';

export type DemoStandards = {
  policyId: string | null;
  policyVersion: number | null;
  /** 低保标准, fen per person per month. */
  dibao: { urban: number; rural: number };
  /** 上年度居民人均可支配收入 as fen per person per month. */
  disposableMonthly: { urban: number; rural: number };
  edgeMultiplier: number;
  rigidLowerMultiplier: number | null;
  elderlyAge: number;
  minorAge: number;
  /** Months a household stays in the monitoring pool after exiting, or after a rejection. */
  exitedMonths: number;
  rejectedMonths: number;
};

/** Used when no pack applies (a region outside the shipped packs). Example values. */
export const FALLBACK_STANDARDS: DemoStandards = {
  policyId: null,
  policyVersion: null,
  dibao: { urban: 80_000, rural: 60_000 },
  disposableMonthly: { urban: 431_800, rural: 180_800 },
  edgeMultiplier: 1.5,
  rigidLowerMultiplier: null,
  elderlyAge: 60,
  minorAge: 18,
  exitedMonths: 24,
  rejectedMonths: 12,
};

export class StandardsBook {
  private readonly byCounty = new Map<string, DemoStandards>();
  constructor(private readonly catalog: PackCatalog | null) {}

  static async load(): Promise<StandardsBook> {
    try {
      return new StandardsBook(await loadCatalog());
    } catch {
      // The demo still loads with example figures when the packs cannot be read.
      return new StandardsBook(null);
    }
  }

  forCounty(county6: string): DemoStandards {
    let s = this.byCounty.get(county6);
    if (!s) {
      s = this.resolve(county6);
      this.byCounty.set(county6, s);
    }
    return s;
  }

  private resolve(county6: string): DemoStandards {
    if (!this.catalog) return FALLBACK_STANDARDS;
    const entry = findPackFor(this.catalog, county6, DEMO_AS_OF);
    if (!entry) return FALLBACK_STANDARDS;
    const p = entry.pack;
    return {
      policyId: p.id,
      policyVersion: p.version,
      dibao: { urban: yuanToFen(p.standards.dibao.urban), rural: yuanToFen(p.standards.dibao.rural) },
      disposableMonthly: {
        urban: Math.floor(yuanToFen(p.standards.disposableIncome.urban) / 12),
        rural: Math.floor(yuanToFen(p.standards.disposableIncome.rural) / 12),
      },
      edgeMultiplier: p.edge.incomeMultiplier,
      rigidLowerMultiplier: p.rigid.incomeLowerMultiplier,
      elderlyAge: p.tekun.elderlyAge,
      minorAge: p.tekun.minorAge,
      exitedMonths: p.monitoring.exitedMonths,
      rejectedMonths: p.monitoring.rejectedMonths,
    };
  }
}
