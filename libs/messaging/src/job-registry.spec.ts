import { EVENT_TYPES } from './events.js';
import { JobRegistry } from './job-registry.js';
import { JOB_QUEUES } from './jobs.js';

describe('JobRegistry', () => {
  it('refuses a second handler for the same job', () => {
    const registry = new JobRegistry();
    registry.register('ReportSubmitted', async () => undefined);
    expect(() => registry.register('ReportSubmitted', async () => undefined)).toThrow(/two handlers/);
  });

  it('refuses to start a consumer of a queue with a job nobody handles', () => {
    const registry = new JobRegistry();
    registry.register('ReportSubmitted', async () => undefined);
    expect(() => registry.assertComplete(['to-city'])).toThrow(/ReportReturned/);
    expect(() => registry.assertComplete(['to-district'])).toThrow(/DirectiveIssued/);
    registry.register('DirectiveIssued', async () => undefined);
    expect(() => registry.assertComplete(['to-district'])).toThrow(/QuarterClosed/);
    registry.register('QuarterClosed', async () => undefined);
    expect(() => registry.assertComplete(['to-district'])).not.toThrow();
  });

  it('is complete once every job of the consumed queues has its handler', () => {
    const registry = new JobRegistry();
    // EventReaction is the registry's own: a second handler for it is refused like any other.
    expect(() => registry.register('EventReaction', async () => undefined)).toThrow(/two handlers/);
    for (const type of Object.keys(JOB_QUEUES) as (keyof typeof JOB_QUEUES)[])
      if (type !== 'EventReaction') registry.register(type, async () => undefined);
    expect(() => registry.assertComplete(['to-city', 'to-district', 'reactions', 'maintenance'])).not.toThrow();
  });

  it('turns an event’s reactions into jobs of their own, each run by its name with the event’s id', async () => {
    const registry = new JobRegistry();
    const seen: unknown[] = [];
    registry.subscribe('ReportReturned', 'notify', async (payload, job) => void seen.push(['notify', payload, job.id]));
    registry.subscribe('ReportReturned', 'count', async () => void seen.push('count'));
    expect(() => registry.subscribe('ReportReturned', 'notify', async () => undefined)).toThrow(/two reactions named notify/);
    expect(registry.reactionJobs('ReportSubmitted', 'e1', {})).toEqual([]);
    const jobs = registry.reactionJobs('ReportReturned', 'e1', { reportId: 'r1' });
    expect(jobs.map((j) => j.jobId)).toEqual(['e1.notify', 'e1.count']);
    const run = registry.handlerFor('EventReaction')!;
    await run(jobs[0].payload, { id: 'e1.notify', attempt: 1 });
    expect(seen).toEqual([['notify', { reportId: 'r1' }, 'e1']]);
    await expect(run({ ...jobs[0].payload, reaction: 'gone' }, { id: 'x', attempt: 1 })).rejects.toThrow(
      'no reaction gone to ReportReturned',
    );
  });

  it('routes every event type to a queue', () => {
    for (const type of EVENT_TYPES) expect(JOB_QUEUES[type]).toBeDefined();
  });
});
