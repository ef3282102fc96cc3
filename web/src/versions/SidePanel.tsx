// The panel beside the canvas: the versions (select to preview, compare with the current one,
// revert), the shown version's D2 source, and its downloads.

import { useState, type ReactElement } from "react";

import type { VersionSummary } from "../api/types";
import type { ExportKind } from "../exports";
import type { Comparison } from "../project/useProject";

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export interface SidePanelProps {
  versions: VersionSummary[];
  latestNumber: number | null;
  selected: number | null;
  shownNumber: number | null;
  d2: string;
  comparison: Comparison | null;
  viewShown: boolean;
  onSelect: (n: number) => void;
  onCompare: () => void;
  onRevert: (n: number) => void;
  onShowCurrent: () => void;
  onExport: (kind: ExportKind) => void;
}

export function SidePanel(props: SidePanelProps): ReactElement {
  const [tab, setTab] = useState<"versions" | "d2">("versions");
  const { versions, latestNumber, selected, shownNumber, comparison } = props;
  const previewing = selected !== null && selected !== latestNumber;
  return (
    <aside className="side" aria-label="Versions and source">
      <div className="tabs" role="tablist" aria-label="Panels">
        <button type="button" role="tab" id="tab-versions" aria-controls="panel-versions" aria-selected={tab === "versions"} onClick={() => setTab("versions")}>
          Versions
        </button>
        <button type="button" role="tab" id="tab-d2" aria-controls="panel-d2" aria-selected={tab === "d2"} onClick={() => setTab("d2")}>
          D2 source
        </button>
      </div>

      <div id="panel-versions" role="tabpanel" aria-labelledby="tab-versions" hidden={tab !== "versions"} className="panel">
        {versions.length === 0 ? <p className="muted">No versions yet.</p> : null}
        <ol className="versions">
          {[...versions].reverse().map((v) => {
            const current = v.number === latestNumber;
            const isSelected = (selected ?? latestNumber) === v.number;
            return (
              <li key={v.number}>
                <button
                  type="button"
                  className={`version-item${isSelected ? " selected" : ""}`}
                  data-testid="version-item"
                  data-version={v.number}
                  aria-pressed={isSelected}
                  onClick={() => props.onSelect(v.number)}
                >
                  <span className="version-number">v{v.number}{current ? " · current" : ""}</span>
                  <span className="version-summary" title={v.summary}>{v.summary}</span>
                  <time className="version-time" dateTime={v.created_at}>{when(v.created_at)}</time>
                </button>
              </li>
            );
          })}
        </ol>
        <div className="version-actions">
          {previewing ? (
            <>
              <button type="button" onClick={props.onCompare} disabled={comparison !== null}>
                Compare with current
              </button>
              <button type="button" data-testid="version-revert" onClick={() => props.onRevert(selected)}>
                Revert to v{selected}
              </button>
            </>
          ) : (
            <button type="button" data-testid="version-revert" disabled title="Select an older version to revert to it">
              Revert
            </button>
          )}
          {previewing || props.viewShown ? (
            <button type="button" onClick={props.onShowCurrent}>
              Back to current
            </button>
          ) : null}
        </div>
        {comparison ? (
          <div className="diff-legend" aria-label="Comparison">
            <p>
              v{comparison.from} → v{comparison.to}:{" "}
              <span className="legend legend-added">added</span> <span className="legend legend-removed">removed</span>{" "}
              <span className="legend legend-changed">changed</span>
            </p>
            <pre className="diff-text">{comparison.unified || "(same D2)"}</pre>
          </div>
        ) : null}
      </div>

      <div id="panel-d2" role="tabpanel" aria-labelledby="tab-d2" hidden={tab !== "d2"} className="panel">
        <pre className="d2-source" data-testid="d2-source" aria-label="D2 source (read-only)" tabIndex={0}>
          {props.d2}
        </pre>
      </div>

      <div className="exports" aria-label="Downloads">
        <span className="muted">{shownNumber !== null ? `Download v${shownNumber}:` : "Nothing to download yet"}</span>
        <button type="button" data-testid="export-svg" disabled={shownNumber === null} onClick={() => props.onExport("svg")}>
          SVG
        </button>
        <button type="button" data-testid="export-d2" disabled={shownNumber === null} onClick={() => props.onExport("d2")}>
          D2
        </button>
        <button type="button" data-testid="export-json" disabled={shownNumber === null} onClick={() => props.onExport("json")}>
          React Flow JSON
        </button>
      </div>
    </aside>
  );
}
