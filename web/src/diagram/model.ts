// The stored React Flow JSON (services/layout/reactflow.py) read defensively into plain,
// typed items: a node with its absolute position, an edge with its route. Everything the
// canvas draws goes through here, so malformed or foreign items are dropped, never thrown on.

import palette from "./palette.json";

/** The `threats` view's mark (services/threats/view.py): the worst open threat's severity
 * (null when none is open) and the counts; the badge shows `openCount`. */
export interface ThreatMark {
  severity: "low" | "medium" | "high" | "critical" | null;
  openCount: number;
  mitigatedCount: number;
}

const SEVERITIES = new Set(["low", "medium", "high", "critical"]);

export interface StoredNode {
  id: string;
  isGroup: boolean;
  label: string;
  nodeType: string;
  shape: string;
  iconifyId: string | null;
  /** Richer icon data, when the pipeline provides it: an SVG path in a 24×24 box. */
  iconPath: string | null;
  tooltip: string | null;
  style: Record<string, string>;
  parentId: string | null;
  /** Position relative to the parent (or absolute without one), as React Flow wants it. */
  x: number;
  y: number;
  /** Absolute (flow) position of the top-left corner. */
  ax: number;
  ay: number;
  width: number;
  height: number;
  /** Set by the `threats` view only. */
  threat: ThreatMark | null;
}

export interface StoredEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  points: [number, number][];
  arrowEnd: boolean;
  arrowStart: boolean;
  style: Record<string, string>;
  /** Set by the `threats` view only. */
  threat: ThreatMark | null;
}

export interface Diagram {
  nodes: StoredNode[];
  edges: StoredEdge[];
}

export const EMPTY: Diagram = { nodes: [], edges: [] };

const DEFAULT_W = 160;
const DEFAULT_H = 60;
const MAX_DEPTH = 64;

function obj(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function num(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** `a + b` kept finite: two huge stored coordinates must not add up to Infinity. */
function finiteSum(a: number, b: number): number {
  const sum = a + b;
  return Number.isFinite(sum) ? sum : Math.sign(sum) * Number.MAX_VALUE;
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const o = obj(value);
  if (o) for (const [k, v] of Object.entries(o)) if (typeof v === "string") out[k] = v;
  return out;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;
}

/** `data.threat` of a stored node or edge, or null (absent or malformed). */
export function readThreat(value: unknown): ThreatMark | null {
  const o = obj(value);
  if (!o) return null;
  const severity = str(o.severity);
  return {
    severity: severity !== null && SEVERITIES.has(severity) ? (severity as ThreatMark["severity"]) : null,
    openCount: count(o.open_count),
    mitigatedCount: count(o.mitigated_count),
  };
}

/** A stored diagram_state (any JSON) as typed nodes — parents first — and edges. */
export function readDiagram(state: unknown): Diagram {
  const root = obj(state);
  if (!root) return EMPTY;
  const rawNodes = Array.isArray(root.nodes) ? root.nodes : [];
  const rawEdges = Array.isArray(root.edges) ? root.edges : [];

  const byId = new Map<string, Record<string, unknown>>();
  for (const item of rawNodes) {
    const n = obj(item);
    const id = n ? str(n.id) : null;
    if (n && id && !byId.has(id)) byId.set(id, n);
  }

  const parentOf = (id: string): string | null => {
    const p = str(byId.get(id)?.parentId);
    return p !== null && p !== id && byId.has(p) ? p : null;
  };
  const depthOf = (id: string): number => {
    let depth = 0;
    for (let cur = parentOf(id); cur !== null && depth <= MAX_DEPTH; cur = parentOf(cur)) depth += 1;
    return depth;
  };

  const holding = new Set<string>();
  for (const id of byId.keys()) {
    const p = parentOf(id);
    if (p !== null) holding.add(p);
  }

  const ordered = [...byId.keys()]
    .map((id, index) => ({ id, index, depth: depthOf(id) }))
    .filter((n) => n.depth <= MAX_DEPTH) // a parent cycle is not a diagram
    .sort((a, b) => a.depth - b.depth || a.index - b.index);

  const nodes: StoredNode[] = [];
  const placed = new Map<string, StoredNode>();
  for (const { id } of ordered) {
    const n = byId.get(id)!;
    const data = obj(n.data) ?? {};
    const pos = obj(n.position) ?? {};
    const parentId = parentOf(id);
    const parent = parentId !== null ? placed.get(parentId) ?? null : null;
    const x = num(pos.x, 0);
    const y = num(pos.y, 0);
    const node: StoredNode = {
      id,
      isGroup: n.type === "group" || holding.has(id),
      label: str(data.label) ?? id,
      nodeType: str(data.nodeType) ?? "process",
      shape: str(data.shape) ?? "rectangle",
      iconifyId: str(data.iconifyId),
      iconPath: str(data.iconPath),
      tooltip: str(data.tooltip),
      style: strings(data.style),
      parentId: parent ? parentId : null,
      x,
      y,
      ax: parent ? finiteSum(parent.ax, x) : x,
      ay: parent ? finiteSum(parent.ay, y) : y,
      width: Math.max(1, num(n.width, DEFAULT_W)),
      height: Math.max(1, num(n.height, DEFAULT_H)),
      threat: readThreat(data.threat),
    };
    nodes.push(node);
    placed.set(id, node);
  }

  // Stored states from before arrowheads were written carry no marker on any edge: those
  // diagrams were all `->`, so an arrow at the target is what they meant.
  const anyMarker = rawEdges.some((e) => {
    const o = obj(e);
    return o !== null && ("markerEnd" in o || "markerStart" in o);
  });
  const edges: StoredEdge[] = [];
  const seen = new Set<string>();
  for (const item of rawEdges) {
    const e = obj(item);
    if (!e) continue;
    const id = str(e.id);
    const source = str(e.source);
    const target = str(e.target);
    if (!id || !source || !target || seen.has(id) || !placed.has(source) || !placed.has(target)) continue;
    seen.add(id);
    const data = obj(e.data) ?? {};
    const points: [number, number][] = [];
    if (Array.isArray(data.points)) {
      for (const p of data.points) {
        if (Array.isArray(p) && typeof p[0] === "number" && typeof p[1] === "number") {
          if (Number.isFinite(p[0]) && Number.isFinite(p[1])) points.push([p[0], p[1]]);
        }
      }
    }
    edges.push({
      id,
      source,
      target,
      label: str(e.label) ?? "",
      points,
      arrowEnd: anyMarker ? obj(e.markerEnd) !== null : true,
      arrowStart: anyMarker ? obj(e.markerStart) !== null : false,
      style: strings(data.style),
      threat: readThreat(data.threat),
    });
  }
  return { nodes, edges };
}

// ------------------------------------------------------------------------- colours

const COLOUR = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|transparent)$/;

export interface Colours {
  fill: string;
  stroke: string;
  font: string;
  dashed: boolean;
}

const CLASSES = palette.classes as Record<string, { fill: string; stroke: string; font: string }>;
const DASHED = new Set(palette.dashedClasses);

function colour(value: string | undefined, fallback: string): string {
  return value !== undefined && COLOUR.test(value) ? value : fallback;
}

/** The style pack's colours of a class, overridden by the element's own (checked) D2 style —
 * the same rules as the SVG export. */
export function coloursOf(nodeType: string, style: Record<string, string>): Colours {
  const base = CLASSES[nodeType] ?? palette.default;
  const dash = style["stroke-dash"];
  return {
    fill: colour(style.fill, base.fill),
    stroke: colour(style.stroke, base.stroke),
    font: colour(style["font-color"], base.font),
    dashed: dash !== undefined ? dash !== "" && dash !== "0" : DASHED.has(nodeType),
  };
}

export function edgeColour(style: Record<string, string>): string {
  return colour(style.stroke, "#475569");
}
