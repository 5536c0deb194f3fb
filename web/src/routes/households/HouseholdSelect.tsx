import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { registrySearchQuery } from '../../api/households';

interface Props {
  id?: string;
  value?: number;
  onChange?: (householdId: number) => void;
  /** The household the member leaves: not offered. */
  exclude: number;
}

/** A household of the user's subtree, found by 户编号 (or the head's name) as the worker types. */
export function HouseholdSelect({ id, value, onChange, exclude }: Props) {
  const [typed, setTyped] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setTerm(typed.trim()), 300);
    return () => clearTimeout(t);
  }, [typed]);
  const found = useQuery({
    ...registrySearchQuery(/^[\d-]+$/.test(term) ? { householdNo: term } : { name: term }, {
      limit: 20,
      offset: 0,
    }),
    enabled: term.length >= 2,
    meta: { silent: true },
  });
  const options = (found.data?.items ?? [])
    .filter((h) => h.householdId !== exclude)
    .map((h) => ({
      value: h.householdId,
      label: `${h.householdNo}　${h.head?.name ?? '无户主'}　${h.region.name}`,
    }));

  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={found.isFetching}
      placeholder="输入户编号或户主姓名（至少2个字符）"
      notFoundContent={
        term.length < 2 ? '请输入户编号或姓名' : found.isFetching ? '检索中…' : '没有找到符合条件的家庭'
      }
      style={{ width: '100%' }}
    />
  );
}
