// Everything one open project holds in the browser, and what a person can do with it: the
// conversation (history + this tab's pending or failed turns), the running job, the versions,
// the shown diagram (current, a preview of an older version, a comparison, or a view), pins.

import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { describeError, type Client } from "../api/client";
import { watchJob } from "../api/jobWatch";
import { openJobSocket } from "../api/sockets";
import type { JobOut, MessageOut, VersionOut, VersionSummary } from "../api/types";
import { diffDiagrams, mergeForDiff, type DiagramDiff } from "../diagram/diff";
import { EMPTY, readDiagram, type Diagram } from "../diagram/model";
import { chatSession, saveChatSession } from "../session";

export interface LoadedVersion {
  version: VersionOut;
  diagram: Diagram;
}

export interface Comparison {
  from: number;
  to: number;
  diff: DiagramDiff;
  merged: Diagram;
  unified: string;
}

export interface ViewAnswer {
  diagram: Diagram;
  d2: string | null;
  basedOn: number | null;
}

export interface ChatItem {
  key: string;
  role: "user" | "assistant" | "error";
  content: string;
  jobId: string | null;
}

export const STAGES = ["intent", "generate", "validate", "layout", "persist"] as const;

export interface JobState {
  jobId: string;
  status: "queued" | "running" | "succeeded" | "failed";
  /** stage -> "started" | "completed" as the events arrive */
  stages: Record<string, "started" | "completed">;
  via: "socket" | "polling";
}

/** The stages after an event of `stage`. Stages run in order, so when the first event this
 * tab sees is of a later stage (its socket joined late, or it polls), the ones before it are
 * done. */
export function advance(
  stages: JobState["stages"],
  stage: string,
  status: "started" | "completed",
): JobState["stages"] {
  const at = (STAGES as readonly string[]).indexOf(stage);
  const missed = Object.keys(stages).length === 0 && at > 0 ? STAGES.slice(0, at) : [];
  return { ...Object.fromEntries(missed.map((s) => [s, "completed" as const])), ...stages, [stage]: status };
}

/** A finished job's stages: when it succeeded, every stage it reached is done (the result can
 * overtake the last stage's "completed" event); with no stage event seen at all, all are. */
export function finished(stages: JobState["stages"], succeeded: boolean): JobState["stages"] {
  if (!succeeded) return stages;
  const reached = Object.keys(stages).length > 0 ? Object.keys(stages) : [...STAGES];
  return Object.fromEntries(reached.map((k) => [k, "completed" as const]));
}

function load(version: VersionOut): LoadedVersion {
  return { version, diagram: readDiagram(version.diagram_state) };
}

export interface ProjectModel {
  loading: boolean;
  error: string | null;
  versions: VersionSummary[];
  latest: LoadedVersion | null;
  preview: LoadedVersion | null;
  comparison: Comparison | null;
  view: ViewAnswer | null;
  pins: ReadonlySet<string>;
  items: ChatItem[];
  job: JobState | null;
  /** What the canvas draws, the D2 beside it, and whether nodes may be dragged (pinned). */
  shown: { diagram: Diagram; d2: string; number: number | null; editable: boolean; marks: DiagramDiff | null };
  send: (query: string) => Promise<void>;
  select: (number: number) => Promise<void>;
  compare: () => Promise<void>;
  revert: (number: number) => Promise<void>;
  pin: (nodeId: string, x: number, y: number) => void;
  unpin: (nodeId: string) => void;
  showCurrent: () => void;
  refresh: () => Promise<void>;
  dismissError: () => void;
}

export function useProject(client: Client, token: string, code: string): ProjectModel {
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [latest, setLatest] = useState<LoadedVersion | null>(null);
  const [preview, setPreview] = useState<LoadedVersion | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [view, setView] = useState<ViewAnswer | null>(null);
  const [pins, setPins] = useState<ReadonlySet<string>>(new Set());
  const [history, setHistory] = useState<MessageOut[]>([]);
  const [local, setLocal] = useState<ChatItem[]>([]);
  const [job, setJob] = useState<JobState | null>(null);
  const latestNumber = useRef<number | null>(null);
  const stopJob = useRef<(() => void) | null>(null);
  const alive = useRef(true);

  const fail = useCallback((err: unknown) => {
    if (alive.current) setError(describeError(err));
  }, []);

  const showLatest = useCallback((version: VersionOut) => {
    latestNumber.current = version.number;
    setLatest(load(version));
  }, []);

  /** Fetch the version list; load the newest version if it is not the one shown. */
  const refreshVersions = useCallback(async () => {
    const list = await client.versions(code);
    if (!alive.current) return;
    setVersions(list);
    const newest = list[list.length - 1];
    if (newest && newest.number !== latestNumber.current) {
      const version = await client.version(code, newest.number);
      if (!alive.current) return;
      showLatest(version);
      setView(null);
    }
  }, [client, code, showLatest]);

  const refreshHistory = useCallback(async () => {
    const messages = await client.history(code);
    if (alive.current) setHistory(messages);
  }, [client, code]);

  const refreshPins = useCallback(async () => {
    const list = await client.pins(code);
    if (alive.current) setPins(new Set(list.map((p) => p.node_id)));
  }, [client, code]);

  const refresh = useCallback(async () => {
    try {
      await Promise.all([refreshVersions(), refreshHistory()]);
      await refreshPins();
    } catch (err) {
      fail(err);
    }
  }, [refreshVersions, refreshHistory, refreshPins, fail]);

  useEffect(() => {
    alive.current = true;
    setLoading(true);
    refresh().finally(() => {
      if (alive.current) setLoading(false);
    });
    return () => {
      alive.current = false;
      stopJob.current?.();
    };
  }, [refresh]);

  const finishJob = useCallback(
    async (final: JobOut) => {
      setJob((j) => {
        if (!j || j.jobId !== final.job_id) return j;
        return { ...j, status: final.status, stages: finished(j.stages, final.status === "succeeded") };
      });
      if (final.status !== "succeeded" || !final.result) {
        const e = final.error;
        const text = e ? `${e.message} (${e.error_code})` : "The job failed (JOB_FAILED)";
        setLocal((items) => [...items, { key: `${final.job_id}:error`, role: "error", content: text, jobId: final.job_id }]);
        return;
      }
      const result = final.result;
      saveChatSession(code, result.session_id);
      try {
        await Promise.all([refreshHistory(), refreshVersions()]);
      } catch (err) {
        fail(err);
      }
      // turns that made it into the history are shown from there
      setLocal((items) => items.filter((i) => i.jobId !== final.job_id));
      const state = result.payload.diagram_state;
      if (result.intent === "VIEW_TOGGLE" && state) {
        setPreview(null);
        setComparison(null);
        setView({ diagram: readDiagram(state), d2: result.payload.d2, basedOn: result.payload.version_number });
      }
    },
    [code, refreshHistory, refreshVersions, fail],
  );

  const send = useCallback(
    async (query: string) => {
      const text = query.trim();
      if (!text) return;
      const key = `pending:${Date.now()}`;
      setLocal((items) => [...items, { key, role: "user", content: text, jobId: null }]);
      let accepted;
      try {
        accepted = await client.generate(code, text, chatSession(code));
      } catch (err) {
        setLocal((items) => [...items, { key: `${key}:error`, role: "error", content: describeError(err), jobId: null }]);
        return;
      }
      saveChatSession(code, accepted.session_id);
      const jobId = accepted.job_id;
      setLocal((items) => items.map((i) => (i.key === key ? { ...i, jobId } : i)));
      setJob({ jobId, status: accepted.status, stages: {}, via: "socket" });
      stopJob.current?.();
      stopJob.current = watchJob({
        jobId,
        openSocket: () => openJobSocket(accepted.ws_url, token),
        fetchJob: () => client.job(jobId),
        onProgress: (p) =>
          setJob((j) => {
            if (!j || j.jobId !== jobId) return j;
            const stages = p.stage && p.stageStatus ? advance(j.stages, p.stage, p.stageStatus) : j.stages;
            return { ...j, status: p.status, stages, via: p.via };
          }),
        onFinal: (final) => void finishJob(final),
      });
    },
    [client, code, token, finishJob],
  );

  const select = useCallback(
    async (number: number) => {
      setComparison(null);
      if (number === latestNumber.current) {
        setPreview(null);
        setView(null);
        return;
      }
      try {
        const version = await client.version(code, number);
        if (alive.current) {
          setView(null);
          setPreview(load(version));
        }
      } catch (err) {
        fail(err);
      }
    },
    [client, code, fail],
  );

  const compare = useCallback(async () => {
    if (!preview || !latest) return;
    try {
      const diff = await client.diff(code, preview.version.number, latest.version.number);
      const marks = diffDiagrams(preview.diagram, latest.diagram);
      setComparison({
        from: preview.version.number,
        to: latest.version.number,
        diff: marks,
        merged: mergeForDiff(preview.diagram, latest.diagram, marks),
        unified: diff.unified,
      });
    } catch (err) {
      fail(err);
    }
  }, [client, code, preview, latest, fail]);

  const revert = useCallback(
    async (number: number) => {
      try {
        const version = await client.revert(code, number);
        setPreview(null);
        setComparison(null);
        setView(null);
        showLatest(version);
        await refreshVersions();
      } catch (err) {
        fail(err);
      }
    },
    [client, code, showLatest, refreshVersions, fail],
  );

  const pin = useCallback(
    (nodeId: string, x: number, y: number) => {
      setPins((current) => new Set([...current, nodeId]));
      client.pin(code, nodeId, x, y).catch(fail);
    },
    [client, code, fail],
  );

  const unpin = useCallback(
    (nodeId: string) => {
      setPins((current) => new Set([...current].filter((id) => id !== nodeId)));
      client.unpin(code, nodeId).catch(fail);
    },
    [client, code, fail],
  );

  const showCurrent = useCallback(() => {
    setPreview(null);
    setComparison(null);
    setView(null);
  }, []);

  const items = useMemo(() => {
    const inHistory = new Set(history.map((m) => m.job_id).filter((id): id is string => id !== null));
    const fromHistory: ChatItem[] = history.map((m, i) => ({
      key: `h:${i}:${m.job_id ?? ""}:${m.role}`,
      role: m.role,
      content: m.content,
      jobId: m.job_id,
    }));
    return [...fromHistory, ...local.filter((i) => i.jobId === null || !inHistory.has(i.jobId))];
  }, [history, local]);

  const shown = useMemo(() => {
    if (comparison && latest) {
      return { diagram: comparison.merged, d2: latest.version.d2, number: latest.version.number, editable: false, marks: comparison.diff };
    }
    if (preview) return { diagram: preview.diagram, d2: preview.version.d2, number: preview.version.number, editable: false, marks: null };
    if (view) return { diagram: view.diagram, d2: view.d2 ?? latest?.version.d2 ?? "", number: latest?.version.number ?? null, editable: false, marks: null };
    if (latest) return { diagram: latest.diagram, d2: latest.version.d2, number: latest.version.number, editable: true, marks: null };
    return { diagram: EMPTY, d2: "", number: null, editable: false, marks: null };
  }, [comparison, preview, view, latest]);

  return {
    loading,
    error,
    versions,
    latest,
    preview,
    comparison,
    view,
    pins,
    items,
    job,
    shown,
    send,
    select,
    compare,
    revert,
    pin,
    unpin,
    showCurrent,
    refresh,
    dismissError: () => setError(null),
  };
}
