/** What leaves the server about policy packs and what-if assessments: whitelisted shapes. */
import { z } from 'zod';
import type { Published } from './publish.ts';
import type { PackComparison, PackDetail, PackListItem } from './service.ts';
import type { WhatIfAnswer } from './what-if.ts';

const packRef = z.object({ id: z.string(), version: z.number() });

export const packSummarySchema = z.object({
  id: z.string(),
  version: z.number(),
  name: z.string(),
  region: z.string().nullable(),
  effectiveFrom: z.string(),
  effectiveUntil: z.string().nullable(),
  extends: z.string().nullable(),
  abstract: z.boolean(),
  exampleValues: z.boolean(),
  lineage: z.array(packRef),
  /** shipped: a file of `policies/`; published: published through doudi. */
  source: z.enum(['shipped', 'published']),
  file: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  reason: z.string().nullable(),
  /** The highest version of its id. */
  latest: z.boolean(),
});
export type PackSummaryView = z.infer<typeof packSummarySchema>;

export function presentSummary(s: PackListItem): PackSummaryView {
  const o = s.origin;
  return {
    id: s.id,
    version: s.version,
    name: s.name,
    region: s.region,
    effectiveFrom: s.effectiveFrom,
    effectiveUntil: s.effectiveUntil,
    extends: s.extends,
    abstract: s.abstract,
    exampleValues: s.exampleValues,
    lineage: s.lineage.map((r) => ({ id: r.id, version: r.version })),
    source: o.kind,
    file: o.kind === 'shipped' ? o.file : null,
    publishedAt: o.kind === 'published' ? o.publishedAt : null,
    publishedBy: o.kind === 'published' ? o.publishedBy : null,
    reason: o.kind === 'published' ? o.reason : null,
    latest: s.latest,
  };
}

export const packDetailSchema = z.object({
  pack: packSummarySchema,
  lineage: z.array(packRef.extend({ name: z.string() })),
  values: z.array(
    z.object({
      path: z.string(),
      value: z.unknown(),
      setBy: packRef,
      inherited: z.boolean(),
      note: z.string().nullable(),
      example: z.boolean(),
    }),
  ),
  content: z.string(),
  source: z
    .object({ title: z.string(), docNo: z.string().optional(), issuedOn: z.string().optional() })
    .nullable(),
  notes: z.array(z.string()),
  description: z.string().nullable(),
});

export function presentDetail(d: PackDetail): z.infer<typeof packDetailSchema> {
  return {
    pack: presentSummary(d.summary),
    lineage: d.lineage,
    values: d.values.map((v) => ({
      path: v.path,
      value: v.value,
      setBy: v.setBy,
      inherited: v.inherited,
      note: v.note,
      example: v.example,
    })),
    content: d.content,
    source: d.source
      ? {
          title: d.source.title,
          ...(d.source.docNo ? { docNo: d.source.docNo } : {}),
          ...(d.source.issuedOn ? { issuedOn: d.source.issuedOn } : {}),
        }
      : null,
    notes: d.notes,
    description: d.description,
  };
}

export const comparisonSchema = z.object({
  a: packSummarySchema,
  b: packSummarySchema,
  differences: z.array(z.object({ path: z.string(), a: z.unknown(), b: z.unknown() })),
});

export function presentComparison(c: PackComparison): z.infer<typeof comparisonSchema> {
  return {
    a: presentSummary(c.a),
    b: presentSummary(c.b),
    differences: c.differences.map((d) => ({ path: d.path, a: d.a, b: d.b })),
  };
}

export const publishedSchema = z.object({
  pack: packSummarySchema,
  /** The version the text asked for when it was not the next one (the next one was assigned). */
  requestedVersion: z.number().nullable(),
});

export function presentPublished(p: Published, summary: PackListItem): z.infer<typeof publishedSchema> {
  return { pack: presentSummary(summary), requestedVersion: p.requestedVersion };
}

const entitlementSchema = z.object({
  code: z.string(),
  monthlyAmount: z.number().nullable(),
  idNumber: z.string().nullable(),
  name: z.string(),
  ratio: z.number().optional(),
  department: z.string().optional(),
  reason: z.string().optional(),
});

/** SPEC appendix A.3, plus the Chinese names of entitlements. */
export const assessmentResultSchema = z.object({
  category: z.enum(['tekun', 'dibao', 'dibao_edge', 'rigid_expense', 'none']),
  members: z.array(
    z.object({ idNumber: z.string(), category: z.enum(['tekun', 'dibao_single']).nullable() }),
  ),
  monthlyAllowance: z.number(),
  entitlements: z.array(entitlementSchema),
  explanation: z.array(z.object({ rule: z.string(), passed: z.boolean(), detail: z.string() })),
  policy: packRef,
});

export const whatIfSchema = z.object({
  date: z.string(),
  result: assessmentResultSchema,
  explanationText: z.string(),
  pack: z.object({
    id: z.string(),
    version: z.number(),
    name: z.string(),
    region: z.string().nullable(),
    exampleValues: z.boolean(),
  }),
});

export function presentWhatIf(a: WhatIfAnswer): z.infer<typeof whatIfSchema> {
  const r = a.result;
  return {
    date: a.date,
    result: {
      category: r.category,
      members: r.members.map((m) => ({ idNumber: m.idNumber, category: m.category })),
      monthlyAllowance: r.monthlyAllowance,
      entitlements: r.entitlements.map((e) => ({
        code: e.code,
        monthlyAmount: e.monthlyAmount,
        idNumber: e.idNumber,
        name: e.name,
        ...(e.ratio !== undefined ? { ratio: e.ratio } : {}),
        ...(e.department !== undefined ? { department: e.department } : {}),
        ...(e.reason !== undefined ? { reason: e.reason } : {}),
      })),
      explanation: r.explanation.map((x) => ({ rule: x.rule, passed: x.passed, detail: x.detail })),
      policy: { id: r.policy.id, version: r.policy.version },
    },
    explanationText: a.explanationText,
    pack: a.pack,
  };
}
