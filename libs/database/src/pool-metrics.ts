import { MetricsRegistry } from '@council/server';
import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** TypeORM's PostgreSQL driver keeps its node-postgres pool here (`master`; no replicas are configured). */
const poolOf = (db: DataSource) => (db.driver as unknown as { master?: Pool }).master;

/**
 * A provider that puts a connection's pool on /metrics under its application name: connections open, idle, and
 * queries waiting for one (a pool too small for the load, or connections held too long, shows as waiting > 0).
 */
export function poolMetricsProvider(dataSource: string | undefined, pool: string): Provider {
  return {
    provide: `council:pool-metrics:${pool}`,
    inject: [MetricsRegistry, getDataSourceToken(dataSource)],
    useFactory: (metrics: MetricsRegistry, db: DataSource) => {
      metrics.gauge(
        'council_db_pool_connections',
        'PostgreSQL connection pool by state: total (open), idle, waiting (queries waiting for a connection)',
        ['pool', 'state'],
        () => {
          const p = poolOf(db);
          return p
            ? [
                [{ pool, state: 'total' }, p.totalCount],
                [{ pool, state: 'idle' }, p.idleCount],
                [{ pool, state: 'waiting' }, p.waitingCount],
              ]
            : [];
        },
      );
      metrics.gauge('council_db_pool_max', 'Connections a pool may open (DB_POOL_SIZE)', ['pool'], () => {
        const max = (poolOf(db)?.options as { max?: number } | undefined)?.max;
        return max ? [[{ pool }, max]] : [];
      });
      return pool;
    },
  };
}
