import { Button, Flex } from 'antd';

/** 取消 and the submit button, right-aligned at the bottom of a form in a dialog. */
export function DialogButtons({
  busy,
  onCancel,
  okText,
}: {
  busy: boolean;
  onCancel: () => void;
  okText: string;
}) {
  return (
    <Flex gap={8} justify="flex-end">
      <Button onClick={onCancel}>取消</Button>
      <Button type="primary" htmlType="submit" loading={busy}>
        {okText}
      </Button>
    </Flex>
  );
}
