import { Space, Tag, Typography } from 'antd';
import {
  isWarningLevel,
  isWarningState,
  LEVEL_TAG_COLORS,
  levelLabel,
  STATE_TAG_COLORS,
  stateLabel,
} from '../../lib/monitoring-labels';

/** 红色 / 橙色 / 黄色 as a coloured tag. */
export function LevelTag({ level, name }: { level: string; name?: string }) {
  return (
    <Tag color={isWarningLevel(level) ? LEVEL_TAG_COLORS[level] : undefined} data-testid="level-tag">
      {name ?? levelLabel(level)}
    </Tag>
  );
}

export function StateTag({ state, name }: { state: string; name?: string }) {
  return (
    <Tag color={isWarningState(state) ? STATE_TAG_COLORS[state] : undefined} data-testid="state-tag">
      {name ?? stateLabel(state)}
    </Tag>
  );
}

/** The verification deadline with its 逾期 / 已上报县级 marks. */
export function DeadlineMark({
  deadline,
  overdue,
  escalated,
}: {
  deadline: string;
  overdue: boolean;
  escalated: boolean;
}) {
  return (
    <Space size={4} wrap>
      <Typography.Text type={overdue ? 'danger' : undefined}>{deadline}</Typography.Text>
      {overdue && <Tag color="error">逾期</Tag>}
      {escalated && <Tag color="volcano">已上报县级</Tag>}
    </Space>
  );
}
