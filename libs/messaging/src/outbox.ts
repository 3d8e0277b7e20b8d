import { randomUUID } from 'node:crypto';

import { currentRequestId } from '@council/server';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import type { CityEvent, DistrictEvent } from './events.js';

export type Side = 'district' | 'city';

/** Each side's outbox table and the PostgreSQL channel its relay LISTENs on. */
export const OUTBOXES: Record<Side, { table: string; channel: string }> = {
  district: { table: 'district.outbox_event', channel: 'council_outbox_district' },
  city: { table: 'city.outbox_event', channel: 'council_outbox_city' },
};

/**
 * The one statement that writes an outbox row, as SQL: `append` runs it with parameters, and a statement that writes a
 * change and its event at once (a report submission, in one round trip) embeds it, taking the values from its own
 * rows (`from`). The arguments are SQL expressions; `requestId`'s value is `currentRequestId()` as the statement runs.
 */
export function outboxInsertSql(
  side: Side,
  row: { id: string; type: string; aggregateId: string; payload: string; requestId: string },
  from?: string,
): string {
  // clock_timestamp(), not now(): the moment of the change, not the start of its transaction (lag figures).
  return (
    `INSERT INTO ${OUTBOXES[side].table} (id, type, aggregate_id, payload, request_id, created_at) ` +
    `SELECT (${row.id})::uuid, (${row.type})::text, (${row.aggregateId})::text, (${row.payload})::jsonb, (${row.requestId})::varchar, clock_timestamp()${from ? ` FROM ${from}` : ''}`
  );
}

/** The request id an outbox row written now records: the request's or job's in progress, if any. */
export function outboxRequestId(): string | null {
  return currentRequestId() ?? null;
}

async function append(tx: EntityManager, side: Side, aggregateId: string, event: DistrictEvent | CityEvent): Promise<string> {
  const id = randomUUID();
  await tx.query(outboxInsertSql(side, { id: '$1', type: '$2', aggregateId: '$3', payload: '$4', requestId: '$5' }), [
    id,
    event.type,
    aggregateId,
    JSON.stringify(event.payload),
    outboxRequestId(),
  ]);
  return id;
}

/** Append an event for the city side inside the caller's (district) transaction. Call `OutboxNotifier.notify()` after the commit. */
export function appendDistrictEvent(tx: EntityManager, aggregateId: string, event: DistrictEvent): Promise<string> {
  return append(tx, 'district', aggregateId, event);
}

/** Append an event for the district side inside the caller's (city) transaction. */
export function appendCityEvent(tx: EntityManager, aggregateId: string, event: CityEvent): Promise<string> {
  return append(tx, 'city', aggregateId, event);
}

/**
 * Wakes the relay after a commit. Deliberately not inside the transaction:
 * PostgreSQL serialises the commits of every transaction that NOTIFYs (a
 * database-wide lock held through the WAL flush), which capped submissions at
 * one fsync each. A lost wake-up costs at most the relay's polling interval.
 * Wake-ups within a few milliseconds are folded into one.
 */
@Injectable()
export class OutboxNotifier {
  private readonly log = new Logger('OutboxNotifier');
  private readonly pending = new Map<Side, Promise<void>>();

  constructor(private readonly modules: ModuleRef) {}

  /** `dataSource`: the connection the outbox was written through (default: the app's). */
  notify(side: Side = 'district', dataSource?: string): void {
    if (this.pending.has(side)) return;
    const db = this.modules.get<DataSource>(getDataSourceToken(dataSource), { strict: false });
    this.pending.set(
      side,
      new Promise<void>((resolve) => setTimeout(resolve, 2))
        .then(() => db.query(`SELECT pg_notify($1, '')`, [OUTBOXES[side].channel]))
        .then(
          () => undefined,
          (e: Error) => this.log.warn(`notify failed (the relay's polling will pick the event up): ${e.message}`),
        )
        .finally(() => this.pending.delete(side)),
    );
  }
}
