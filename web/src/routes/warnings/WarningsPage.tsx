import { Alert, Button, Card, Col, Empty, Flex, Row, Skeleton, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useBoard, useWarnings } from '../../api/monitoring';
import { regionLevelLabel } from '../../lib/labels';
import { useDrillRegion } from '../../session/drill-region';
import { useUpdateSearchParams } from '../../session/search-params';
import { PageError } from '../shared/PageError';
import { BoardSummary } from './BoardSummary';
import { ChildRegionWarnings } from './ChildRegionWarnings';
import { TypeTable } from './TypeTable';
import { WarningFilterBar } from './WarningFilterBar';
import { WarningsTable } from './WarningsTable';
import { type BoardState, readBoard, writeBoard } from './warning-params';

// ECharts is large: it loads with the chart, after the figures are on screen.
const RegionWarningChart = lazy(() => import('./RegionWarningChart'));

/**
 * 预警处置看板: the drill-down region's warnings by child region, type, level and state, then the
 * filtered list. The region is `?region=` (shared with the breadcrumb); the filters are in the URL too.
 */
export default function WarningsPage() {
  const drill = useDrillRegion();
  const [params] = useSearchParams();
  const updateParams = useUpdateSearchParams();
  const state = readBoard(params);
  const region = drill.isOwn ? undefined : drill.code;
  const { type, level, state: wState } = state.filters;
  const board = useBoard({ region, type, level, state: wState });
  const list = useWarnings(
    { region, ...state.filters },
    { limit: state.size, offset: (state.page - 1) * state.size },
  );

  // Every change starts from the board as the URL has it now, not as it was at this render: two quick
  // changes (清除筛选, then a region or a type) must not bring back what the first one removed.
  const go = (next: (now: BoardState) => Partial<BoardState>) =>
    updateParams((latest) => {
      const now = readBoard(latest);
      return writeBoard(latest, { ...now, page: 1, ...next(now) });
    });
  const filter = (patch: BoardState['filters']) => go((now) => ({ filters: { ...now.filters, ...patch } }));

  if (board.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (board.isError) return <PageError error={board.error} onRetry={() => void board.refetch()} />;
  const { totals, byType, children } = board.data;
  const regionName = board.data.region?.name ?? '全部地区';

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="board-title">
        {regionName}
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 8 }}>
          {board.data.region ? `${regionLevelLabel(board.data.region.level)}级 · ` : ''}预警处置
        </Typography.Text>
      </Typography.Title>
      {totals.total === 0 && !type && !level && !wState ? (
        <Card>
          <Empty description="本地区暂无预警。部门数据导入并比对后，发现的风险会在这里列出。" />
        </Card>
      ) : (
        <BoardSummary
          totals={totals}
          onLevel={(l) => filter({ level: l })}
          onState={(s) => filter({ state: s })}
          onOverdue={() => filter({ overdue: true })}
          onEscalated={() => filter({ escalated: true })}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title="下级地区预警数（点击柱形下钻）">
            {children.length === 0 ? (
              <Empty description="本地区没有下级地区" />
            ) : children.every((c) => c.total === 0) ? (
              <Empty description="下级地区暂无预警" />
            ) : (
              <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 340 }} />}>
                <RegionWarningChart regions={children} onSelect={drill.drillTo} />
              </Suspense>
            )}
            {children.length > 0 && <ChildRegionWarnings rows={children} onSelect={drill.drillTo} />}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="按预警类型">
            <TypeTable rows={byType} onSelect={(t) => filter({ type: t })} />
          </Card>
        </Col>
      </Row>
      <Card title="预警列表">
        <Flex vertical gap={12}>
          <WarningFilterBar
            value={state.filters}
            onChange={filter}
            onClear={() => go(() => ({ filters: {} }))}
          />
          {list.isError ? (
            <Alert
              type="error"
              showIcon
              title={isApiError(list.error) ? list.error.displayMessage : '预警列表加载失败'}
              action={
                <Button size="small" onClick={() => void list.refetch()}>
                  重试
                </Button>
              }
            />
          ) : (
            <WarningsTable
              data={list.data}
              loading={list.isFetching}
              page={state.page}
              size={state.size}
              onPage={(page, size) => go((now) => ({ page: size === now.size ? page : 1, size }))}
            />
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
