import { Menu } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useCurrentUser } from '../../session/current-user';
import { useDrillRegion } from '../../session/drill-region';
import { routesForRole } from '..';

/** The menu of the screens the user's role may open; moving between screens keeps the drill-down. */
export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const user = useCurrentUser();
  const { search } = useDrillRegion();
  const location = useLocation();
  const navigate = useNavigate();
  const items = routesForRole(user.role).map((r) => ({ key: r.path, icon: r.icon, label: r.label }));

  return (
    <Menu
      mode="inline"
      aria-label="主菜单"
      selectedKeys={[location.pathname]}
      items={items}
      onClick={({ key }) => {
        navigate({ pathname: key, search });
        onNavigate?.();
      }}
    />
  );
}
