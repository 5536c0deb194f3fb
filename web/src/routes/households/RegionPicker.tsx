import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useState } from 'react';
import { regionChildrenQuery, regionQuery } from '../../api/regions';
import type { RegionChild } from '../../api/types';
import { regionLevelLabel } from '../../lib/labels';
import { useCurrentUser } from '../../session/current-user';

interface RegionNode {
  value: string;
  title: string;
  isLeaf: boolean;
  selectable: boolean;
  children?: RegionNode[];
}

function withChildren(nodes: RegionNode[], code: string, children: RegionNode[]): RegionNode[] {
  return nodes.map((n) => {
    if (n.value === code) return { ...n, children, isLeaf: children.length === 0 };
    return n.children ? { ...n, children: withChildren(n.children, code, children) } : n;
  });
}

interface Props {
  id?: string;
  value?: string;
  onChange?: (code: string) => void;
  /** Only villages 村(居) may be chosen (a household's own region). */
  villagesOnly?: boolean;
  placeholder?: string;
}

/**
 * A region inside the user's own subtree, as a tree whose levels load when opened. A value not yet
 * in the loaded tree (from the URL) is shown by its path, read from the regions API.
 */
export function RegionPicker({ id, value, onChange, villagesOnly = false, placeholder }: Props) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const own = user.regionPath.at(-1);
  const toNode = (r: RegionChild): RegionNode => ({
    value: r.code,
    title: `${r.name}（${regionLevelLabel(r.level)}）`,
    isLeaf: !r.hasChildren,
    selectable: !villagesOnly || r.level === 'village',
  });
  const [tree, setTree] = useState<RegionNode[]>(() => [
    {
      value: user.regionCode,
      title: `${user.regionName}（${regionLevelLabel(own?.level ?? '')}）`,
      isLeaf: own?.level === 'village',
      selectable: !villagesOnly || own?.level === 'village',
    },
  ]);
  const selected = useQuery({ ...regionQuery(value ?? ''), enabled: !!value });
  const ownDepth = user.regionPath.length;
  const label =
    selected.data && selected.data.code === value
      ? [...selected.data.path.slice(ownDepth - 1).map((r) => r.name)].join(' / ') || selected.data.name
      : value;

  const loadData = async (node: { value?: string | number | null }) => {
    const code = String(node.value);
    try {
      const items = await queryClient.fetchQuery(regionChildrenQuery(code));
      setTree((prev) => withChildren(prev, code, items.map(toNode)));
    } catch {
      // Reported by the query cache; leave the node empty rather than retrying in a loop.
      setTree((prev) => withChildren(prev, code, []));
    }
  };

  return (
    <TreeSelect<{ value: string; label?: string }>
      id={id}
      labelInValue
      value={value ? { value, label } : undefined}
      onChange={(v) => v && onChange?.(v.value)}
      treeData={tree}
      loadData={loadData}
      placeholder={placeholder ?? '选择地区'}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
