// The bell's live count: `notificationBadge` over graphql-ws at /api/city/graphql, the count at once and again after
// every change of the user's notifications (a new one, some read on another tab). graphql-ws reconnects with its own
// backoff; a refused token (4401: expired or the account changed) is renewed before the next attempt. The latest
// badge is kept in a small store, so the notification page refreshes its list when the bell moves.
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { useEffect, useSyncExternalStore } from 'react';

import { NotificationBadgeDocument, type NotificationBadgeSubscription } from '../../gql/city/graphql';
import { freshAccessToken } from '../../shared/session';

export type Badge = NotificationBadgeSubscription['notificationBadge'];

let current: Badge | null = null;
const listeners = new Set<() => void>();
const publish = (badge: Badge | null) => {
  current = badge;
  for (const l of listeners) l();
};
const subscribeStore = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The latest badge pushed (null before the first), for any component. */
export function useBadge(): Badge | null {
  return useSyncExternalStore(subscribeStore, () => current);
}

/** Follows the signed-in user's badge while mounted (the shell mounts it once). */
export function useNotificationBadgeFeed(username: string): void {
  useEffect(() => {
    let socketToken: string | null = null;
    let refused: string | undefined;
    const client = createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/city/graphql`,
      connectionParams: async () => {
        socketToken = await freshAccessToken(refused);
        refused = undefined;
        return { authorization: `Bearer ${socketToken ?? ''}` };
      },
      lazy: true,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      keepAlive: 20_000,
      on: {
        closed: (e) => {
          const code = (e as { code?: number } | undefined)?.code;
          // The server would not take this token: renew it before trying again.
          if (code === 4401 || code === 4403) refused = socketToken ?? undefined;
        },
      },
    });
    const stop = client.subscribe<NotificationBadgeSubscription>(
      { query: print(NotificationBadgeDocument), operationName: 'NotificationBadge' },
      {
        next: (result) => result.data && publish(result.data.notificationBadge),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    return () => {
      stop();
      void client.dispose();
      publish(null);
    };
  }, [username]);
}
