// What the tab remembers: the bearer token and the user's email (for this tab only, in
// sessionStorage: a new tab signs in again), the conversation session of each project, and
// the open project in the URL's hash (#/p/CODE), so a reload comes back to it.

const TOKEN = "archdesign.token";
const EMAIL = "archdesign.email";
const SESSION_PREFIX = "archdesign.session.";

export interface Account {
  token: string;
  email: string;
}

export function loadAccount(): Account | null {
  const token = sessionStorage.getItem(TOKEN);
  const email = sessionStorage.getItem(EMAIL);
  return token ? { token, email: email ?? "" } : null;
}

export function saveAccount(account: Account | null): void {
  if (account === null) {
    sessionStorage.clear();
    return;
  }
  sessionStorage.setItem(TOKEN, account.token);
  sessionStorage.setItem(EMAIL, account.email);
}

export function chatSession(projectCode: string): string | null {
  return sessionStorage.getItem(SESSION_PREFIX + projectCode);
}

export function saveChatSession(projectCode: string, sessionId: string): void {
  sessionStorage.setItem(SESSION_PREFIX + projectCode, sessionId);
}

const HASH = /^#\/p\/([A-Z0-9]{7})$/;

export function projectFromHash(hash: string = window.location.hash): string | null {
  return HASH.exec(hash)?.[1] ?? null;
}

export function projectHash(code: string | null): string {
  return code ? `#/p/${code}` : "#/";
}
