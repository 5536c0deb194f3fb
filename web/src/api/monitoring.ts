/**
 * 动态监测预警: the board, warnings, a warning's detail with its visits and handling, verification
 * tasks, and proactive-discovery leads (server: src/modules/monitoring/routes.ts; the zod schemas in
 * presenter.ts, verify.ts, handle.ts and leads.ts are the contract).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HandlingRoute, VisitResult, WarningLevel } from '../lib/monitoring-labels';
import { apiFetch, withQuery } from './client';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

// ---------------------------------------------------------------------------------------------
// Board

export interface Tally {
  total: number;
  open: number;
  overdue: number;
  escalated: number;
  byLevel: Partial<Record<string, number>>;
  byState: Partial<Record<string, number>>;
}

export interface Board {
  region: { code: string; name: string; level: string } | null;
  totals: Tally;
  byType: Array<Tally & { type: string; typeName: string }>;
  children: Array<Tally & { code: string; name: string; level: string }>;
}

export interface WarningFilters {
  region?: string;
  type?: string;
  level?: string;
  state?: string;
  overdue?: boolean;
  escalated?: boolean;
}

const flag = (b: boolean | undefined) => (b === undefined ? undefined : String(b));
const filterQuery = (f: WarningFilters) => ({
  region: f.region,
  type: f.type,
  level: f.level,
  state: f.state,
  overdue: flag(f.overdue),
  escalated: flag(f.escalated),
});

export function useBoard(f: Pick<WarningFilters, 'region' | 'type' | 'level' | 'state'>) {
  return useQuery({
    queryKey: ['monitoring', 'board', f],
    queryFn: ({ signal }) =>
      apiFetch<Board>(
        withQuery('/api/monitoring/board', {
          region: f.region,
          type: f.type,
          level: f.level,
          state: f.state,
        }),
        { signal },
      ),
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

// ---------------------------------------------------------------------------------------------
// Warnings

export interface WarningItem {
  id: number;
  type: string;
  typeName: string;
  level: WarningLevel;
  levelName: string;
  state: string;
  stateName: string;
  reason: string;
  suggestedRoute: string;
  suggestedRouteName: string;
  deadline: string;
  overdue: boolean;
  escalated: boolean;
  createdAt: string;
  closedAt: string | null;
  region: { code: string; name: string | null };
  household: { id: number; householdNo: string; headName: string | null } | null;
  person: {
    id: number;
    name: string;
    idNumberMasked: string;
    relationName: string;
    deceased: boolean;
  } | null;
  policy: { id: string; version: number };
}

export interface Task {
  id: number;
  regionCode: string;
  dueDate: string;
  status: 'pending' | 'done';
  escalated: boolean;
  escalatedAt: string | null;
  completedAt: string | null;
}

export interface Visit {
  id: number;
  visitedOn: string;
  /** Who recorded the visit. */
  visitorName: string;
  /** 核查人员: who went on the visit. */
  visitors: string[];
  findings: string;
  photoNotes: string | null;
  result: string;
  resultName: string;
  recordedAt: string;
}

export interface Handling {
  route: string;
  routeName: string;
  reason: string | null;
  decision: string | null;
  conferenceDate: string | null;
  departments: string[];
  created: Array<{ kind: string; id: string; description: string }>;
  intended: Array<{ action: string; description: string }>;
  handledBy: string;
  handledAt: string;
}

export interface Evidence {
  id: number;
  feedType: string;
  feedTypeName: string;
  department: string | null;
  fileName: string | null;
  rowNumber: number;
  name: string;
  facts: Array<{ key: string; label: string; value: string | null }>;
  loadedAt: string;
}

export interface WarningDetail extends WarningItem {
  evidence: Evidence[];
  task: Task | null;
  visits: Visit[];
  handling: Handling | null;
  permissions: { visit: boolean; handle: boolean; caseConference: boolean };
}

export interface ListPage {
  limit: number;
  offset: number;
}

export function useWarnings(f: WarningFilters, p: ListPage) {
  return useQuery({
    queryKey: ['monitoring', 'warnings', f, p],
    queryFn: ({ signal }) =>
      apiFetch<Page<WarningItem>>(withQuery('/api/monitoring/warnings', { ...filterQuery(f), ...p }), {
        signal,
      }),
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

const warningKey = (id: number) => ['monitoring', 'warning', id] as const;

export function useWarning(id: number) {
  return useQuery({
    queryKey: warningKey(id),
    queryFn: ({ signal }) => apiFetch<WarningDetail>(`/api/monitoring/warnings/${id}`, { signal }),
    meta: { silent: true },
  });
}

export function useHouseholdWarnings(householdId: number) {
  return useQuery({
    queryKey: ['monitoring', 'household', householdId],
    queryFn: ({ signal }) =>
      apiFetch<{ items: WarningItem[] }>(`/api/monitoring/households/${householdId}/warnings`, {
        signal,
      }).then((r) => r.items),
    // The household page stays usable when the warnings cannot be read.
    meta: { silent: true },
    retry: false,
  });
}

export interface VisitInput {
  visitedOn: string;
  /** 核查人员, at least one. */
  visitors: string[];
  findings: string;
  photoNotes?: string;
  result: VisitResult;
}

export type HandlingInput =
  | { route: 'implement_policy'; reason: string; departments?: string[] }
  | { route: 'inform_and_apply'; reason?: string; departments?: string[] }
  | { route: 'verify_and_terminate'; reason: string }
  | { route: 'case_conference'; decision: string; conferenceDate: string }
  | { route: 'no_action'; reason: string };

export type { HandlingRoute };

/** Visits and handling answer the warning as it now is; lists and the board are refetched. */
function useWarningMutation<I>(id: number, send: (input: I) => Promise<WarningDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    meta: { silent: true },
    onSuccess: (detail) => {
      queryClient.setQueryData(warningKey(id), detail);
      void queryClient.invalidateQueries({
        queryKey: ['monitoring'],
        predicate: (q) => q.queryKey[1] !== 'warning',
      });
      if (detail.household)
        void queryClient.invalidateQueries({ queryKey: ['households', detail.household.id] });
    },
  });
}

export function useRecordVisit(id: number) {
  return useWarningMutation(id, (input: VisitInput) =>
    apiFetch<WarningDetail>(`/api/monitoring/warnings/${id}/visits`, { method: 'POST', body: input }),
  );
}

export function useHandleWarning(id: number) {
  return useWarningMutation(id, (input: HandlingInput) =>
    apiFetch<WarningDetail>(`/api/monitoring/warnings/${id}/handling`, { method: 'POST', body: input }),
  );
}

// ---------------------------------------------------------------------------------------------
// Tasks

export interface TaskItem {
  task: Task;
  warning: Pick<WarningItem, 'id' | 'type' | 'typeName' | 'levelName' | 'state' | 'stateName' | 'reason'> & {
    level: string;
  };
  region: { code: string; name: string | null };
  household: WarningItem['household'];
  person: WarningItem['person'];
  overdue: boolean;
}

export interface TaskFilters {
  region?: string;
  status?: 'pending' | 'done';
  overdue?: boolean;
  escalated?: boolean;
}

export function useTasks(f: TaskFilters, p: ListPage) {
  return useQuery({
    queryKey: ['monitoring', 'tasks', f, p],
    queryFn: ({ signal }) =>
      apiFetch<Page<TaskItem>>(
        withQuery('/api/monitoring/tasks', {
          region: f.region,
          status: f.status,
          overdue: flag(f.overdue),
          escalated: flag(f.escalated),
          ...p,
        }),
        { signal },
      ),
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

// ---------------------------------------------------------------------------------------------
// Leads

export interface Lead {
  id: number;
  name: string;
  idNumberMasked: string;
  region: { code: string; name: string | null } | null;
  regionPrecision: 'village' | 'town' | 'county' | 'unknown';
  feedTypes: Array<{ type: string; name: string }>;
  rows: number;
  status: string;
  statusName: string;
  note: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  updatedBy: string | null;
}

export interface LeadFilters {
  region?: string;
  status?: string;
  feedType?: string;
}

export function useLeads(f: LeadFilters, p: ListPage) {
  return useQuery({
    queryKey: ['monitoring', 'leads', f, p],
    queryFn: ({ signal }) =>
      apiFetch<Page<Lead>>(withQuery('/api/monitoring/leads', { ...f, ...p }), { signal }),
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

export interface LeadUpdate {
  status?: 'open' | 'contacted' | 'applied' | 'dismissed';
  note?: string;
  regionCode?: string;
}

export function useUpdateLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: LeadUpdate & { id: number }) =>
      apiFetch<Lead>(`/api/monitoring/leads/${id}`, { method: 'PATCH', body }),
    meta: { silent: true },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['monitoring', 'leads'] }),
  });
}

/** The audited reveal of a lead's full ID number; never cached. */
export function useRevealLeadId() {
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) =>
      apiFetch<{ idNumber: string }>(`/api/monitoring/leads/${id}/reveal-id`, {
        method: 'POST',
        body: { reason },
      }),
    meta: { silent: true },
  });
}
