// Downloads of the shown version: fetched with the bearer token (a plain link would get a
// 401), then saved from a blob URL.

import type { Client } from "./api/client";

export type ExportKind = "svg" | "d2" | "json";

async function body(client: Client, projectCode: string, number: number, kind: ExportKind): Promise<Blob> {
  const base = `/v2/projects/${encodeURIComponent(projectCode)}/versions/${number}`;
  if (kind === "json") {
    const version = await client.version(projectCode, number);
    return new Blob([JSON.stringify(version.diagram_state, null, 2)], { type: "application/json" });
  }
  const response = await client.raw("GET", `${base}.${kind}`);
  return await response.blob();
}

export function exportName(projectCode: string, number: number, kind: ExportKind): string {
  return `${projectCode}-v${number}.${kind === "json" ? "reactflow.json" : kind}`;
}

export async function download(client: Client, projectCode: string, number: number, kind: ExportKind): Promise<void> {
  const blob = await body(client, projectCode, number, kind);
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = exportName(projectCode, number, kind);
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  // the browser has taken the blob once the click is handled
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
