import 'reflect-metadata';

import { loadConfig } from '@council/core';

import { generateMigration } from './generate-migration.js';
import { prepareDatabase } from './prepare.js';
import type { UnitsDataset } from './seeding/reference.seed.js';

const USAGE = `usage: node dist/libs/database/src/cli.js <command>
  prepare [--units hanoi|vietnam] [--no-dev-users] [--demo]
                                                     create the database if missing, migrate, seed (idempotent);
                                                     --demo adds a year of Hanoi reports (development only)
  generate-migration <Name>                          write a migration for the entity changes`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadConfig(process.env);
  const known = new Set(['--units', '--no-dev-users', '--demo', 'hanoi', 'vietnam']);
  const flag = (name: string) => rest.includes(name);
  const unknown = command === 'prepare' ? rest.filter((a) => !known.has(a)) : [];
  if (unknown.length) throw new Error(`unknown option(s): ${unknown.join(' ')}\n${USAGE}`);
  const value = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  switch (command) {
    case 'prepare': {
      const units = (value('--units') ?? config.seedUnits) as UnitsDataset;
      if (units !== 'hanoi' && units !== 'vietnam') throw new Error('--units must be hanoi or vietnam');
      for (const url of new Set([config.districtDatabaseUrl, config.cityDatabaseUrl])) {
        await prepareDatabase(url, config, {
          units,
          devUsers: flag('--no-dev-users') ? false : undefined,
          demo: flag('--demo') && url === config.districtDatabaseUrl,
        });
      }
      return;
    }
    case 'generate-migration': {
      const name = rest[0];
      if (!name) throw new Error(USAGE);
      const file = await generateMigration(config.databaseUrl, name);
      console.log(
        file
          ? `wrote ${file} and listed it in migrations/index.ts: review both before committing`
          : 'no changes: the entities match the migrations',
      );
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    // What the operator reads: the refusal or the failure in plain words, never a stack trace.
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
