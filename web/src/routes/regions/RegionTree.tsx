import { useQueryClient } from '@tanstack/react-query';
import { Tree } from 'antd';
import { type Key, useState } from 'react';
import { regionChildrenQuery } from '../../api/regions';
import type { RegionChild } from '../../api/types';
import { regionLevelLabel } from '../../lib/labels';
import { type LazyTreeNode, setChildren } from '../../lib/tree';
import { useCurrentUser } from '../../session/current-user';

const toNode = (r: RegionChild): LazyTreeNode => ({
  key: r.code,
  title: `${r.name}（${regionLevelLabel(r.level)}）`,
  isLeaf: !r.hasChildren,
});

interface Props {
  selected: string;
  onSelect: (code: string) => void;
}

/** A tree rooted at the user's own region whose children are fetched when a node is expanded. */
export function RegionTree({ selected, onSelect }: Props) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const own = user.regionPath.at(-1);
  const [treeData, setTreeData] = useState<LazyTreeNode[]>(() => [
    {
      key: user.regionCode,
      title: `${user.regionName}（${regionLevelLabel(own?.level ?? '')}）`,
      isLeaf: own?.level === 'village',
    },
  ]);

  const loadData = async ({ key }: { key: Key }): Promise<void> => {
    const code = String(key);
    try {
      const items = await queryClient.fetchQuery(regionChildrenQuery(code));
      setTreeData((prev) => setChildren(prev, code, items.map(toNode)));
    } catch {
      // Already reported by the query cache; leave the node closed rather than retrying in a loop.
      setTreeData((prev) => setChildren(prev, code, []));
    }
  };

  return (
    <nav aria-label="行政区划树">
      <Tree<LazyTreeNode>
        showLine
        blockNode
        treeData={treeData}
        loadData={loadData}
        selectedKeys={[selected]}
        onSelect={(keys) => {
          const key = keys[0];
          if (key !== undefined) onSelect(String(key));
        }}
      />
    </nav>
  );
}
