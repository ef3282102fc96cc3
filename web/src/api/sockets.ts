// WebSocket helpers shared by the job watcher and the notifications hook.

import type { SocketLike } from "./jobWatch";

/** ws:// or wss:// URL of a gateway WebSocket path on this origin, with the token as `?token=`. */
export function socketUrl(path: string, token: string, origin: Location = window.location): string {
  const scheme = origin.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${origin.host}${path}?token=${encodeURIComponent(token)}`;
}

/** Close a socket without the browser's console error for one closed while connecting. */
export function closeQuietly(socket: WebSocket): void {
  socket.onclose = null;
  socket.onmessage = null;
  if (socket.readyState === WebSocket.CONNECTING) {
    socket.onerror = null;
    socket.onopen = () => socket.close();
  } else {
    socket.close();
  }
}

/** A job WebSocket as the job watcher wants it. */
export function openJobSocket(wsPath: string, token: string): SocketLike {
  const socket = new WebSocket(socketUrl(wsPath, token));
  const like: SocketLike = {
    onmessage: null,
    onclose: null,
    onerror: null,
    close: () => closeQuietly(socket),
  };
  socket.onmessage = (event: MessageEvent) => like.onmessage?.({ data: event.data });
  socket.onclose = (event: CloseEvent) => like.onclose?.({ code: event.code });
  socket.onerror = (event: Event) => like.onerror?.(event);
  return like;
}
