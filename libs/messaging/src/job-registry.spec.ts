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
    for (const type of Object.keys(JOB_QUEUES) as (keyof typeof JOB_QUEUES)[]) registry.register(type, async () => undefined);
    expect(() => registry.assertComplete(['to-city', 'to-district', 'maintenance'])).not.toThrow();
  });

  it('runs the reactions to an event after its handler, and not when the handler failed', async () => {
    const registry = new JobRegistry();
    const seen: string[] = [];
    let fail = true;
    registry.register('ReportReturned', async () => {
      if (fail) throw new Error('city database down');
      seen.push('handler');
    });
    registry.subscribe('ReportReturned', async () => void seen.push('notifications'));
    const run = registry.handlerFor('ReportReturned')!;
    await expect(run({} as never, { id: 'e1', attempt: 1 })).rejects.toThrow('city database down');
    expect(seen).toEqual([]);
    fail = false;
    await run({} as never, { id: 'e1', attempt: 2 });
    expect(seen).toEqual(['handler', 'notifications']);
  });

  it('routes every event type to a queue', () => {
    for (const type of EVENT_TYPES) expect(JOB_QUEUES[type]).toBeDefined();
  });
});
