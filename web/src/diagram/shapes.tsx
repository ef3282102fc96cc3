// Outlines of D2's shape types in a w×h box — the same geometry as the SVG export
// (services/layout/svg.py), so the canvas and the downloaded SVG look alike.

import type { ReactElement } from "react";

type Pt = [number, number];

const pts = (list: Pt[]): string => list.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");

export interface OutlineProps {
  shape: string;
  w: number;
  h: number;
  fill: string;
  stroke: string;
  dashed: boolean;
  strokeWidth?: number;
}

/** The SVG elements of `shape` filling (0,0)-(w,h), inset by half the stroke. */
export function Outline({ shape, w: width, h: height, fill, stroke, dashed, strokeWidth = 1.5 }: OutlineProps): ReactElement | null {
  const i = strokeWidth / 2;
  const x = i;
  const y = i;
  const w = Math.max(1, width - strokeWidth);
  const h = Math.max(1, height - strokeWidth);
  const r = x + w;
  const bt = y + h;
  const paint = { fill, stroke, strokeWidth, strokeDasharray: dashed ? "6 4" : undefined };
  const rim = { ...paint, fill: "none" };
  switch (shape) {
    case "oval":
    case "circle":
      return <ellipse cx={x + w / 2} cy={y + h / 2} rx={w / 2} ry={h / 2} {...paint} />;
    case "diamond":
      return <polygon points={pts([[x + w / 2, y], [r, y + h / 2], [x + w / 2, bt], [x, y + h / 2]])} {...paint} />;
    case "hexagon": {
      const d = Math.min(w / 4, h / 2);
      return (
        <polygon
          points={pts([[x + d, y], [r - d, y], [r, y + h / 2], [r - d, bt], [x + d, bt], [x, y + h / 2]])}
          {...paint}
        />
      );
    }
    case "parallelogram": {
      const d = Math.min(20, w / 5);
      return <polygon points={pts([[x + d, y], [r, y], [r - d, bt], [x, bt]])} {...paint} />;
    }
    case "step": {
      const d = Math.min(20, w / 5);
      return (
        <polygon
          points={pts([[x, y], [r - d, y], [r, y + h / 2], [r - d, bt], [x, bt], [x + d, y + h / 2]])}
          {...paint}
        />
      );
    }
    case "cylinder": {
      const ry = Math.min(10, h / 6);
      const body = `M${x},${y + ry} A${w / 2},${ry} 0 0 1 ${r},${y + ry} V${bt - ry} A${w / 2},${ry} 0 0 1 ${x},${bt - ry} Z`;
      const top = `M${x},${y + ry} A${w / 2},${ry} 0 0 0 ${r},${y + ry}`;
      return (
        <>
          <path d={body} {...paint} />
          <path d={top} {...rim} />
        </>
      );
    }
    case "queue": {
      const rx = Math.min(12, w / 8);
      const body = `M${x + rx},${y} H${r - rx} A${rx},${h / 2} 0 0 1 ${r - rx},${bt} H${x + rx} A${rx},${h / 2} 0 0 1 ${x + rx},${y} Z`;
      const end = `M${r - rx},${y} A${rx},${h / 2} 0 0 0 ${r - rx},${bt}`;
      return (
        <>
          <path d={body} {...paint} />
          <path d={end} {...rim} />
        </>
      );
    }
    case "stored_data": {
      const rx = Math.min(14, w / 6);
      return (
        <path
          d={`M${x + rx},${y} H${r} A${rx},${h / 2} 0 0 0 ${r},${bt} H${x + rx} A${rx},${h / 2} 0 0 1 ${x + rx},${y} Z`}
          {...paint}
        />
      );
    }
    case "page": {
      const c = Math.min(14, w / 5);
      return <polygon points={pts([[x, y], [r - c, y], [r, y + c], [r, bt], [x, bt]])} {...paint} />;
    }
    case "document": {
      const wave = Math.min(12, h / 5);
      return (
        <path
          d={`M${x},${y} H${r} V${bt - wave} Q${x + (3 * w) / 4},${bt - 2 * wave} ${x + w / 2},${bt - wave} T${x},${bt - wave} Z`}
          {...paint}
        />
      );
    }
    case "person": {
      const hr = Math.min(w, h) / 5;
      const mid = x + w / 2;
      const body = `M${x},${bt} V${y + 2.6 * hr} Q${x},${y + 2.1 * hr} ${x + w / 4},${y + 2.1 * hr} H${r - w / 4} Q${r},${y + 2.1 * hr} ${r},${y + 2.6 * hr} V${bt} Z`;
      return (
        <>
          <circle cx={mid} cy={y + hr} r={hr} {...paint} />
          <path d={body} {...paint} />
        </>
      );
    }
    case "cloud": {
      const lobes: [Pt, Pt, Pt][] = [
        [[-0.05, 0.9], [0.0, 0.4], [0.22, 0.42]],
        [[0.2, 0.0], [0.6, 0.0], [0.62, 0.25]],
        [[0.8, 0.1], [1.02, 0.35], [0.85, 0.5]],
        [[1.05, 0.65], [0.95, 0.9], [0.75, 0.9]],
      ];
      const d =
        `M${x + 0.25 * w},${y + 0.9 * h} ` +
        lobes.map((lobe) => "C" + lobe.map(([fx, fy]) => `${x + fx * w},${y + fy * h}`).join(" ")).join(" ") +
        " Z";
      return <path d={d} {...paint} />;
    }
    case "package": {
      const tw = Math.min(w / 3, 50);
      const th = 12;
      return <polygon points={pts([[x, y], [x + tw, y], [x + tw, y + th], [r, y + th], [r, bt], [x, bt]])} {...paint} />;
    }
    case "callout": {
      const tail = Math.min(16, h / 4);
      return (
        <polygon
          points={pts([[x, y], [r, y], [r, bt - tail], [x + w / 2, bt - tail], [x + w / 3, bt], [x + w / 3, bt - tail], [x, bt - tail]])}
          {...paint}
        />
      );
    }
    case "text":
      return null;
    default:
      return <rect x={x} y={y} width={w} height={h} rx={shape === "square" ? 2 : 4} {...paint} />;
  }
}
