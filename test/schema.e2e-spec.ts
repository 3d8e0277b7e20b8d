import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '@council/database';
import type { AppDefinition } from '@council/server';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { startApp } from './support/apps.js';

/**
 * The public contract as files: apps/<api>/schema.graphql is the schema the code serves, committed so that a reviewer
 * sees every contract change in a diff and the web app generates its types from it. `npm run schema` rewrites them.
 */
const HEADER =
  '# The GraphQL contract of this API, generated from the code by `npm run schema`; test/schema.e2e-spec.ts fails when they differ. Do not edit.\n\n';

async function servedSchema(def: AppDefinition): Promise<string> {
  const app = await startApp(def);
  try {
    return HEADER + printSchema(lexicographicSortSchema(app.app.get(GraphQLSchemaHost).schema)) + '\n';
  } finally {
    await app.close();
  }
}

describe.each([CITY_API, DISTRICT_API])('the committed schema of $name', (def) => {
  it('is the schema the code serves', async () => {
    const file = join(projectRoot(), 'apps', def.name, 'schema.graphql');
    const served = await servedSchema(def);
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(file, served);
    const committed = (() => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return '(missing)';
      }
    })();
    // A difference means the contract changed: run `npm run schema`, review the diff, and commit it with the change.
    expect(served).toBe(committed);
  });
});
