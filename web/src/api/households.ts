/**
 * 低收入人口数据库: search, the household page and its corrections (server: src/modules/households,
 * the zod schemas in routes.ts / presenter.ts / edit.ts / members.ts / reveal.ts are the contract).
 */
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Category } from '../lib/labels';
import { apiFetch, isApiError, withQuery } from './client';

// ---------------------------------------------------------------------------------------------
// Search

export interface SearchCriteria {
  idNumber?: string;
  name?: string;
  householdNo?: string;
  /** Region code (2–12 digits) inside the user's subtree; the whole subtree when omitted. */
  region?: string;
  category?: Category;
}

export interface SearchPage {
  limit: number;
  offset: number;
}

export interface SearchPerson {
  personId: number;
  name: string;
  idNumberMasked: string;
}

export interface SearchItem {
  householdId: number;
  householdNo: string;
  region: { code: string; name: string };
  residence: string;
  address: string;
  head: SearchPerson | null;
  memberCount: number;
  categories: Array<{ category: string; categoryName: string }>;
  monitored: boolean;
  /** Members that matched a search by name or ID number. */
  matchedMembers: SearchPerson[];
}

export interface SearchResponse {
  items: SearchItem[];
  total: number;
  /** The server stops counting at a cap: "at least `total`". */
  totalIsLowerBound: boolean;
  limit: number;
  offset: number;
}

const searchQuery = (c: SearchCriteria, p: SearchPage) => ({ ...c, limit: p.limit, offset: p.offset });

export function registrySearchQuery(criteria: SearchCriteria, page: SearchPage) {
  return queryOptions({
    queryKey: ['registry', 'search', criteria, page],
    queryFn: ({ signal }) =>
      apiFetch<SearchResponse>(withQuery('/api/registry/search', searchQuery(criteria, page)), { signal }),
  });
}

export function useRegistrySearch(criteria: SearchCriteria, page: SearchPage) {
  return useQuery({
    ...registrySearchQuery(criteria, page),
    // Paging keeps the current rows on screen until the next page arrives.
    placeholderData: keepPreviousData,
    // The search page shows the error in place of the table.
    meta: { silent: true },
  });
}

/** The XLSX export of a search (all pages; masked by the server according to the role). */
export const exportHref = (criteria: SearchCriteria): string =>
  withQuery('/api/registry/export', { ...criteria });

// ---------------------------------------------------------------------------------------------
// The household page

export interface RegionRef {
  code: string;
  name: string;
  level: string;
}

/** Where the current value of an attribute came from. */
export interface Provenance {
  source: string;
  sourceName: string;
  /** ISO instant. */
  at: string;
  actor: string | null;
  reason: string | null;
}

export interface Member {
  personId: number;
  name: string;
  idNumberMasked: string;
  sex: 'male' | 'female';
  birthDate: string;
  age: number;
  relation: string;
  relationName: string;
  monthlyIncome: number;
  laborCapacity: string;
  disability: { grade: number; type: string | null } | null;
  seriousIllness: boolean;
  studentStage: string | null;
  employed: boolean;
  careLevel: string | null;
  supporter: string;
  deathDate: string | null;
  memberSince: string | null;
  /** Field (`monthlyIncome`, `disabilityGrade`, …) → provenance of its current value. */
  provenance: Record<string, Provenance>;
}

export interface CategoryAssignment {
  id: number;
  category: string;
  categoryName: string;
  level: 'household' | 'person';
  personId: number | null;
  personName: string | null;
  status: string;
  fromDate: string;
  toDate: string | null;
  reason: string | null;
  decisionId: string | null;
  policy: { id: string; version: number | null } | null;
  source: string;
}

export interface MonitoringEntry {
  id: number;
  reason: string;
  reasonName: string;
  fromDate: string;
  untilDate: string | null;
  closedAt: string | null;
  note: string | null;
  active: boolean;
}

export interface TimelineEntry {
  /** ISO instant, or YYYY-MM-DD for dated facts. */
  at: string;
  /** change, membership, category, monitoring; later modules add theirs (warning, …). */
  kind: string;
  title: string;
  detail: string | null;
  actor: string | null;
  source: string | null;
}

export interface HouseholdPage {
  household: {
    id: number;
    householdNo: string;
    region: RegionRef;
    regionPath: RegionRef[];
    residence: 'urban' | 'rural';
    address: string;
    headPersonId: number | null;
    /** Optimistic lock: send it back with every change. */
    version: number;
    updatedAt: string;
    updatedBy: string | null;
    source: string;
    provenance: Record<string, Provenance>;
  };
  members: Member[];
  formerMembers: Array<{
    personId: number;
    name: string;
    idNumberMasked: string;
    leftOn: string;
    reason: string | null;
  }>;
  categories: { current: CategoryAssignment[]; history: CategoryAssignment[] };
  monitoring: { active: boolean; entries: MonitoringEntry[] };
  timeline: TimelineEntry[];
  permissions: { edit: boolean; revealId: boolean; endCategories: boolean };
}

export const householdKey = (id: number) => ['households', id] as const;

export function householdQuery(id: number) {
  return queryOptions({
    queryKey: householdKey(id),
    queryFn: ({ signal }) => apiFetch<HouseholdPage>(`/api/households/${id}`, { signal }),
  });
}

export function useHouseholdPage(id: number) {
  return useQuery({ ...householdQuery(id), meta: { silent: true } });
}

// ---------------------------------------------------------------------------------------------
// Changes (every one carries the version seen, a reason and a source)

export interface ChangeMeta {
  version: number;
  reason: string;
  source: string;
}

export interface PersonChanges {
  name?: string;
  idNumber?: string;
  relation?: string;
  monthlyIncome?: number;
  laborCapacity?: string;
  disabilityGrade?: number | null;
  disabilityType?: string | null;
  seriousIllness?: boolean;
  studentStage?: string | null;
  employed?: boolean;
  careLevel?: string | null;
  supporter?: string;
}

export interface HouseholdChanges {
  address?: string;
  residence?: 'urban' | 'rural';
  regionCode?: string;
  headPersonId?: number;
}

export interface EditInput extends ChangeMeta {
  household?: HouseholdChanges;
  members?: Array<{ personId: number; changes: PersonChanges }>;
}

export interface MoveInput extends ChangeMeta {
  toHouseholdId?: number;
  toVersion?: number;
  newHousehold?: { regionCode: string; address: string; residence?: 'urban' | 'rural' };
  relation: string;
  date?: string;
}

export interface DeathInput extends ChangeMeta {
  deathDate: string;
}

export interface EndCategoriesInput extends ChangeMeta {
  /** The day the categories end (YYYY-MM-DD, not after today). */
  date: string;
  /** The assignments to end; all not yet ended when omitted. */
  categoryIds?: number[];
}

/** Mutations answer the household page as it now is; it replaces the cached one. */
function useHouseholdMutation<I, O>(
  id: number,
  send: (input: I) => Promise<O>,
  pageOf: (out: O) => HouseholdPage,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    // The forms show the server's message (a 409 names who changed the household) themselves.
    meta: { silent: true },
    onSuccess: (out) => {
      queryClient.setQueryData(householdKey(id), pageOf(out));
      void queryClient.invalidateQueries({ queryKey: ['registry', 'search'] });
    },
  });
}

/**
 * The message for a failed move, death record or end of categories. A conflict (409: someone changed the household
 * meanwhile) also reloads the household, so that a second attempt carries the new version.
 */
export function useChangeErrorText(id: number) {
  const queryClient = useQueryClient();
  return (e: unknown, fallback: string): string => {
    if (!isApiError(e)) return fallback;
    if (e.status === 409) {
      void queryClient.invalidateQueries({ queryKey: householdKey(id) });
      return `${e.message}（已载入最新信息，请核对后再次提交）`;
    }
    return e.displayMessage;
  };
}

export function useEditHousehold(id: number) {
  return useHouseholdMutation(
    id,
    (input: EditInput) => apiFetch<HouseholdPage>(`/api/households/${id}`, { method: 'PATCH', body: input }),
    (page) => page,
  );
}

export function useMoveMember(id: number) {
  return useHouseholdMutation(
    id,
    ({ personId, ...input }: MoveInput & { personId: number }) =>
      apiFetch<{ toHouseholdId: number; household: HouseholdPage }>(
        `/api/households/${id}/members/${personId}/move`,
        { method: 'POST', body: input },
      ),
    (out) => out.household,
  );
}

export function useRecordDeath(id: number) {
  return useHouseholdMutation(
    id,
    ({ personId, ...input }: DeathInput & { personId: number }) =>
      apiFetch<HouseholdPage>(`/api/households/${id}/members/${personId}/death`, {
        method: 'POST',
        body: input,
      }),
    (page) => page,
  );
}

/** 终止救助类别: the household then stays in the monitoring pool for the pack's exit window. */
export function useEndCategories(id: number) {
  return useHouseholdMutation(
    id,
    (input: EndCategoriesInput) =>
      apiFetch<HouseholdPage>(`/api/households/${id}/categories/end`, { method: 'POST', body: input }),
    (page) => page,
  );
}

/** The audited reveal of a full ID number; never cached. */
export function useRevealId(householdId: number) {
  return useMutation({
    mutationFn: ({ personId, reason }: { personId: number; reason: string }) =>
      apiFetch<{ idNumber: string }>(`/api/households/${householdId}/members/${personId}/reveal-id`, {
        method: 'POST',
        body: { reason },
      }),
    meta: { silent: true },
  });
}
