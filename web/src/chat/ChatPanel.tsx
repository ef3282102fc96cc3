// The conversation: every turn of the project (user and assistant), this tab's failed turns as
// readable errors, the running job stage by stage, and the input (Enter sends, Shift+Enter
// makes a new line).

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactElement } from "react";

import { STAGES, type ChatItem, type JobState } from "../project/useProject";

const STATUS_TEXT: Record<JobState["status"], string> = {
  queued: "Queued",
  running: "Working",
  succeeded: "Done",
  failed: "Failed",
};

function JobProgress({ job }: { job: JobState }): ReactElement {
  return (
    <div className="job-progress" data-testid="job-progress" data-status={job.status} data-via={job.via} role="status" aria-live="polite">
      <span className="job-status">{STATUS_TEXT[job.status]}</span>
      <ol className="job-stages" aria-label="Stages">
        {STAGES.map((stage) => {
          const state = job.stages[stage] ?? "pending";
          return (
            <li key={stage} className={`job-stage job-stage-${state}`} data-stage={stage} data-state={state}>
              {stage}
            </li>
          );
        })}
      </ol>
      {job.via === "polling" && job.status !== "succeeded" && job.status !== "failed" ? (
        <span className="job-via">(live updates lost: checking every few seconds)</span>
      ) : null}
    </div>
  );
}

export interface ChatPanelProps {
  items: ChatItem[];
  job: JobState | null;
  busy: boolean;
  onSend: (text: string) => Promise<void>;
}

export function ChatPanel({ items, job, busy, onSend }: ChatPanelProps): ReactElement {
  const [text, setText] = useState("");
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [items.length, job?.status]);

  const submit = (event?: FormEvent): void => {
    event?.preventDefault();
    const query = text.trim();
    if (!query || busy) return;
    setText("");
    void onSend(query);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <section className="chat" aria-label="Conversation">
      <ol className="chat-messages" ref={list}>
        {items.length === 0 ? (
          <li className="chat-empty">Describe a system, e.g. “create a secure web application with a database and authentication”.</li>
        ) : null}
        {items.map((item) =>
          item.role === "error" ? (
            <li key={item.key} className="chat-error" data-testid="chat-error" role="alert">
              {item.content}
            </li>
          ) : (
            <li key={item.key} className={`chat-message chat-${item.role}`} data-testid="chat-message" data-role={item.role}>
              <span className="chat-who">{item.role === "user" ? "You" : "Architect"}</span>
              <div className="chat-text">{item.content}</div>
            </li>
          ),
        )}
      </ol>
      {job ? <JobProgress job={job} /> : null}
      <form className="chat-form" onSubmit={submit}>
        <label htmlFor="chat-input" className="visually-hidden">
          Message
        </label>
        <textarea
          id="chat-input"
          data-testid="chat-input"
          value={text}
          rows={3}
          maxLength={512}
          placeholder="Ask for a diagram or a change… (Enter sends, Shift+Enter for a new line)"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" data-testid="chat-send" disabled={busy || !text.trim()}>
          Send
        </button>
      </form>
    </section>
  );
}
