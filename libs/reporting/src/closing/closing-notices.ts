import { Injectable, Logger } from '@nestjs/common';

/**
 * What closing and reopening tell the rest of the district side, after the change is committed: the hook for the
 * notification centre (QUARTER_CLOSED, REOPEN_REQUESTED, REOPEN_GRANTED, REOPEN_REFUSED). In-process, because all of
 * it happens on the district side; the audit log holds the same steps durably (actions QUARTER_CLOSE, REOPEN_*), so a
 * listener that was down can catch up from there. A listener's failure is logged and never undoes the change.
 */
export type ClosingNotice =
  | { kind: 'QUARTER_CLOSED'; period: string; scopeCode: string; closedBy: string; at: Date; source: string }
  | {
      kind: 'REOPEN_REQUESTED' | 'REOPEN_GRANTED' | 'REOPEN_REFUSED';
      requestId: string;
      reportId: string;
      unitCode: string;
      districtCode: string | null;
      period: string;
      by: string;
      at: Date;
    };

@Injectable()
export class ClosingNotices {
  private readonly log = new Logger('ClosingNotices');
  private readonly listeners: ((n: ClosingNotice) => Promise<void> | void)[] = [];

  subscribe(listener: (n: ClosingNotice) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  publish(notice: ClosingNotice): void {
    for (const l of this.listeners) {
      Promise.resolve()
        .then(() => l(notice))
        .catch((e: Error) => this.log.warn(`a listener failed on ${notice.kind}: ${e.message}`));
    }
  }
}
