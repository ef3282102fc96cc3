// Sign in or register (register creates the account, then signs in with it).

import { useState, type FormEvent, type ReactElement } from "react";

import { describeError, type Client } from "../api/client";
import type { Account } from "../session";

export function AuthScreen({ client, onSignedIn }: { client: Client; onSignedIn: (a: Account) => void }): ReactElement {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (register: boolean): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const address = email.trim();
      if (register) await client.register(address, password);
      const token = await client.login(address, password);
      onSignedIn({ token: token.access_token, email: address.toLowerCase() });
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void run(false);
  };

  return (
    <main className="auth">
      <form className="auth-card" onSubmit={onSubmit} aria-labelledby="auth-title">
        <h1 id="auth-title">archdesign</h1>
        <p className="muted">Design secure system architectures by conversation.</p>
        <label htmlFor="auth-email">Email</label>
        <input
          id="auth-email"
          data-testid="auth-email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="auth-password">Password</label>
        <input
          id="auth-password"
          data-testid="auth-password"
          type="password"
          autoComplete="current-password"
          required
          minLength={8}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error ? (
          <p className="error" role="alert" data-testid="auth-error">
            {error}
          </p>
        ) : null}
        <div className="auth-actions">
          <button type="submit" data-testid="auth-login" disabled={busy}>
            Sign in
          </button>
          <button type="button" data-testid="auth-register" disabled={busy} onClick={() => void run(true)}>
            Register
          </button>
        </div>
      </form>
    </main>
  );
}
