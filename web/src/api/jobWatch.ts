// Follows one job to its end: the job WebSocket first (state, stage events, result), and
// polling `GET /v2/jobs/{id}` whenever the socket cannot carry it — refused, dropped, or closed
// by the gateway (a per-user socket cap closes with a code of its own). Whatever the socket
// did, the caller gets exactly one final JobOut.

import type { ErrorBody, JobOut, JobResult, JobStatus } from "./types";

/** The part of the browser's WebSocket this module uses (so a test can hand in its own). */
export interface SocketLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number): void;
}

export interface Progress {
  status: JobStatus;
  stage: string | null;
  /** For a stage event: whether that stage "started" or "completed". */
  stageStatus: "started" | "completed" | null;
  /** "socket" while the WebSocket carries the job, "polling" after it fell back. */
  via: "socket" | "polling";
}

export interface WatchOptions {
  jobId: string;
  openSocket: () => SocketLike;
  fetchJob: () => Promise<JobOut>;
  onProgress: (progress: Progress) => void;
  onFinal: (job: JobOut) => void;
  /** First polling interval; doubles on each poll up to maxPollMs. */
  pollMs?: number;
  maxPollMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const TERMINAL: ReadonlySet<string> = new Set(["succeeded", "failed"]);

interface SocketMessage {
  type?: string;
  job_id?: string;
  status?: string;
  stage?: string | null;
  result?: JobResult | null;
  error?: ErrorBody | null;
}

function parse(data: unknown): SocketMessage | null {
  if (typeof data !== "string") return null;
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === "object" ? (value as SocketMessage) : null;
  } catch {
    return null;
  }
}

/** Start following the job; returns a function that stops (closes the socket, ends polling). */
export function watchJob(options: WatchOptions): () => void {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const maxPollMs = options.maxPollMs ?? 2000;
  let pollMs = options.pollMs ?? 250;
  let finished = false;
  let stopped = false;
  let polling = false;
  let timer: unknown = null;
  let socket: SocketLike | null = null;
  let failures = 0;

  const finish = (job: JobOut): void => {
    if (finished || stopped) return;
    finished = true;
    if (timer !== null) clearTimer(timer);
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
    options.onFinal(job);
  };

  const poll = (): void => {
    timer = null;
    if (finished || stopped) return;
    options.fetchJob().then(
      (job) => {
        failures = 0;
        if (TERMINAL.has(job.status)) {
          finish(job);
          return;
        }
        options.onProgress({ status: job.status, stage: job.stage, stageStatus: null, via: "polling" });
        schedule();
      },
      (err: unknown) => {
        // A refusal (4xx) will not change by asking again; a network blip may.
        const status = (err as { status?: number }).status ?? 0;
        failures += 1;
        if ((status >= 400 && status < 500) || failures > 20) {
          const code = (err as { code?: string }).code ?? "CLIENT_ERROR";
          const message = (err as { message?: string }).message ?? "The job cannot be followed.";
          finish({ job_id: options.jobId, status: "failed", stage: null, error: { error_code: code, message } });
          return;
        }
        schedule();
      },
    );
  };

  const schedule = (): void => {
    if (finished || stopped) return;
    timer = setTimer(poll, pollMs);
    pollMs = Math.min(maxPollMs, pollMs * 2);
  };

  const fallBack = (): void => {
    if (polling || finished || stopped) return;
    polling = true;
    options.onProgress({ status: "running", stage: null, stageStatus: null, via: "polling" });
    poll();
  };

  try {
    socket = options.openSocket();
  } catch {
    socket = null;
  }
  if (socket === null) {
    fallBack();
  } else {
    socket.onmessage = (event) => {
      const message = parse(event.data);
      if (message === null) return;
      if (message.type === "error") {
        fallBack(); // the socket refused us; the HTTP API answers with the same rules
        return;
      }
      const status = (message.status ?? "running") as string;
      const stage = message.stage ?? null;
      if (message.type === "result" || (message.type === "state" && TERMINAL.has(status))) {
        finish({
          job_id: options.jobId,
          status: status as JobStatus,
          stage,
          result: message.result ?? null,
          error: message.error ?? null,
        });
        return;
      }
      if (message.type === "state") {
        options.onProgress({ status: status as JobStatus, stage, stageStatus: null, via: "socket" });
      } else if (message.type === "event") {
        // stage events say "started"/"completed" of one stage; the job itself is running
        const stageStatus = status === "completed" ? "completed" : "started";
        options.onProgress({ status: "running", stage, stageStatus, via: "socket" });
      }
    };
    socket.onerror = () => fallBack();
    socket.onclose = () => fallBack();
  }

  return () => {
    stopped = true;
    if (timer !== null) clearTimer(timer);
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close();
    }
  };
}
