import { EnvironmentOutlined } from '@ant-design/icons';
import { Breadcrumb } from 'antd';
import { Link, useLocation } from 'react-router-dom';
import { useRegion } from '../../api/regions';
import type { RegionRef } from '../../api/types';
import { regionLevelLabel } from '../../lib/labels';
import { useCurrentUser } from '../../session/current-user';
import { DRILL_PARAM, useDrillRegion } from '../../session/drill-region';

/**
 * 省 › 市 › 县 › 乡镇 › 村 down to the region being looked at. Levels from the user's own region
 * downwards link back up; those above it are outside the user's scope and are plain text.
 */
export function RegionBreadcrumb() {
  const user = useCurrentUser();
  const { code, isOwn } = useDrillRegion();
  const { pathname } = useLocation();
  const region = useRegion(code);
  const path: RegionRef[] = region.data?.path ?? (isOwn ? user.regionPath : []);
  const ownIndex = path.findIndex((r) => r.code === user.regionCode);

  const items = path.map((r, i) => {
    const label = <CrumbLabel key={r.code} region={r} first={i === 0} />;
    const linked = ownIndex >= 0 && i >= ownIndex && i < path.length - 1;
    const search = r.code === user.regionCode ? '' : `?${DRILL_PARAM}=${r.code}`;
    return {
      key: r.code,
      title: linked ? <Link to={{ pathname, search }}>{label}</Link> : label,
      'aria-current': i === path.length - 1 ? ('location' as const) : undefined,
    };
  });

  return (
    <section aria-label="当前地区" className="doudi-breadcrumb" data-testid="region-breadcrumb">
      <Breadcrumb separator="›" items={items} />
    </section>
  );
}

function CrumbLabel({ region, first }: { region: RegionRef; first: boolean }) {
  return (
    <span title={regionLevelLabel(region.level)}>
      {first && <EnvironmentOutlined aria-hidden style={{ marginRight: 4 }} />}
      {region.name}
    </span>
  );
}
