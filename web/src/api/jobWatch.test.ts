import { describe, expect, it } from "vitest";

import type { JobOut } from "./types";
import { watchJob, type Progress, type SocketLike } from "./jobWatch";

class FakeSocket implements SocketLike {
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  closed = false;
  send(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  close(): void {
    this.closed = true;
  }
}

/** Timers run when the test says so: no real waiting. */
class Clock {
  queue: (() => void)[] = [];
  set = (fn: () => void): unknown => this.queue.push(fn);
  clear = (): void => {};
  async tick(): Promise<void> {
    const fns = this.queue.splice(0);
    for (const fn of fns) fn();
    await new Promise((r) => setTimeout(r, 0));
  }
}

function harness(jobs: (JobOut | Error)[]) {
  const socket = new FakeSocket();
  const clock = new Clock();
  const progress: Progress[] = [];
  const finals: JobOut[] = [];
  let fetched = 0;
  const stop = watchJob({
    jobId: "j1",
    openSocket: () => socket,
    fetchJob: async () => {
      const next = jobs[Math.min(fetched, jobs.length - 1)]!;
      fetched += 1;
      if (next instanceof Error) throw next;
      return next;
    },
    onProgress: (p) => progress.push(p),
    onFinal: (j) => finals.push(j),
    setTimer: clock.set,
    clearTimer: clock.clear,
  });
  return { socket, clock, progress, finals, stop, fetched: () => fetched };
}

const result = { intent: "DSL_CREATE", message: "ok", confidence: 1, session_id: "s", classification_source: "pattern", payload: { version_id: 1, version_number: 1, d2: "a", diagram_state: null, pinned_nodes: [], svg_url: null } };

describe("watchJob", () => {
  it("follows the socket: state, stage events, result", () => {
    const h = harness([]);
    h.socket.send({ type: "state", job_id: "j1", status: "queued", stage: null });
    h.socket.send({ type: "event", job_id: "j1", stage: "intent", status: "started" });
    h.socket.send({ type: "event", job_id: "j1", stage: "intent", status: "completed" });
    h.socket.send({ type: "result", job_id: "j1", stage: "done", status: "succeeded", result });
    expect(h.progress.map((p) => [p.status, p.stage, p.stageStatus])).toEqual([
      ["queued", null, null],
      ["running", "intent", "started"],
      ["running", "intent", "completed"],
    ]);
    expect(h.finals).toEqual([{ job_id: "j1", status: "succeeded", stage: "done", result, error: null }]);
    expect(h.socket.closed).toBe(true);
    expect(h.fetched()).toBe(0);
  });

  it("ends at once on a state that is already final", () => {
    const h = harness([]);
    h.socket.send({ type: "state", job_id: "j1", status: "failed", stage: "generate", error: { error_code: "NO_DIAGRAM", message: "m" } });
    expect(h.finals[0]).toMatchObject({ status: "failed", error: { error_code: "NO_DIAGRAM" } });
  });

  it("polls the job when the socket is closed under it (e.g. a socket cap's close code)", async () => {
    const running: JobOut = { job_id: "j1", status: "running", stage: "layout" };
    const done: JobOut = { job_id: "j1", status: "succeeded", stage: "done", result: result as JobOut["result"] };
    const h = harness([running, done]);
    h.socket.send({ type: "state", job_id: "j1", status: "queued", stage: null });
    h.socket.onclose?.({ code: 4429 });
    await h.clock.tick();
    expect(h.progress.at(-1)).toMatchObject({ status: "running", stage: "layout", via: "polling" });
    await h.clock.tick();
    expect(h.finals).toEqual([done]);
    h.socket.onclose?.({ code: 1000 }); // a late close changes nothing
    await h.clock.tick();
    expect(h.finals).toHaveLength(1);
  });

  it("polls when the socket refuses the job, and gives up on a refusal from the API too", async () => {
    const refused = Object.assign(new Error("This job belongs to another user."), { status: 403, code: "JOB_FORBIDDEN" });
    const h = harness([refused]);
    h.socket.send({ type: "error", error_code: "JOB_FORBIDDEN", message: "no" });
    await h.clock.tick();
    expect(h.finals[0]).toMatchObject({ status: "failed", error: { error_code: "JOB_FORBIDDEN" } });
  });

  it("keeps polling through network errors", async () => {
    const blip = Object.assign(new Error("offline"), { status: 0, code: "NETWORK_ERROR" });
    const done: JobOut = { job_id: "j1", status: "succeeded", stage: "done", result: result as JobOut["result"] };
    const h = harness([blip, blip, done]);
    h.socket.onerror?.({});
    for (let i = 0; i < 4; i += 1) await h.clock.tick();
    expect(h.finals).toEqual([done]);
  });

  it("stops quietly when the page leaves", async () => {
    const h = harness([{ job_id: "j1", status: "running", stage: null }]);
    h.stop();
    expect(h.socket.closed).toBe(true);
    h.socket.send({ type: "result", job_id: "j1", stage: "done", status: "succeeded", result });
    expect(h.finals).toHaveLength(0);
  });
});
