// The app's frame: signed out -> the sign-in form; signed in -> projects, and the open project.

import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from "react";

import { Client, describeError } from "./api/client";
import type { Notification, Project } from "./api/types";
import { AuthScreen } from "./auth/AuthScreen";
import { useNotifications } from "./live/useNotifications";
import { ProjectView } from "./project/ProjectView";
import { ProjectList } from "./projects/ProjectList";
import { loadAccount, projectFromHash, projectHash, saveAccount, type Account } from "./session";

function Workspace({ account, client, onSignOut }: { account: Account; client: Client; onSignOut: () => void }): ReactElement {
  const [projects, setProjects] = useState<Project[]>([]);
  const [current, setCurrent] = useState<string | null>(projectFromHash());
  const [error, setError] = useState<string | null>(null);
  const [notices, setNotices] = useState<Record<string, number>>({});
  const known = useRef(new Set<string>());
  known.current = new Set(projects.map((p) => p.project_code));

  const loadProjects = useCallback(async () => {
    try {
      setProjects(await client.projects());
    } catch (err) {
      setError(describeError(err));
    }
  }, [client]);

  useEffect(() => {
    void loadProjects();
    const onHash = (): void => setCurrent(projectFromHash());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, [loadProjects]);

  const onNotification = useCallback(
    (n: Notification) => {
      setNotices((all) => ({ ...all, [n.project_code]: (all[n.project_code] ?? 0) + 1 }));
      // a version in a project shared with us that the list does not show yet
      if (!known.current.has(n.project_code)) void loadProjects();
    },
    [loadProjects],
  );
  // Back after a drop: the open project catches up on what it missed (others load when opened).
  const onReconnect = useCallback(() => {
    if (current) setNotices((all) => ({ ...all, [current]: (all[current] ?? 0) + 1 }));
  }, [current]);
  const { connected } = useNotifications(account.token, onNotification, onReconnect);

  const open = (code: string): void => {
    window.location.hash = projectHash(code);
    setCurrent(code);
  };

  const create = async (name: string): Promise<void> => {
    try {
      const project = await client.createProject(name);
      setProjects((list) => [...list, project]);
      open(project.project_code);
    } catch (err) {
      setError(describeError(err));
    }
  };

  const project = projects.find((p) => p.project_code === current) ?? null;
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">archdesign</span>
        <span className="muted user">{account.email}</span>
        <button type="button" onClick={onSignOut} data-testid="auth-logout">
          Sign out
        </button>
      </header>
      <ProjectList projects={projects} current={current} onOpen={open} onCreate={create} />
      <main className="main">
        {error ? (
          <div className="banner error" role="alert">
            <span>{error}</span>
            <button type="button" onClick={() => setError(null)}>
              Dismiss
            </button>
          </div>
        ) : null}
        {project ? (
          <ProjectView
            key={project.project_code}
            client={client}
            token={account.token}
            code={project.project_code}
            name={project.name}
            notices={notices[project.project_code] ?? 0}
            live={connected}
          />
        ) : (
          <p className="welcome">{projects.length ? "Open a project on the left." : "Create a project to start."}</p>
        )}
      </main>
    </div>
  );
}

export function App(): ReactElement {
  const [account, setAccount] = useState<Account | null>(() => loadAccount());

  const signOut = useCallback(() => {
    saveAccount(null);
    window.location.hash = projectHash(null);
    setAccount(null);
  }, []);
  const client = useMemo(() => {
    const c = new Client(account?.token ?? null);
    c.onUnauthorized = signOut; // an expired token signs the tab out
    return c;
  }, [account, signOut]);

  const signIn = (a: Account): void => {
    saveAccount(a);
    setAccount(a);
  };

  if (account === null) return <AuthScreen client={client} onSignedIn={signIn} />;
  return <Workspace account={account} client={client} onSignOut={signOut} />;
}
