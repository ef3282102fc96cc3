// One open project: chat on the left, the canvas in the middle, versions / D2 / downloads on
// the right.

import { useCallback, useEffect, useState, type ReactElement } from "react";

import { describeError, type Client } from "../api/client";
import { ChatPanel } from "../chat/ChatPanel";
import { Canvas } from "../diagram/Canvas";
import { download, type ExportKind } from "../exports";
import { SidePanel } from "../versions/SidePanel";
import { useProject } from "./useProject";

/** While the notifications socket is down, versions made elsewhere are fetched this often. */
const POLL_WHEN_OFFLINE_MS = 15_000;

export interface ProjectViewProps {
  client: Client;
  token: string;
  code: string;
  name: string;
  /** Bumped whenever a notification concerns this project (a version made elsewhere). */
  notices: number;
  live: boolean;
}

export function ProjectView({ client, token, code, name, notices, live }: ProjectViewProps): ReactElement {
  const model = useProject(client, token, code);
  const [exportError, setExportError] = useState<string | null>(null);
  const [selectedNodes, setSelectedNodes] = useState<string[]>([]);
  const { refresh } = model;

  useEffect(() => {
    if (notices > 0) void refresh();
  }, [notices, refresh]);

  useEffect(() => {
    if (live) return;
    const timer = setInterval(() => void refresh(), POLL_WHEN_OFFLINE_MS);
    return () => clearInterval(timer);
  }, [live, refresh]);

  const onExport = useCallback(
    (kind: ExportKind) => {
      const n = model.shown.number;
      if (n === null) return;
      setExportError(null);
      download(client, code, n, kind).catch((err: unknown) => setExportError(describeError(err)));
    },
    [client, code, model.shown.number],
  );

  const running = model.job !== null && (model.job.status === "queued" || model.job.status === "running");
  const selected = model.preview?.version.number ?? null;
  const error = model.error ?? exportError;
  const caption = model.comparison
    ? `Comparing v${model.comparison.from} with v${model.comparison.to}`
    : model.preview
      ? `Preview of v${model.preview.version.number} (not the current version)`
      : model.view
        ? "A view of the current version (not a new version)"
        : model.latest
          ? `v${model.latest.version.number} · drag a node to pin it`
          : "";

  return (
    <div className="workspace">
      <div className="project-head">
        <h2 className="project-title">{name}</h2>
        <span className="muted project-code">{code}</span>
        {!live ? <span className="offline" role="status">live updates paused — checking every 15 s</span> : null}
      </div>
      {error ? (
        <div className="banner error" role="alert">
          <span>{error}</span>
          <button type="button" onClick={() => { model.dismissError(); setExportError(null); }}>
            Dismiss
          </button>
        </div>
      ) : null}
      <ChatPanel items={model.items} job={model.job} busy={running} onSend={model.send} />
      <section className="canvas" aria-label="Diagram">
        <div className="canvas-caption">
          <span>{caption}</span>
          {model.shown.editable
            ? selectedNodes
                .filter((id) => model.pins.has(id))
                .map((id) => (
                  <button key={id} type="button" className="unpin" onClick={() => model.unpin(id)}>
                    Unpin {model.shown.diagram.nodes.find((n) => n.id === id)?.label ?? id}
                  </button>
                ))
            : null}
        </div>
        <div className="diagram" data-testid="diagram" data-version={model.shown.number ?? ""}>
          {model.shown.diagram.nodes.length > 0 ? (
            <Canvas
              diagram={model.shown.diagram}
              pinned={model.pins}
              marks={model.shown.marks}
              editable={model.shown.editable}
              onPin={model.pin}
              onSelect={setSelectedNodes}
            />
          ) : (
            <p className="canvas-empty">{model.loading ? "Loading…" : "No diagram yet: ask for one in the chat."}</p>
          )}
        </div>
      </section>
      <SidePanel
        versions={model.versions}
        latestNumber={model.latest?.version.number ?? null}
        selected={selected}
        shownNumber={model.shown.number}
        d2={model.shown.d2}
        comparison={model.comparison}
        viewShown={model.view !== null}
        onSelect={(n) => void model.select(n)}
        onCompare={() => void model.compare()}
        onRevert={(n) => void model.revert(n)}
        onShowCurrent={model.showCurrent}
        onExport={onExport}
      />
    </div>
  );
}
