// The user's notifications WebSocket: new versions in any of their projects, from another tab
// or another member. Reconnects with backoff; while it is down the caller polls instead
// (`connected` is false), and each reconnect asks the caller to catch up.

import { useEffect, useRef, useState } from "react";

import { closeQuietly, socketUrl } from "../api/sockets";
import type { Notification } from "../api/types";

// 4401/4403: the token is refused; asking again will not change that.
const FINAL_CODES = new Set([4401, 4403]);

export function useNotifications(
  token: string,
  onNotification: (n: Notification) => void,
  onReconnect: () => void,
): { connected: boolean } {
  const [connected, setConnected] = useState(false);
  const handlers = useRef({ onNotification, onReconnect });
  handlers.current = { onNotification, onReconnect };

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let delay = 1000;
    let stopped = false;
    let everConnected = false;

    const open = (): void => {
      timer = null;
      if (stopped) return;
      socket = new WebSocket(socketUrl("/v2/notifications/ws", token));
      socket.onmessage = (event: MessageEvent) => {
        let message: unknown;
        try {
          message = JSON.parse(String(event.data));
        } catch {
          return;
        }
        const m = message as { type?: string };
        if (m.type === "subscribed") {
          setConnected(true);
          delay = 1000;
          if (everConnected) handlers.current.onReconnect();
          everConnected = true;
        } else if (m.type === "notification") {
          handlers.current.onNotification(message as Notification);
        }
      };
      socket.onclose = (event: CloseEvent) => {
        setConnected(false);
        socket = null;
        if (stopped || FINAL_CODES.has(event.code)) return;
        timer = setTimeout(open, delay);
        delay = Math.min(30_000, delay * 2);
      };
    };
    open();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      if (socket !== null) closeQuietly(socket);
    };
  }, [token]);

  return { connected };
}
