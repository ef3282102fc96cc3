// The user's projects (owned or shared with them) and a form to create one.

import { useState, type FormEvent, type ReactElement } from "react";

import type { Project } from "../api/types";

export interface ProjectListProps {
  projects: Project[];
  current: string | null;
  onOpen: (code: string) => void;
  onCreate: (name: string) => Promise<void>;
}

export function ProjectList({ projects, current, onOpen, onCreate }: ProjectListProps): ReactElement {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    setBusy(true);
    try {
      await onCreate(trimmed);
      setName("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <nav className="projects" aria-label="Projects">
      <h2>Projects</h2>
      <ul>
        {projects.map((p) => (
          <li key={p.project_code}>
            <button
              type="button"
              className={`project-item${p.project_code === current ? " selected" : ""}`}
              data-testid="project-item"
              data-code={p.project_code}
              aria-current={p.project_code === current ? "page" : undefined}
              title={`Project ${p.project_code}`}
              onClick={() => onOpen(p.project_code)}
            >
              {p.name}
            </button>
          </li>
        ))}
      </ul>
      {projects.length === 0 ? <p className="muted">No projects yet: create one.</p> : null}
      <form onSubmit={(e) => void submit(e)} className="project-form">
        <label htmlFor="project-name">New project</label>
        <input
          id="project-name"
          data-testid="project-name"
          maxLength={120}
          placeholder="Project name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" data-testid="project-create" disabled={busy || !name.trim()}>
          Create
        </button>
      </form>
    </nav>
  );
}
