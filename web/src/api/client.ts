// HTTP client of the gateway: same origin, bearer token, and one error type that always carries
// the API's `error_code` and message (network failures get a code of their own).

import type {
  DiffOut,
  JobAccepted,
  JobOut,
  MessageOut,
  Pin,
  Project,
  TokenOut,
  VersionOut,
  VersionSummary,
} from "./types";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** "message (CODE)": how the app shows any error to a person. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return `${err.message} (${err.code})`;
  if (err instanceof Error) return `${err.message} (CLIENT_ERROR)`;
  return "Something went wrong (CLIENT_ERROR)";
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (body && typeof body === "object" && "error_code" in body) {
    const b = body as { error_code: unknown; message?: unknown; details?: unknown };
    return new ApiError(
      response.status,
      String(b.error_code),
      typeof b.message === "string" ? b.message : response.statusText,
      b.details && typeof b.details === "object" ? (b.details as Record<string, unknown>) : {},
    );
  }
  return new ApiError(response.status, `HTTP_${response.status}`, response.statusText || "Request failed");
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

export class Client {
  token: string | null;
  /** Called when the gateway says the token is no longer good (expired, user gone). */
  onUnauthorized: (() => void) | null = null;

  constructor(token: string | null = null) {
    this.token = token;
  }

  async raw(method: Method, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, "NETWORK_ERROR", `The gateway cannot be reached: ${String(err)}`);
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (response.status === 401 && this.token && this.onUnauthorized) this.onUnauthorized();
      throw error;
    }
    return response;
  }

  async json<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const response = await this.raw(method, path, body);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  // -- accounts
  async register(email: string, password: string): Promise<void> {
    await this.json("POST", "/v2/auth/register", { email, password });
  }

  login(email: string, password: string): Promise<TokenOut> {
    return this.json<TokenOut>("POST", "/v2/auth/token", { email, password });
  }

  // -- projects
  projects(): Promise<Project[]> {
    return this.json<Project[]>("GET", "/v2/projects");
  }

  createProject(name: string): Promise<Project> {
    return this.json<Project>("POST", "/v2/projects", { name });
  }

  // -- conversation
  generate(projectCode: string, query: string, sessionId: string | null): Promise<JobAccepted> {
    const body: Record<string, string> = { project_id: projectCode, query };
    if (sessionId) body.session_id = sessionId;
    return this.json<JobAccepted>("POST", "/v2/design/generate", body);
  }

  job(jobId: string): Promise<JobOut> {
    return this.json<JobOut>("GET", `/v2/jobs/${encodeURIComponent(jobId)}`);
  }

  history(projectCode: string): Promise<MessageOut[]> {
    return this.json<MessageOut[]>("GET", `${projectPath(projectCode)}/history`);
  }

  // -- versions
  versions(projectCode: string): Promise<VersionSummary[]> {
    return this.json<VersionSummary[]>("GET", `${projectPath(projectCode)}/versions`);
  }

  version(projectCode: string, n: number): Promise<VersionOut> {
    return this.json<VersionOut>("GET", `${projectPath(projectCode)}/versions/${n}`);
  }

  diff(projectCode: string, from: number, to: number): Promise<DiffOut> {
    return this.json<DiffOut>("GET", `${projectPath(projectCode)}/versions/${from}/diff/${to}`);
  }

  revert(projectCode: string, n: number): Promise<VersionOut> {
    return this.json<VersionOut>("POST", `${projectPath(projectCode)}/versions/${n}/revert`);
  }

  // -- pins
  pins(projectCode: string): Promise<Pin[]> {
    return this.json<Pin[]>("GET", `${projectPath(projectCode)}/pins`);
  }

  pin(projectCode: string, nodeId: string, x: number, y: number): Promise<Pin> {
    return this.json<Pin>("PUT", pinPath(projectCode, nodeId), { x, y });
  }

  unpin(projectCode: string, nodeId: string): Promise<void> {
    return this.json<void>("DELETE", pinPath(projectCode, nodeId));
  }
}

function projectPath(code: string): string {
  return `/v2/projects/${encodeURIComponent(code)}`;
}

function pinPath(code: string, nodeId: string): string {
  return `${projectPath(code)}/pins/${encodeURIComponent(nodeId)}`;
}
