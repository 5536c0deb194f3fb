import { Tooltip, Typography } from 'antd';
import type { Provenance } from '../../api/households';
import { formatDateTime } from '../../lib/format';

/** The latest of several provenances (an attribute stored in two fields, e.g. disability). */
export function latestOf(...items: Array<Provenance | undefined>): Provenance | undefined {
  return items.reduce<Provenance | undefined>((a, b) => (!b ? a : !a || b.at > a.at ? b : a), undefined);
}

/**
 * Where a value came from, as small text under it: source · who · when, and the reason of the last
 * change; the tooltip repeats it in full.
 */
export function ProvenanceNote({ p, testId }: { p: Provenance | undefined; testId?: string }) {
  if (!p) return null;
  const parts = [p.sourceName, p.actor, formatDateTime(p.at)].filter(Boolean);
  const full = (
    <div>
      <div>来源：{p.sourceName}</div>
      <div>时间：{formatDateTime(p.at)}</div>
      {p.actor && <div>经办人：{p.actor}</div>}
      {p.reason && <div>理由：{p.reason}</div>}
    </div>
  );
  return (
    <Tooltip title={full}>
      <Typography.Text
        type="secondary"
        data-testid={testId}
        style={{ display: 'block', fontSize: 12, lineHeight: 1.4 }}
      >
        {parts.join(' · ')}
        {p.reason ? ` · 理由：${p.reason}` : ''}
      </Typography.Text>
    </Tooltip>
  );
}
