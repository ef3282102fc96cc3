// The gateway's JSON shapes the app reads (docs/api.md; the OpenAPI schema at /openapi.json).

export interface ErrorBody {
  error_code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface TokenOut {
  access_token: string;
  token_type: string;
  expires_in: number;
}

export interface Project {
  project_code: string;
  name: string;
  owner_id: number;
  created_at: string;
}

export type JobStatus = "queued" | "running" | "succeeded" | "failed";

export interface JobAccepted {
  job_id: string;
  session_id: string;
  status: JobStatus;
  status_url: string;
  ws_url: string;
}

/** A stored React Flow graph as the layout stage writes it (services/layout/reactflow.py). */
export interface DiagramState {
  nodes: unknown[];
  edges: unknown[];
}

export interface ResultPayload {
  version_id: number | null;
  version_number: number | null;
  d2: string | null;
  diagram_state: DiagramState | null;
  pinned_nodes: string[];
  svg_url: string | null;
}

export interface JobResult {
  intent: string;
  message: string;
  confidence: number;
  session_id: string;
  classification_source: string;
  generator?: string;
  payload: ResultPayload;
}

export interface JobOut {
  job_id: string;
  status: JobStatus;
  stage: string | null;
  result?: JobResult | null;
  error?: ErrorBody | null;
}

export interface VersionSummary {
  number: number;
  version_id: number;
  parent_version_id: number | null;
  job_id: string | null;
  summary: string;
  created_at: string;
}

export interface VersionOut extends VersionSummary {
  d2: string;
  diagram_state: DiagramState;
  pinned_nodes: string[];
  svg_url: string;
}

export interface DiffOut {
  from_number: number;
  to_number: number;
  unified: string;
  nodes_added: string[];
  nodes_removed: string[];
  edges_added: string[];
  edges_removed: string[];
}

export interface MessageOut {
  role: "user" | "assistant";
  content: string;
  intent: string | null;
  session_id: string;
  job_id: string | null;
  version_id: number | null;
  created_at: string;
}

export interface Pin {
  node_id: string;
  x: number;
  y: number;
}

export interface Notification {
  type: "notification";
  kind: string;
  project_code: string;
  version_number: number | null;
  actor_id: number;
  job_id?: string | null;
}
