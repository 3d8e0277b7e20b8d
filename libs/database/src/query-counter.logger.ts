import { Logger as NestLogger } from '@nestjs/common';
import type { Logger, QueryRunner } from 'typeorm';

/**
 * TypeORM logger that counts statements (tests assert "no N+1" with it) and
 * reports failed and slow queries. Parameters are never logged: they carry
 * report contents and password hashes.
 */
export class QueryCounterLogger implements Logger {
  private static count = 0;
  private readonly out = new NestLogger('SQL');

  constructor(private readonly slowMs = 500) {}

  /** Statements run by this process since it started. */
  static get queries(): number {
    return QueryCounterLogger.count;
  }

  logQuery(): void {
    QueryCounterLogger.count++;
  }
  logQueryError(error: string | Error, query: string): void {
    this.out.warn(`${typeof error === 'string' ? error : error.message} — ${query.slice(0, 300)}`);
  }
  logQuerySlow(time: number, query: string): void {
    if (time >= this.slowMs) this.out.warn(`slow query (${time} ms): ${query.slice(0, 300)}`);
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.out.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown, _queryRunner?: QueryRunner): void {
    if (level === 'warn') this.out.warn(String(message));
  }
}
