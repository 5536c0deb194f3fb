import { Card, Col, Row, Typography } from 'antd';
import { useDrillRegion } from '../../session/drill-region';
import { RegionDetail } from './RegionDetail';
import { RegionTree } from './RegionTree';

/** The divisions within the user's scope, loaded level by level; selecting one drills down to it. */
export default function RegionsPage() {
  const { code, drillTo } = useDrillRegion();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card title="行政区划">
          <Typography.Paragraph type="secondary">
            展开节点逐级查看下级区划，选中一个区划即切换当前地区。
          </Typography.Paragraph>
          <RegionTree selected={code} onSelect={drillTo} />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <RegionDetail />
      </Col>
    </Row>
  );
}
