import { Injectable, Logger } from '@nestjs/common';

/** An account locked by guesses from everywhere (LoginThrottleService's account-wide limit), raised once per lock. */
export interface AccountLock {
  username: string;
  /** Failed sign-ins for the account within the window, from all addresses. */
  failures: number;
  windowSeconds: number;
  /** The address of the failure that tripped the lock. */
  address: string;
}

export type AccountLockListener = (lock: AccountLock) => Promise<void> | void;

/**
 * Where an account lock is announced, for the libs that tell administrators (the audit log's writer subscribes).
 * Auth knows when an account locks, not who records it: the listeners do. A listener that fails is logged; the
 * sign-in's answer is the same.
 */
@Injectable()
export class SignInAlerts {
  private readonly log = new Logger('SignInAlerts');
  private readonly listeners: AccountLockListener[] = [];

  onAccountLock(listener: AccountLockListener): void {
    this.listeners.push(listener);
  }

  async accountLocked(lock: AccountLock): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(lock);
      } catch (e) {
        this.log.error(`an account-lock alert for "${lock.username}" failed: ${(e as Error).message}`);
      }
    }
  }
}
