/** Immutable helpers for lazily loaded trees (antd Tree `treeData`). */

export interface LazyTreeNode {
  key: string;
  title: string;
  isLeaf: boolean;
  children?: LazyTreeNode[];
}

/** A copy of `nodes` with `children` set under the node `key`. */
export function setChildren(nodes: LazyTreeNode[], key: string, children: LazyTreeNode[]): LazyTreeNode[] {
  return nodes.map((n) => {
    if (n.key === key) return { ...n, children, isLeaf: children.length === 0 };
    if (n.children) return { ...n, children: setChildren(n.children, key, children) };
    return n;
  });
}
