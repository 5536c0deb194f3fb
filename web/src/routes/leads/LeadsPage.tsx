import { Alert, Button, Card, Flex, Form, Select, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { type Lead, useLeads } from '../../api/monitoring';
import { LEAD_STATUS_LABELS, LEAD_STATUSES } from '../../lib/monitoring-labels';
import { useCurrentUser } from '../../session/current-user';
import { useDrillRegion } from '../../session/drill-region';
import { LeadEditModal } from './LeadEditModal';
import { LeadsTable } from './LeadsTable';

const SIZE = 20;
const FEED_OPTIONS = [
  ['hardship_student', '家庭经济困难学生'],
  ['relapse_monitor', '防止返贫监测对象'],
  ['serious_illness', '重病'],
  ['disability', '残疾人证'],
  ['unemployment', '登记失业'],
  ['medical_selfpay', '医保自付'],
  ['disaster', '受灾'],
  ['dangerous_housing', '危房'],
  ['death', '死亡'],
].map(([value, label]) => ({ value, label }));

/**
 * 主动发现线索: people in department data who are not in the database, listed for their village, town
 * or — when only the ID number tells — county; the worker follows up, notes, or passes a lead down.
 */
export default function LeadsPage() {
  const user = useCurrentUser();
  const drill = useDrillRegion();
  const [params, setParams] = useSearchParams();
  const status = LEAD_STATUSES.find((s) => s === params.get('status'));
  const feedType = FEED_OPTIONS.find((o) => o.value === params.get('feedType'))?.value;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const leads = useLeads(
    { region: drill.isOwn ? undefined : drill.code, status, feedType },
    { limit: SIZE, offset: (page - 1) * SIZE },
  );
  const [editing, setEditing] = useState<Lead | null>(null);
  const canEdit = user.permissions?.includes('monitoring.verify') ?? false;
  const canReveal = user.permissions?.includes('person.reveal_id') ?? false;
  const set = (k: string, v: string | undefined) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      if (v) p.set(k, v);
      else p.delete(k);
      if (k !== 'page') p.delete('page');
      return p;
    });

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        主动发现线索
      </Typography.Title>
      <Card>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label="跟进状态" htmlFor="lead-status">
            <Select
              id="lead-status"
              allowClear
              placeholder="全部"
              style={{ width: 140 }}
              value={status}
              options={LEAD_STATUSES.map((s) => ({ value: s, label: LEAD_STATUS_LABELS[s] }))}
              onChange={(v?: string) => set('status', v)}
            />
          </Form.Item>
          <Form.Item label="数据来源" htmlFor="lead-feed">
            <Select
              id="lead-feed"
              allowClear
              placeholder="全部"
              style={{ width: 180 }}
              value={feedType}
              options={FEED_OPTIONS}
              onChange={(v?: string) => set('feedType', v)}
            />
          </Form.Item>
        </Form>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          部门数据中不在低收入人口数据库内的人员。仅知区县的线索由县级转交乡镇(街道)或村(居)跟进。
        </Typography.Text>
      </Card>
      <Card>
        {leads.isError ? (
          <Alert
            type="error"
            showIcon
            title={isApiError(leads.error) ? leads.error.displayMessage : '线索加载失败'}
            action={
              <Button size="small" onClick={() => void leads.refetch()}>
                重试
              </Button>
            }
          />
        ) : (
          <LeadsTable
            data={leads.data}
            loading={leads.isFetching}
            page={page}
            size={SIZE}
            onPage={(p) => set('page', String(p))}
            onEdit={canEdit ? setEditing : null}
            canReveal={canReveal}
          />
        )}
      </Card>
      <LeadEditModal lead={editing} onClose={() => setEditing(null)} />
    </Flex>
  );
}
