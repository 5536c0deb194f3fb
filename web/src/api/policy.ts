/** Policy packs 政策参数 and the what-if assessment 认定试算 (server: src/modules/policies). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, withQuery } from './client';

export interface PackRef {
  id: string;
  version: number;
}

export interface PackSummary extends PackRef {
  name: string;
  region: string | null;
  effectiveFrom: string;
  effectiveUntil: string | null;
  extends: string | null;
  abstract: boolean;
  exampleValues: boolean;
  lineage: PackRef[];
  /** shipped: a file that comes with doudi; published: published through doudi. */
  source: 'shipped' | 'published';
  file: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  reason: string | null;
  latest: boolean;
}

export interface PackValue {
  path: string;
  value: unknown;
  setBy: PackRef;
  inherited: boolean;
  note: string | null;
  example: boolean;
}

export interface PackDetail {
  pack: PackSummary;
  lineage: Array<PackRef & { name: string }>;
  values: PackValue[];
  content: string;
  source: { title: string; docNo?: string; issuedOn?: string } | null;
  notes: string[];
  description: string | null;
}

export interface PackComparison {
  a: PackSummary;
  b: PackSummary;
  differences: Array<{ path: string; a: unknown; b: unknown }>;
}

export const packKey = (p: PackRef): string => `${p.id}@${p.version}`;

export function parsePackKey(key: string | null | undefined): PackRef | null {
  const m = /^([a-z0-9][a-z0-9-]+)@(\d+)$/.exec(key ?? '');
  return m ? { id: m[1]!, version: Number(m[2]) } : null;
}

/** Packs change only when someone publishes; keep them a while. */
const POLICY_STALE_MS = 5 * 60_000;

export function usePolicies() {
  return useQuery({
    queryKey: ['policies'],
    queryFn: ({ signal }) =>
      apiFetch<{ items: PackSummary[] }>('/api/policies', { signal }).then((r) => r.items),
    staleTime: POLICY_STALE_MS,
  });
}

export function usePolicy(ref: PackRef | null) {
  return useQuery({
    queryKey: ['policies', ref?.id, ref?.version],
    queryFn: ({ signal }) =>
      apiFetch<PackDetail>(`/api/policies/${encodeURIComponent(ref!.id)}/versions/${ref!.version}`, {
        signal,
      }),
    enabled: ref !== null,
    staleTime: POLICY_STALE_MS,
  });
}

export function usePolicyDiff(a: PackRef | null, b: PackRef | null) {
  return useQuery({
    queryKey: ['policies', 'diff', a && packKey(a), b && packKey(b)],
    queryFn: ({ signal }) =>
      apiFetch<PackComparison>(withQuery('/api/policies/diff', { a: packKey(a!), b: packKey(b!) }), {
        signal,
      }),
    enabled: a !== null && b !== null,
    staleTime: POLICY_STALE_MS,
  });
}

/** The pack in force for a region on a date (today when omitted). */
export function useResolvedPolicy(region: string | null, date?: string) {
  return useQuery({
    queryKey: ['policies', 'resolve', region, date ?? null],
    queryFn: ({ signal }) =>
      apiFetch<{ date: string; pack: PackSummary }>(withQuery('/api/policies/resolve', { region, date }), {
        signal,
      }),
    enabled: region !== null,
    staleTime: POLICY_STALE_MS,
    meta: { silent: true },
  });
}

export function usePublishPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { text: string; reason: string }) =>
      apiFetch<{ pack: PackSummary; requestedVersion: number | null }>('/api/policies', {
        method: 'POST',
        body: input,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['policies'] }),
    // The form shows the errors beside the fields.
    meta: { silent: true },
  });
}

// ---------------------------------------------------------------------------------------------------
// What-if

export type Relation =
  | 'head'
  | 'spouse'
  | 'child'
  | 'parent'
  | 'grandchild'
  | 'grandparent'
  | 'sibling'
  | 'other';

/** A household as SPEC appendix A.2. */
export interface HouseholdInput {
  regionCode: string;
  residence: 'urban' | 'rural';
  assessedOn?: string | null;
  members: Array<{
    idNumber: string;
    name: string;
    relation: Relation;
    monthlyIncome: number;
    laborCapacity: 'none' | 'partial' | 'full';
    disability: { grade: number; type: string } | null;
    seriousIllness: boolean;
    student: string | null;
    employed: boolean;
    careLevel: 'self' | 'half' | 'full';
    supporter: 'none' | 'unable' | 'able';
  }>;
  assets: { financial: number; vehicles: number; extraHousing: number; business: boolean };
  income12m?: number | null;
  expenses12m?: { medical: number; education: number; housing: number; care: number };
}

export type AssessedCategory = 'tekun' | 'dibao' | 'dibao_edge' | 'rigid_expense' | 'none';

/** SPEC appendix A.3. */
export interface AssessmentResult {
  category: AssessedCategory;
  members: Array<{ idNumber: string; category: 'tekun' | 'dibao_single' | null }>;
  monthlyAllowance: number;
  entitlements: Array<{
    code: string;
    monthlyAmount: number | null;
    idNumber: string | null;
    name: string;
    ratio?: number;
    department?: string;
    reason?: string;
  }>;
  explanation: Array<{ rule: string; passed: boolean; detail: string }>;
  policy: PackRef;
}

export interface WhatIfAnswer {
  date: string;
  result: AssessmentResult;
  explanationText: string;
  pack: PackRef & { name: string; region: string | null; exampleValues: boolean };
}

export function useWhatIf() {
  return useMutation({
    mutationFn: (household: HouseholdInput) =>
      apiFetch<WhatIfAnswer>('/api/assess/what-if', { method: 'POST', body: household }),
    meta: { silent: true },
  });
}
