import { Button, Result } from 'antd';
import { isApiError } from '../../api/client';

export function PageError({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const text = isApiError(error) ? error.displayMessage : '页面加载失败';
  return (
    <Result
      status="warning"
      title="加载失败"
      subTitle={text}
      extra={
        onRetry && (
          <Button type="primary" onClick={onRetry}>
            重试
          </Button>
        )
      }
    />
  );
}
