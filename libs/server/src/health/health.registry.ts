import { Injectable } from '@nestjs/common';

export type HealthProbe = () => Promise<Record<string, unknown>>;

/**
 * Lets feature modules add what /health reports (queue depth, sync drift…)
 * without the health module knowing them. A probe that throws marks its key down.
 */
@Injectable()
export class HealthRegistry {
  readonly probes = new Map<string, HealthProbe>();
  register(key: string, probe: HealthProbe): void {
    this.probes.set(key, probe);
  }
}
