// What changed between two versions' diagrams, for highlighting on the canvas: nodes and
// edges added, removed (drawn as ghosts where they were) and changed (same id, other label,
// kind, shape, parent or ends).

import type { Diagram, StoredEdge, StoredNode } from "./model";

export type DiffMark = "added" | "removed" | "changed";

export interface DiagramDiff {
  nodes: Map<string, DiffMark>;
  edges: Map<string, DiffMark>;
}

function nodeChanged(a: StoredNode, b: StoredNode): boolean {
  return a.label !== b.label || a.nodeType !== b.nodeType || a.shape !== b.shape || a.parentId !== b.parentId;
}

function edgeChanged(a: StoredEdge, b: StoredEdge): boolean {
  return (
    a.source !== b.source ||
    a.target !== b.target ||
    a.label !== b.label ||
    a.arrowEnd !== b.arrowEnd ||
    a.arrowStart !== b.arrowStart
  );
}

/** Marks for every element that differs from `older` to `newer`. */
export function diffDiagrams(older: Diagram, newer: Diagram): DiagramDiff {
  const nodes = new Map<string, DiffMark>();
  const edges = new Map<string, DiffMark>();
  const oldNodes = new Map(older.nodes.map((n) => [n.id, n]));
  const newNodes = new Map(newer.nodes.map((n) => [n.id, n]));
  for (const n of newer.nodes) {
    const before = oldNodes.get(n.id);
    if (!before) nodes.set(n.id, "added");
    else if (nodeChanged(before, n)) nodes.set(n.id, "changed");
  }
  for (const n of older.nodes) if (!newNodes.has(n.id)) nodes.set(n.id, "removed");
  const oldEdges = new Map(older.edges.map((e) => [e.id, e]));
  const newEdges = new Map(newer.edges.map((e) => [e.id, e]));
  for (const e of newer.edges) {
    const before = oldEdges.get(e.id);
    if (!before) edges.set(e.id, "added");
    else if (edgeChanged(before, e)) edges.set(e.id, "changed");
  }
  for (const e of older.edges) if (!newEdges.has(e.id)) edges.set(e.id, "removed");
  return { nodes, edges };
}

/** `newer` plus the removed elements of `older` where they were, for one picture of a diff.
 * A removed node whose parent is gone too keeps it as a (removed) ghost parent; one whose
 * parent is still there stays inside it at its old place. */
export function mergeForDiff(older: Diagram, newer: Diagram, diff: DiagramDiff): Diagram {
  const present = new Map(newer.nodes.map((n) => [n.id, n]));
  const ghosts: StoredNode[] = [];
  for (const n of older.nodes) {
    if (diff.nodes.get(n.id) !== "removed") continue;
    const parent = n.parentId !== null ? present.get(n.parentId) : undefined;
    if (parent) {
      ghosts.push({ ...n, x: n.ax - parent.ax, y: n.ay - parent.ay });
    } else if (n.parentId !== null && diff.nodes.get(n.parentId) === "removed") {
      ghosts.push(n);
    } else {
      ghosts.push({ ...n, parentId: null, x: n.ax, y: n.ay });
    }
    present.set(n.id, ghosts[ghosts.length - 1]!);
  }
  // older.nodes are parents-first, so the ghosts are too; ghosts go after the current nodes
  // (a ghost's parent is either current or an earlier ghost).
  const nodes = [...newer.nodes, ...ghosts];
  const known = new Set(nodes.map((n) => n.id));
  const ghostEdges = older.edges.filter(
    (e) => diff.edges.get(e.id) === "removed" && known.has(e.source) && known.has(e.target),
  );
  return { nodes, edges: [...newer.edges, ...ghostEdges] };
}
