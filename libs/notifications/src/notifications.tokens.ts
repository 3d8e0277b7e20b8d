/** The connection holding the notify schema (city side): the default one in city-api, the 'city' one in the worker. */
export const NOTIFY_DB = Symbol('NOTIFY_DB');

/** Redis channel telling every city-api replica whose notifications changed (their badges refresh). */
export const notificationsChannel = (queuePrefix: string): string => `${queuePrefix}:notifications`;

/** What goes on that channel. */
export interface NotificationsChanged {
  userIds: string[];
}
