import { BarChartOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Skeleton } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useRegion } from '../../api/regions';
import { regionLevelLabel } from '../../lib/labels';
import { useDrillRegion } from '../../session/drill-region';

/** The current region's name, code, level and path, with a way to its figures. */
export function RegionDetail() {
  const { code, search } = useDrillRegion();
  const region = useRegion(code);
  const navigate = useNavigate();

  const body = region.data ? (
    <Descriptions
      column={1}
      size="small"
      items={[
        { key: 'name', label: '名称', children: region.data.name },
        { key: 'code', label: '区划代码', children: region.data.code },
        { key: 'level', label: '级别', children: regionLevelLabel(region.data.level) },
        { key: 'path', label: '所属', children: region.data.path.map((p) => p.name).join(' › ') },
      ]}
    />
  ) : region.isError ? (
    <Empty description="无法读取该地区" />
  ) : (
    <Skeleton active paragraph={{ rows: 3 }} />
  );

  return (
    <Card
      title="当前地区"
      extra={
        <Button type="link" icon={<BarChartOutlined />} onClick={() => navigate({ pathname: '/', search })}>
          查看统计
        </Button>
      }
    >
      {body}
    </Card>
  );
}
