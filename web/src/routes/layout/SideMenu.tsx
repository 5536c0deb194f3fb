import { Menu } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useCurrentUser } from '../../session/current-user';
import { useDrillRegion } from '../../session/drill-region';
import { menuRoutesForRole } from '..';

/** The menu of the screens the user's role may open; moving between screens keeps the drill-down. */
export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const user = useCurrentUser();
  const { search } = useDrillRegion();
  const location = useLocation();
  const navigate = useNavigate();
  const items = menuRoutesForRole(user.role).map((r) => ({ key: r.path, icon: r.icon, label: r.label }));
  // A detail page (/households/12) lights up the menu entry it belongs to (/households).
  const selected = items
    .map((i) => i.key)
    .filter((k) => location.pathname === k || (k !== '/' && location.pathname.startsWith(`${k}/`)))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Menu
      mode="inline"
      aria-label="主菜单"
      selectedKeys={selected ? [selected] : []}
      items={items}
      onClick={({ key }) => {
        navigate({ pathname: key, search });
        onNavigate?.();
      }}
    />
  );
}
