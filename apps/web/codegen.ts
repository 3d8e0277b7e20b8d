// Operation types from the committed schema files (`npm run schema` writes them): one output per API, since a
// document is valid against one of them only. A document's file name says which: *.city.graphql or *.district.graphql.
import type { CodegenConfig } from '@graphql-codegen/cli';

const api = (name: 'city' | 'district') => ({
  schema: `apps/${name}-api/schema.graphql`,
  documents: `apps/web/src/**/*.${name}.graphql`,
  preset: 'client' as const,
  presetConfig: { fragmentMasking: false },
  config: {
    enumsAsTypes: true,
    useTypeImports: true,
    scalars: { DateTime: 'string', Date: 'string', JSON: 'unknown' },
  },
});

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  ignoreNoDocuments: true,
  generates: { 'apps/web/src/gql/city/': api('city'), 'apps/web/src/gql/district/': api('district') },
};
export default config;
