import type { Page, WebSocket } from 'playwright-core';

/** A `next` message of a graphql-transport-ws subscription, as the browser received it. */
export interface SocketPush<T> {
  socket: WebSocket;
  /** The subscription's id on that socket. */
  id: string;
  at: number;
  data: T;
}

interface Subscription {
  socket: WebSocket;
  id: string;
  field: string;
}

/**
 * Every graphql-ws frame a page receives on its /graphql sockets, read from the browser's side
 * (`page.on('websocket')`): what a screen was sent over its live subscription, as opposed to what it
 * fetched over HTTP. Start before the page opens its socket.
 */
export class GraphqlSockets {
  readonly sockets: WebSocket[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly pushes: (SocketPush<unknown> & { field: string })[] = [];

  constructor(page: Page) {
    page.on('websocket', (ws) => {
      if (!/\/graphql$/.test(new URL(ws.url()).pathname)) return;
      this.sockets.push(ws);
      ws.on('framesent', ({ payload }) => {
        const m = parse(payload);
        const field =
          m?.type === 'subscribe' && typeof m.id === 'string' ? /\{\s*(\w+)/.exec(String(m.payload?.query ?? ''))?.[1] : undefined;
        if (field) this.subscriptions.push({ socket: ws, id: m!.id!, field });
      });
      ws.on('framereceived', ({ payload }) => {
        const m = parse(payload);
        if (m?.type !== 'next' || typeof m.id !== 'string') return;
        const sub = this.subscriptions.find((s) => s.socket === ws && s.id === m.id);
        const data = (m.payload?.data as Record<string, unknown> | undefined)?.[sub?.field ?? ''];
        if (sub && data) this.pushes.push({ socket: ws, id: m.id, at: Date.now(), data, field: sub.field });
      });
    });
  }

  /** The open socket and subscription id that last delivered `field`: the screen's live feed right now. */
  current(field: string): { socket: WebSocket; id: string } {
    const last = this.pushes.filter((p) => p.field === field).at(-1);
    if (!last || last.socket.isClosed()) throw new Error(`no open socket has delivered ${field} (sockets seen: ${this.sockets.length})`);
    return { socket: last.socket, id: last.id };
  }

  /** The first push of `field` received at or after `since` that satisfies `ok`; fails after `withinMs` with what did arrive. */
  async waitForPush<T>(field: string, ok: (data: T) => boolean, since: number, withinMs: number): Promise<SocketPush<T>> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const hit = this.pushes.find((p) => p.field === field && p.at >= since && ok(p.data as T));
      if (hit) return hit as SocketPush<T>;
      if (Date.now() > deadline) {
        const seen = this.pushes.filter((p) => p.field === field && p.at >= since).length;
        throw new Error(
          `no ${field} push over a socket within ${withinMs} ms satisfied the test (${seen} other pushes since; sockets seen: ${this.sockets.length})`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function parse(payload: string | Buffer): { type?: string; id?: string; payload?: { query?: unknown; data?: unknown } } | undefined {
  try {
    return JSON.parse(payload.toString());
  } catch {
    return undefined;
  }
}
