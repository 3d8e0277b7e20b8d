import type { CouncilEvent, EventType } from './events.js';
import type { QueueName } from './queues.js';

/**
 * Every job the platform runs and the queue it runs on. Events become jobs
 * named by their type; scheduled work has jobs of its own. The registry
 * checks at start-up that each job of a queue the process consumes has
 * exactly one handler.
 */
export type ScheduledJob =
  | { type: 'ReconcileStatistics'; payload: Record<string, never> }
  | { type: 'MarkOverdueAssignments'; payload: Record<string, never> }
  /** Reports due soon or missing: notifications, once each (libs/notifications). */
  | { type: 'SendReportReminders'; payload: Record<string, never> }
  /** Notification mail waiting in notify.mail_outbox, sent and stamped (libs/notifications). */
  | { type: 'SendNotificationMail'; payload: Record<string, never> }
  /** Accounts locked by sign-in guesses (audit log), told to administrators once each (libs/notifications). */
  | { type: 'NotifyAccountLocks'; payload: Record<string, never> };
/**
 * One feature's reaction to an event another feature handled (JobRegistry.subscribe), queued once the handler
 * succeeded: it fails and retries on its own, without running the event's handler again or sending an applied
 * event to the dead letters.
 */
export interface ReactionJob {
  type: 'EventReaction';
  payload: { event: EventType; reaction: string; eventId: string; payload: unknown };
}
export type CouncilJob = CouncilEvent | ScheduledJob | ReactionJob;
export type JobType = CouncilJob['type'];
export type JobPayload<T extends JobType> = Extract<CouncilJob, { type: T }>['payload'];

export const JOB_QUEUES = {
  ReportSubmitted: 'to-city',
  ReportReturned: 'to-city',
  ReportAccepted: 'to-city',
  ReportDeadlineChanged: 'to-city',
  AnnualPlanSet: 'to-city',
  AssignmentsChanged: 'to-city',
  ReopenChanged: 'to-city',
  QuarterClosureRecorded: 'to-city',
  DirectiveIssued: 'to-district',
  QuarterClosed: 'to-district',
  ReconcileStatistics: 'maintenance',
  MarkOverdueAssignments: 'maintenance',
  SendReportReminders: 'maintenance',
  SendNotificationMail: 'maintenance',
  NotifyAccountLocks: 'maintenance',
  EventReaction: 'reactions',
} as const satisfies Record<JobType, QueueName>;

/** What a queued event job carries: the outbox row's id (also the job id) and the event. */
export interface EventJobData<T extends EventType = EventType> {
  eventId: string;
  type: T;
  payload: JobPayload<T>;
  /** When the change was committed on its side (for lag figures). */
  occurredAt: string;
  /** The request whose work wrote the event: the worker's lines for the job carry it. */
  requestId?: string;
}
