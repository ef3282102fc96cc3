// Typed diagram items -> React Flow nodes and edges: zones as parent nodes ("zone"), every
// other shape as a "shape" node, edges as "routed" edges that keep the layout's route.

import { MarkerType, type Edge, type Node } from "@xyflow/react";

import type { DiffMark } from "./diff";
import { coloursOf, edgeColour, type Colours, type Diagram, type ThreatMark } from "./model";

export interface ShapeData extends Record<string, unknown> {
  label: string;
  nodeType: string;
  shape: string;
  iconifyId: string | null;
  iconPath: string | null;
  tooltip: string | null;
  colours: Colours;
  pinned: boolean;
  diff: DiffMark | null;
  threat: ThreatMark | null;
}

export interface RoutedData extends Record<string, unknown> {
  points: [number, number][];
  colour: string;
  dashed: boolean;
  diff: DiffMark | null;
  threat: ThreatMark | null;
  /** Absolute positions of the two ends when the route was computed: once either end has
   * been dragged elsewhere, the edge is drawn straight between the boxes instead. */
  sourceAt: [number, number];
  targetAt: [number, number];
}

export type ShapeNode = Node<ShapeData, "shape" | "zone">;
export type RoutedEdge = Edge<RoutedData, "routed">;

export interface FlowOptions {
  pinned?: ReadonlySet<string>;
  marks?: { nodes: ReadonlyMap<string, DiffMark>; edges: ReadonlyMap<string, DiffMark> };
  /** Nodes can be dragged (pinned) only on the current version, not on a preview or diff. */
  draggable?: boolean;
}

export function toFlow(diagram: Diagram, options: FlowOptions = {}): { nodes: ShapeNode[]; edges: RoutedEdge[] } {
  const pinned = options.pinned ?? new Set<string>();
  const draggable = options.draggable ?? true;
  const at = new Map<string, [number, number]>();
  const nodes: ShapeNode[] = diagram.nodes.map((n) => {
    at.set(n.id, [n.ax, n.ay]);
    const diff = options.marks?.nodes.get(n.id) ?? null;
    const node: ShapeNode = {
      id: n.id,
      type: n.isGroup ? "zone" : "shape",
      position: { x: n.x, y: n.y },
      width: n.width,
      height: n.height,
      draggable,
      connectable: false,
      selectable: true,
      data: {
        label: n.label,
        nodeType: n.nodeType,
        shape: n.shape,
        iconifyId: n.iconifyId,
        iconPath: n.iconPath,
        tooltip: n.tooltip,
        colours: coloursOf(n.nodeType, n.style),
        pinned: pinned.has(n.id),
        diff,
        threat: n.threat,
      },
    };
    const classes = [];
    if (diff !== null) classes.push(`dg-diff-${diff}`);
    if (n.threat !== null) classes.push(`dg-threat-${n.threat.severity ?? "none"}`);
    if (classes.length) node.className = classes.join(" ");
    node.ariaLabel = n.isGroup ? `zone ${n.label}` : `${n.label} (${n.nodeType})`;
    if (n.parentId !== null) {
      node.parentId = n.parentId;
      node.extent = "parent";
    }
    return node;
  });
  const edges: RoutedEdge[] = diagram.edges.map((e) => {
    const colour = edgeColour(e.style);
    const dash = e.style["stroke-dash"];
    const marker = { type: MarkerType.ArrowClosed, color: colour, width: 18, height: 18 };
    const edge: RoutedEdge = {
      id: e.id,
      type: "routed",
      source: e.source,
      target: e.target,
      label: e.label,
      focusable: false,
      selectable: false,
      zIndex: 2,
      data: {
        points: e.points,
        colour,
        dashed: dash !== undefined && dash !== "" && dash !== "0",
        diff: options.marks?.edges.get(e.id) ?? null,
        threat: e.threat,
        sourceAt: at.get(e.source) ?? [0, 0],
        targetAt: at.get(e.target) ?? [0, 0],
      },
    };
    const edgeClasses = [];
    if (edge.data?.diff) edgeClasses.push(`dg-diff-${edge.data.diff}`);
    if (e.threat !== null) edgeClasses.push(`dg-threat-${e.threat.severity ?? "none"}`);
    if (edgeClasses.length) edge.className = edgeClasses.join(" ");
    if (e.arrowEnd) edge.markerEnd = marker;
    if (e.arrowStart) edge.markerStart = marker;
    return edge;
  });
  return { nodes, edges };
}
