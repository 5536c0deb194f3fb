import { useQueryClient } from '@tanstack/react-query';
import { Cascader } from 'antd';
import { useState } from 'react';
import { regionChildrenQuery } from '../../api/regions';
import { regionLevelLabel } from '../../lib/labels';
import { useCurrentUser } from '../../session/current-user';

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

function setChildren(options: RegionOption[], code: string, children: RegionOption[]): RegionOption[] {
  return options.map((o) => {
    if (o.value === code) return { ...o, children, isLeaf: children.length === 0 };
    return o.children ? { ...o, children: setChildren(o.children, code, children) } : o;
  });
}

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
}

/**
 * The household's region, limited to the worker's own subtree: the root is the worker's region and
 * lower levels load as they are opened. Any level may be chosen (a village, or the town itself).
 */
export function RegionCascader({ id, value, onChange }: Props) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const own = user.regionPath.at(-1);
  const [options, setOptions] = useState<RegionOption[]>(() => [
    {
      value: user.regionCode,
      label: `${user.regionName}（${regionLevelLabel(own?.level ?? '')}）`,
      isLeaf: own?.level === 'village',
    },
  ]);

  const loadData = async (selected: RegionOption[]) => {
    const target = selected.at(-1);
    if (!target) return;
    try {
      const items = await queryClient.fetchQuery(regionChildrenQuery(target.value));
      const children = items.map((r) => ({ value: r.code, label: r.name, isLeaf: !r.hasChildren }));
      setOptions((prev) => setChildren(prev, target.value, children));
    } catch {
      setOptions((prev) => setChildren(prev, target.value, []));
    }
  };

  return (
    <Cascader<RegionOption>
      id={id}
      options={options}
      loadData={loadData}
      changeOnSelect
      allowClear={false}
      value={value}
      onChange={(v) => onChange?.((v ?? []).map(String))}
      displayRender={(labels) => labels.join(' / ')}
      placeholder="选择家庭所在村（社区）"
      style={{ width: '100%' }}
    />
  );
}
