import 'reflect-metadata';

import { type AppDefinition, createApp } from '@council/server';
import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLSchema } from 'graphql';

import { assertTestEnvironment } from './env.js';

export interface RunningApp {
  app: INestApplication;
  url: string;
  graphql: string;
  close(): Promise<void>;
}

/** An app built exactly as main.ts builds it, listening on a free port of 127.0.0.1. */
export async function startApp(def: AppDefinition): Promise<RunningApp> {
  assertTestEnvironment();
  const app = await createApp(def);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return { app, url, graphql: `${url}/graphql`, close: () => app.close() };
}

/** Closes the apps a file started (any that failed to start are skipped). */
export async function closeApps(...apps: (RunningApp | undefined)[]): Promise<void> {
  await Promise.all(apps.flatMap((a) => (a ? [a.close()] : [])));
}

/** The schema an app serves. */
export const schemaOf = (running: RunningApp): GraphQLSchema => running.app.get(GraphQLSchemaHost).schema;
