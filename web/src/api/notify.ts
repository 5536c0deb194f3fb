/**
 * A bridge from code outside React (the query cache) to antd's context-aware `message` API.
 * `MessageBridge` (rendered inside antd's <App>) registers the instance.
 */
import type { App } from 'antd';

type MessageInstance = ReturnType<typeof App.useApp>['message'];

let messageApi: MessageInstance | null = null;

export function setMessageApi(api: MessageInstance | null): void {
  messageApi = api;
}

export function notifyError(text: string): void {
  if (messageApi) {
    // The same text shown twice at once (several queries failing together) is shown once.
    void messageApi.error({ content: text, key: text });
  } else {
    console.error(text);
  }
}
