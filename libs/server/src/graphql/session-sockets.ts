/** Close code of a socket whose session ended (token expired, user disabled, demoted or signed out by an administrator). */
export const SESSION_ENDED_CLOSE_CODE = 4401;

interface Closable {
  close(code: number, reason: string): void;
}

/**
 * The open graphql-ws sockets of this process, by the user name their token carries: when an administrator changes
 * or disables an account (heard over Redis on every replica), its sockets are closed with `SESSION_ENDED_CLOSE_CODE`.
 * 4401 for every end, as at the token's expiry: the client's answer is the same — renew the token and subscribe
 * again — and a disabled or revoked user's renewal is refused, which sends them to sign in. A subscription the new
 * role may not see is then refused as FORBIDDEN.
 */
export class SessionSockets {
  private readonly byUser = new Map<string, Set<Closable>>();

  add(username: string, socket: Closable): void {
    let set = this.byUser.get(username);
    if (!set) this.byUser.set(username, (set = new Set()));
    set.add(socket);
  }

  remove(username: string, socket: Closable): void {
    const set = this.byUser.get(username);
    set?.delete(socket);
    if (set?.size === 0) this.byUser.delete(username);
  }

  /** Closes every socket of `username`; how many there were. */
  close(username: string, reason: string): number {
    const set = this.byUser.get(username);
    if (!set) return 0;
    this.byUser.delete(username);
    for (const socket of set) socket.close(SESSION_ENDED_CLOSE_CODE, reason);
    return set.size;
  }

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }
}
