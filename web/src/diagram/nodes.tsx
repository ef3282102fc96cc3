// The canvas's node and edge components: a shape (outline, icon, label), a zone (a parent
// node with its title), and an edge that follows the layout's route.

import {
  BaseEdge,
  Handle,
  Position,
  useInternalNode,
  type EdgeProps,
  type InternalNode,
  type NodeProps,
} from "@xyflow/react";
import { mdiPin } from "@mdi/js";
import { memo, type ReactElement } from "react";

import { iconPathFor } from "./icons";
import { Outline } from "./shapes";
import { EdgeThreatBadge, ThreatBadge } from "./threatBadge";
import type { RoutedEdge, ShapeNode } from "./toFlow";

// Edges need a handle at each end to be drawn; ours are invisible and not connectable (edges
// are drawn from the layout's routes or between the boxes, not from the handles).
function Handles(): ReactElement {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} className="dg-handle" />
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="dg-handle" />
    </>
  );
}

function PinMark(): ReactElement {
  return (
    <svg className="dg-pin" viewBox="0 0 24 24" width="14" height="14" role="img" aria-label="pinned">
      <path d={mdiPin} />
    </svg>
  );
}

function Glyph({ data }: { data: ShapeNode["data"] }): ReactElement {
  const icon = iconPathFor(data);
  const stroke = data.colours.stroke;
  if (icon !== null) {
    return (
      <g transform="translate(8 8) scale(0.75)" className="dg-icon" data-icon={data.iconifyId ?? "path"}>
        <path d={icon} fill={stroke} />
      </g>
    );
  }
  // No icon for this kind: its initial in a circle, as the SVG export draws it.
  return (
    <g className="dg-icon" data-icon="initial">
      <circle cx={16} cy={16} r={8} fill="#ffffff" stroke={stroke} />
      <text x={16} y={16} textAnchor="middle" dominantBaseline="central" fontSize={10} fontWeight="bold" fill={stroke}>
        {(data.nodeType[0] ?? "?").toUpperCase()}
      </text>
    </g>
  );
}

export const ShapeNodeView = memo(function ShapeNodeView({ data, width, height }: NodeProps<ShapeNode>): ReactElement {
  const w = width ?? 160;
  const h = height ?? 60;
  const c = data.colours;
  const person = data.shape === "person";
  return (
    <div className="dg-shape" style={{ width: w, height: h }} title={data.tooltip ?? undefined} data-shape={data.shape}>
      <svg className="dg-outline" width={w} height={h} aria-hidden="true">
        <Outline shape={data.shape} w={w} h={h} fill={c.fill} stroke={c.stroke} dashed={c.dashed} />
        {data.shape === "text" ? null : <Glyph data={data} />}
      </svg>
      <div className="dg-label" style={{ color: c.font, paddingTop: person ? h * 0.4 : 0 }}>
        {data.label}
      </div>
      {data.pinned ? <PinMark /> : null}
      <ThreatBadge mark={data.threat} />
      <Handles />
    </div>
  );
});

export const ZoneNodeView = memo(function ZoneNodeView({ data, width, height }: NodeProps<ShapeNode>): ReactElement {
  const w = width ?? 200;
  const h = height ?? 120;
  const c = data.colours;
  return (
    <div className="dg-zone" style={{ width: w, height: h }} title={data.tooltip ?? undefined}>
      <svg className="dg-outline" width={w} height={h} aria-hidden="true">
        <Outline shape="rectangle" w={w} h={h} fill={c.fill} stroke={c.stroke} dashed={c.dashed} />
      </svg>
      <div className="dg-zone-label" style={{ color: c.font }}>
        {data.label}
      </div>
      {data.pinned ? <PinMark /> : null}
      <Handles />
    </div>
  );
});

type Point = [number, number];

function far(p: { x: number; y: number }, q: Point): boolean {
  return Math.abs(p.x - q[0]) > 0.5 || Math.abs(p.y - q[1]) > 0.5;
}

function box(n: InternalNode): { x: number; y: number; w: number; h: number } {
  const at = n.internals.positionAbsolute;
  return { x: at.x, y: at.y, w: n.measured.width ?? n.width ?? 0, h: n.measured.height ?? n.height ?? 0 };
}

/** Where the segment from the centre of `b` towards `to` leaves the box `b`. */
function border(b: { x: number; y: number; w: number; h: number }, to: Point): Point {
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  const dx = to[0] - cx;
  const dy = to[1] - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const scale = 1 / Math.max(Math.abs(dx) / (b.w / 2 || 1), Math.abs(dy) / (b.h / 2 || 1));
  return [cx + dx * scale, cy + dy * scale];
}

/** The SVG path of a route and the point its label sits on (the middle of its middle segment,
 * as the SVG export places a label without a computed spot). */
export function routePath(points: Point[]): { path: string; labelAt: Point } {
  const path = points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x} ${y}`).join(" ");
  const mid = Math.max(1, Math.floor(points.length / 2));
  const a = points[mid - 1]!;
  const b = points[mid]!;
  return { path, labelAt: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] };
}

export const RoutedEdgeView = memo(function RoutedEdgeView({
  id,
  source,
  target,
  data,
  label,
  markerEnd,
  markerStart,
}: EdgeProps<RoutedEdge>): ReactElement | null {
  const from = useInternalNode(source);
  const to = useInternalNode(target);
  if (!from || !to || !data) return null;
  // How far each end is from where the route was computed: an end whose zone was dragged moves
  // with the same offset as the other, and the route moves along; an end dragged on its own
  // leaves the route behind, and the edge goes straight between the two boxes instead.
  const fromAt = from.internals.positionAbsolute;
  const toAt = to.internals.positionAbsolute;
  const dx = fromAt.x - data.sourceAt[0];
  const dy = fromAt.y - data.sourceAt[1];
  const together = !far(toAt, [data.targetAt[0] + dx, data.targetAt[1] + dy]);
  let points: Point[] = data.points.map(([x, y]) => [x + dx, y + dy]);
  if (!together || points.length < 2) {
    const a = box(from);
    const b = box(to);
    const ca: Point = [a.x + a.w / 2, a.y + a.h / 2];
    const cb: Point = [b.x + b.w / 2, b.y + b.h / 2];
    points = [border(a, cb), border(b, ca)];
  }
  const { path, labelAt } = routePath(points);
  const text = typeof label === "string" ? label : "";
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        markerStart={markerStart}
        interactionWidth={0}
        style={{ stroke: data.colour, strokeWidth: 1.5, strokeDasharray: data.dashed ? "6 4" : undefined }}
      />
      {text ? <EdgeLabel text={text} at={labelAt} /> : null}
      <EdgeThreatBadge mark={data.threat} at={text ? [labelAt[0], labelAt[1] - 14] : labelAt} />
    </>
  );
});

const LABEL_FONT = 11;
const LABEL_LINE = 14;

/** An edge's label on a light box. Its size is estimated from the text (about 0.6 em a
 * character) rather than measured: measuring every label in the DOM costs a layout per label
 * and a second render, which dominates drawing a large diagram. */
function EdgeLabel({ text, at }: { text: string; at: Point }): ReactElement {
  const lines = text.split("\n");
  const width = Math.max(...lines.map((l) => l.length)) * LABEL_FONT * 0.6 + 8;
  const height = lines.length * LABEL_LINE + 2;
  const top = -((lines.length - 1) * LABEL_LINE) / 2;
  return (
    <g className="dg-edge-label" transform={`translate(${at[0]} ${at[1]})`}>
      <rect x={-width / 2} y={-height / 2} width={width} height={height} rx={2} fill="#ffffff" fillOpacity={0.85} />
      <text textAnchor="middle" dominantBaseline="central" fontSize={LABEL_FONT} fill="#334155">
        {lines.map((line, i) => (
          <tspan key={i} x={0} y={top + i * LABEL_LINE}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}
