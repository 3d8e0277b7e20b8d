// The briefing screen's live feed. It reads the summary once over HTTP (which also checks the sign-in), then follows
// `briefingSummaryUpdated` over graphql-ws at /api/city/graphql. When the socket drops it reconnects with backoff;
// meanwhile, if the server still answers HTTP, it polls, and if not, the screen says the connection is lost and keeps
// the last figures. A refused token (a 4401 close: expired, or the user changed by an administrator) is renewed and the
// feed subscribes again; only a refused renewal ends the session (the route then asks to sign in again).
import { useApolloClient } from '@apollo/client/react';
import type { Bilingual } from '@council/core/errors.js';
import { print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { useEffect, useState } from 'react';

import { CITY } from '../../app/apollo';
import {
  BriefingScreenDocument,
  type BriefingScreenSubscription,
  BriefingSummaryDocument,
  type BriefingSummaryFieldsFragment,
} from '../../gql/city/graphql';
import { graphqlErrorsOf, shownError } from '../../shared/graphql-errors';
import { currentSession, endSession, freshAccessToken } from '../../shared/session';

export type FeedMode = 'connecting' | 'live' | 'polling' | 'offline' | 'forbidden';

export interface FeedState {
  summary: BriefingSummaryFieldsFragment | null;
  mode: FeedMode;
  /** When the figures shown arrived (this computer's clock). */
  receivedAt: Date | null;
  /** When the next reconnection is tried (0: none planned). */
  retryAt: number;
  /** What the server said when it answered with an error of another kind (its own words, or the generic message). */
  problem: Bilingual | null;
}

const POLL_MS = 5_000;
const KEEPALIVE_MS = 20_000;
const PONG_WAIT_MS = 10_000;
const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

const codesOf = (errors: readonly { extensions?: Record<string, unknown> | null }[]) =>
  errors.map((e) => e.extensions?.code).filter((c): c is string => typeof c === 'string');

const isCloseEvent = (e: unknown): e is { code: number } => !!e && typeof e === 'object' && 'code' in e && typeof e.code === 'number';

export function useBriefingFeed(period: string): FeedState {
  const apollo = useApolloClient();
  const [state, setState] = useState<FeedState>({ summary: null, mode: 'connecting', receivedAt: null, retryAt: 0, problem: null });

  useEffect(() => {
    let disposed = false;
    let client: Client | null = null;
    let live = false;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let pollTimer: ReturnType<typeof setInterval> | undefined;

    const set = (patch: Partial<FeedState>) => {
      if (!disposed) setState((s) => ({ ...s, ...patch }));
    };
    const show = (summary: BriefingSummaryFieldsFragment, mode: FeedMode) => set({ summary, mode, receivedAt: new Date(), problem: null });

    const stopPolling = () => {
      clearInterval(pollTimer);
      pollTimer = undefined;
    };
    const closeClient = () => {
      const c = client;
      client = null;
      void c?.dispose();
    };
    const stop = () => {
      disposed = true;
      closeClient();
      stopPolling();
      clearTimeout(retryTimer);
    };

    /** The session is over (no session, or its renewal refused): sign in again. */
    const refusedToken = () => {
      stop();
      endSession('expired');
    };
    /** The token the socket was opened with. */
    let socketToken: string | null = null;
    /** The server would not take the socket's token: renewed once, then subscribed again; a second refusal in a row ends it. */
    let renewedForSocket = false;
    const renewAndReconnect = () => {
      if (renewedForSocket) return refusedToken();
      renewedForSocket = true;
      closeClient();
      void freshAccessToken(socketToken ?? undefined).then((token) => {
        if (disposed) return;
        if (!token) return refusedToken();
        connect();
      });
    };
    const forbidden = () => {
      stop();
      setState((s) => ({ ...s, mode: 'forbidden' }));
    };

    /** One read over HTTP; false when the server could not be reached or refused. */
    const read = async (mode: FeedMode): Promise<boolean> => {
      try {
        const { data } = await apollo.query({ query: BriefingSummaryDocument, variables: { period }, fetchPolicy: 'no-cache', ...CITY });
        if (disposed || !data) return false;
        if (!live) show(data.briefingSummary, mode);
        return true;
      } catch (error) {
        const errors = graphqlErrorsOf(error);
        const codes = codesOf(errors);
        // The Apollo link renewed the token and retried; refused still, it ended the session: the route asks to sign in.
        if (codes.includes('UNAUTHENTICATED')) stop();
        else if (codes.includes('FORBIDDEN')) forbidden();
        else if (errors.length) set({ problem: shownError(errors[0]).message });
        return false;
      }
    };

    const startPolling = () => {
      pollTimer ??= setInterval(() => {
        if (live) return stopPolling();
        void read('polling').then((ok) => !ok && !live && set({ mode: 'offline' }));
      }, POLL_MS);
    };

    const scheduleReconnect = () => {
      clearTimeout(retryTimer);
      const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
      const delay = Math.round(base * (0.8 + Math.random() * 0.4));
      attempt += 1;
      set({ retryAt: Date.now() + delay });
      retryTimer = setTimeout(connect, delay);
    };

    /** The socket is gone (or the subscription refused): poll while the server answers HTTP, else say it is lost. */
    const lost = () => {
      if (disposed) return;
      live = false;
      closeClient();
      scheduleReconnect();
      void read('polling').then((ok) => {
        if (disposed || live) return;
        if (ok) startPolling();
        else set({ mode: 'offline' });
      });
    };

    const failed = (error: unknown) => {
      if (Array.isArray(error)) {
        const codes = codesOf(error as { extensions?: Record<string, unknown> }[]);
        if (codes.includes('UNAUTHENTICATED')) return renewAndReconnect();
        if (codes.includes('FORBIDDEN')) return forbidden();
      }
      // 4401: the token expired or the account changed; 4403: the socket had no token.
      if (isCloseEvent(error) && (error.code === 4401 || error.code === 4403)) return renewAndReconnect();
      lost();
    };

    function connect() {
      if (disposed) return;
      closeClient();
      if (!currentSession()) return refusedToken();
      let socket: WebSocket | null = null;
      let pongTimer: ReturnType<typeof setTimeout> | undefined;
      const mine = createClient({
        url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/city/graphql`,
        connectionParams: async () => {
          socketToken = await freshAccessToken();
          return { authorization: `Bearer ${socketToken ?? ''}` };
        },
        lazy: true,
        // Reconnection is ours (above): its backoff is bounded and it polls meanwhile.
        retryAttempts: 0,
        keepAlive: KEEPALIVE_MS,
        on: {
          connected: (s) => (socket = s as WebSocket),
          // A silent network never closes the socket: no pong in time and it is treated as lost.
          ping: (received) => {
            if (!received)
              pongTimer = setTimeout(() => socket?.readyState === WebSocket.OPEN && socket.close(4408, 'no pong'), PONG_WAIT_MS);
          },
          pong: (received) => received && clearTimeout(pongTimer),
          closed: () => clearTimeout(pongTimer),
        },
      });
      client = mine;
      mine.subscribe<BriefingScreenSubscription>(
        { query: print(BriefingScreenDocument), variables: { period }, operationName: 'BriefingScreen' },
        {
          next: (result) => {
            if (client !== mine) return;
            if (result.data?.briefingSummaryUpdated) {
              attempt = 0;
              renewedForSocket = false;
              live = true;
              stopPolling();
              set({ retryAt: 0 });
              show(result.data.briefingSummaryUpdated, 'live');
            } else if (result.errors) failed(result.errors);
          },
          error: (error) => client === mine && failed(error),
          // The server ended the subscription without an error: follow it again.
          complete: () => client === mine && lost(),
        },
      );
    }

    const online = () => {
      if (!live && !disposed) {
        attempt = 0;
        clearTimeout(retryTimer);
        connect();
      }
    };
    window.addEventListener('online', online);

    void read('connecting').then((ok) => {
      if (disposed) return;
      if (ok) connect();
      else {
        set({ mode: 'offline' });
        scheduleReconnect();
      }
    });
    return () => {
      window.removeEventListener('online', online);
      stop();
    };
  }, [apollo, period]);

  return state;
}
