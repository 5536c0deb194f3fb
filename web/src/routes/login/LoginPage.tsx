import { LoadingOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { type LoginInput, useLogin, useMe } from '../../api/auth';
import { isApiError } from '../../api/client';
import './login.css';

interface FromState {
  from?: { pathname?: string; search?: string };
}

/** Where to go after signing in: back to the page that sent the user here, else home. */
function returnPath(state: unknown): string {
  const from = (state as FromState | null)?.from;
  if (!from?.pathname || from.pathname === '/login') return '/';
  return `${from.pathname}${from.search ?? ''}`;
}

export default function LoginPage() {
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const target = returnPath(location.state);

  if (me.data) return <Navigate to={target} replace />;

  const onFinish = (values: LoginInput) =>
    login.mutate(values, { onSuccess: () => navigate(target, { replace: true }) });

  const error = login.error
    ? isApiError(login.error)
      ? login.error.displayMessage
      : '登录失败，请稍后重试'
    : null;

  return (
    <main className="doudi-login">
      <Card className="doudi-login-card">
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          兜底 · 社会救助平台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          低收入人口动态监测 · 分层分类社会救助
        </Typography.Paragraph>
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <Form<LoginInput>
          name="login"
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          onValuesChange={() => login.isError && login.reset()}
          disabled={login.isPending}
        >
          <Form.Item
            label="用户名"
            name="username"
            rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
          >
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password
              prefix={<LockOutlined aria-hidden />}
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            {/* Not `loading`: antd's animated loading icon can stay in the DOM (invisible) after a quick
                request and rename the button "loading 登录" for screen readers. */}
            <Button
              type="primary"
              htmlType="submit"
              block
              size="large"
              icon={login.isPending ? <LoadingOutlined aria-hidden /> : undefined}
              aria-busy={login.isPending}
            >
              登录
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </main>
  );
}
