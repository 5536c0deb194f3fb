/** Formatting for display. Times are shown in Asia/Shanghai whatever the browser's zone. */

const integerFormat = new Intl.NumberFormat('zh-CN');

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function formatCount(n: number | null | undefined): string {
  return integerFormat.format(n ?? 0);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateTimeFormat.format(d);
}
