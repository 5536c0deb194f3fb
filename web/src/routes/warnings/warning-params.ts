/**
 * The board's filters live in the URL (`?type=&level=&state=&overdue=1&escalated=1&page=&size=`) so
 * that the back button from a warning returns to the same list; the region is the app-wide drill-down
 * region `?region=` (session/drill-region.ts).
 */
import type { WarningFilters } from '../../api/monitoring';
import { isWarningLevel, isWarningState, WARNING_TYPES } from '../../lib/monitoring-labels';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
const DEFAULT_SIZE = 20;

export interface BoardState {
  filters: Omit<WarningFilters, 'region'>;
  page: number;
  size: number;
}

const positive = (s: string | null, fallback: number) => {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

export function readBoard(p: URLSearchParams): BoardState {
  const type = p.get('type') ?? '';
  const level = p.get('level') ?? '';
  const state = p.get('state') ?? '';
  const size = positive(p.get('size'), DEFAULT_SIZE);
  return {
    filters: {
      type: (WARNING_TYPES as readonly string[]).includes(type) ? type : undefined,
      level: isWarningLevel(level) ? level : undefined,
      state: isWarningState(state) ? state : undefined,
      overdue: p.get('overdue') === '1' ? true : undefined,
      escalated: p.get('escalated') === '1' ? true : undefined,
    },
    page: positive(p.get('page'), 1),
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
  };
}

/** Writes the board into `prev`, keeping `?region=` and anything else. */
export function writeBoard(prev: URLSearchParams, s: BoardState): URLSearchParams {
  const p = new URLSearchParams(prev);
  const set = (k: string, v: string | undefined) => (v ? p.set(k, v) : p.delete(k));
  set('type', s.filters.type);
  set('level', s.filters.level);
  set('state', s.filters.state);
  set('overdue', s.filters.overdue ? '1' : undefined);
  set('escalated', s.filters.escalated ? '1' : undefined);
  set('page', s.page > 1 ? String(s.page) : undefined);
  set('size', s.size !== DEFAULT_SIZE ? String(s.size) : undefined);
  return p;
}
