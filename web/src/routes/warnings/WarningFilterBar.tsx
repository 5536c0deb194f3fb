import { Button, Checkbox, Flex, Form, Select } from 'antd';
import type { WarningFilters } from '../../api/monitoring';
import {
  LEVEL_LABELS,
  STATE_LABELS,
  TYPE_LABELS,
  WARNING_LEVELS,
  WARNING_STATES,
  WARNING_TYPES,
} from '../../lib/monitoring-labels';

type Filters = Omit<WarningFilters, 'region'>;

const TYPE_OPTIONS = WARNING_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }));
const LEVEL_OPTIONS = WARNING_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }));
const STATE_OPTIONS = WARNING_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }));

/**
 * Type, level, state, overdue and escalated; every change applies at once (the region is the
 * breadcrumb's). A change is passed on as a patch, for the page to apply to the filters as the URL
 * has them when it lands, never as a whole set of filters read at this render.
 */
export function WarningFilterBar({
  value,
  onChange,
  onClear,
}: {
  value: Filters;
  onChange: (patch: Partial<Filters>) => void;
  onClear: () => void;
}) {
  const any = Object.values(value).some((v) => v !== undefined);
  return (
    <Form layout="inline" style={{ rowGap: 8 }} data-testid="warning-filters">
      <Form.Item label="预警类型" htmlFor="wf-type">
        <Select
          id="wf-type"
          allowClear
          placeholder="全部类型"
          style={{ width: 200 }}
          options={TYPE_OPTIONS}
          value={value.type}
          onChange={(v?: string) => onChange({ type: v })}
        />
      </Form.Item>
      <Form.Item label="等级" htmlFor="wf-level">
        <Select
          id="wf-level"
          allowClear
          placeholder="全部等级"
          style={{ width: 110 }}
          options={LEVEL_OPTIONS}
          value={value.level}
          onChange={(v?: string) => onChange({ level: v })}
        />
      </Form.Item>
      <Form.Item label="状态" htmlFor="wf-state">
        <Select
          id="wf-state"
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          options={STATE_OPTIONS}
          value={value.state}
          onChange={(v?: string) => onChange({ state: v })}
        />
      </Form.Item>
      <Form.Item>
        <Flex gap={8} align="center">
          <Checkbox
            checked={value.overdue === true}
            onChange={(e) => onChange({ overdue: e.target.checked || undefined })}
          >
            只看逾期
          </Checkbox>
          <Checkbox
            checked={value.escalated === true}
            onChange={(e) => onChange({ escalated: e.target.checked || undefined })}
          >
            只看已上报县级
          </Checkbox>
          {any && (
            <Button size="small" onClick={onClear}>
              清除筛选
            </Button>
          )}
        </Flex>
      </Form.Item>
    </Form>
  );
}
