import { MenuOutlined } from '@ant-design/icons';
import { Button, Layout } from 'antd';
import { useState } from 'react';
import { Outlet } from 'react-router-dom';
import { HeaderBar } from './HeaderBar';
import { RegionBreadcrumb } from './RegionBreadcrumb';
import { SideMenu } from './SideMenu';

const { Sider, Header, Content } = Layout;

/** On narrow screens the menu floats over the page instead of pushing it aside. */
const overlayStyle = { position: 'fixed', inset: '0 auto 0 0', zIndex: 1001, overflow: 'auto' } as const;

/**
 * The frame of every signed-in screen. Below the `lg` breakpoint the side menu leaves the page and
 * opens over it from a button in the header.
 */
export function AppLayout() {
  const [collapsed, setCollapsed] = useState(false);
  const [narrow, setNarrow] = useState(false);
  const menuOpen = narrow && !collapsed;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        id="doudi-sider"
        theme="light"
        width={208}
        breakpoint="lg"
        collapsedWidth={narrow ? 0 : 64}
        collapsible
        trigger={narrow ? null : undefined}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        onBreakpoint={(broken) => {
          setNarrow(broken);
          setCollapsed(broken);
        }}
        className={narrow ? undefined : 'doudi-sider'}
        style={narrow ? overlayStyle : undefined}
      >
        <div className="doudi-brand" title="兜底 · 社会救助平台">
          {collapsed && !narrow ? '兜底' : '兜底 · 社会救助'}
        </div>
        <SideMenu onNavigate={() => narrow && setCollapsed(true)} />
      </Sider>
      {menuOpen && <div className="doudi-backdrop" aria-hidden onClick={() => setCollapsed(true)} />}
      <Layout>
        <Header className="doudi-header">
          {narrow && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={menuOpen ? '关闭菜单' : '打开菜单'}
              aria-expanded={menuOpen}
              aria-controls="doudi-sider"
              onClick={() => setCollapsed(!collapsed)}
            />
          )}
          <HeaderBar />
        </Header>
        <Content className="doudi-content">
          <RegionBreadcrumb />
          <main>
            <Outlet />
          </main>
        </Content>
      </Layout>
    </Layout>
  );
}
