// The `threats` view's count badge: the number of open threats on a shape or a connection,
// in the colour of the worst one (the same colours as the SVG export, services/threats/view.py).

import type { ReactElement } from "react";

import type { ThreatMark } from "./model";

/** Worst open severity -> badge colour; "none" when nothing is open. */
export const THREAT_COLOURS: Record<string, string> = {
  critical: "#7f1d1d",
  high: "#dc2626",
  medium: "#d97706",
  low: "#2563eb",
  none: "#16a34a",
};

function title(mark: ThreatMark): string {
  const open = `${mark.openCount} open threat${mark.openCount === 1 ? "" : "s"}`;
  const worst = mark.severity ? `, worst ${mark.severity}` : "";
  return `${open}${worst}; ${mark.mitigatedCount} mitigated`;
}

/** A shape's badge (HTML, at its top-right corner); nothing when no threat is open. */
export function ThreatBadge({ mark }: { mark: ThreatMark | null }): ReactElement | null {
  if (mark === null || mark.openCount <= 0) return null;
  return (
    <span
      className="dg-threat-badge"
      data-severity={mark.severity ?? "none"}
      style={{ background: THREAT_COLOURS[mark.severity ?? "none"] }}
      title={title(mark)}
      role="img"
      aria-label={title(mark)}
    >
      {mark.openCount}
    </span>
  );
}

/** A connection's badge (SVG, at `at` in flow coordinates); nothing when no threat is open. */
export function EdgeThreatBadge({ mark, at }: { mark: ThreatMark | null; at: [number, number] }): ReactElement | null {
  if (mark === null || mark.openCount <= 0) return null;
  const text = String(mark.openCount);
  const r = 8 + 3 * Math.max(0, text.length - 1);
  return (
    <g className="dg-threat-badge" data-severity={mark.severity ?? "none"} transform={`translate(${at[0]} ${at[1]})`}>
      <title>{title(mark)}</title>
      <circle r={r} fill={THREAT_COLOURS[mark.severity ?? "none"]} stroke="#ffffff" strokeWidth={1.5} />
      <text textAnchor="middle" dominantBaseline="central" fontSize={10} fontWeight="bold" fill="#ffffff">
        {text}
      </text>
    </g>
  );
}
