import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Grid, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useLogout } from '../../api/auth';
import { roleLabel } from '../../lib/labels';
import { useCurrentUser } from '../../session/current-user';

/** Who is signed in (name, role, region) and the way out. */
export function HeaderBar() {
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const roleName = user.roleName ?? roleLabel(user.role);
  const role = user.department ? `${roleName} · ${user.department}` : roleName;

  return (
    <Space size="middle" wrap={false} style={{ marginLeft: 'auto' }} aria-label="当前用户">
      <Space size={4}>
        <UserOutlined aria-hidden />
        <Typography.Text strong data-testid="user-display-name">
          {user.displayName}
        </Typography.Text>
      </Space>
      {screens.md && <Tag color="blue">{role}</Tag>}
      {screens.sm && <Typography.Text type="secondary">{user.regionName}</Typography.Text>}
      <Button
        icon={<LogoutOutlined />}
        loading={logout.isPending}
        onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
      >
        退出登录
      </Button>
    </Space>
  );
}
