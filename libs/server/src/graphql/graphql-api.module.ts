import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { AppConfig } from '@council/core';
import { APP_CONFIG } from '../app-config.module.js';
import { DomainErrorFilter } from './domain-error.filter.js';
import { formatGraphQLError } from './format-error.js';
import { TextInputPipe } from './text-input.pipe.js';
import type { GraphQLContext } from './graphql-context.js';

/** The Apollo options for a configuration (exported for tests of the production settings). */
export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth },
    maxAliases: { n: config.graphql.maxAliases },
    costLimit: { maxCost: config.graphql.maxCost },
    maxTokens: { n: config.graphql.maxTokens },
    maxDirectives: { n: 20 },
    // Field suggestions help developers; in production they leak the schema.
    blockFieldSuggestion: { enabled: config.production },
  }).protect();
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    introspection: !config.production,
    graphiql: !config.production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // armor's types come from Apollo's ESM build, Nest's from its CJS one: same objects, two declarations.
    plugins: armor.plugins as ApolloDriverConfig['plugins'],
    validationRules: armor.validationRules,
    formatError: formatGraphQLError,
    context: ({ req, res }: { req: GraphQLContext['req']; res: GraphQLContext['res'] }): GraphQLContext => ({
      req,
      res,
      loaders: new Map(),
    }),
  };
}

/**
 * GraphQL over HTTP at /graphql, the same for both APIs: code-first schema,
 * armor limits (depth, aliases, cost, tokens) applied as validation rules so a
 * hostile query is refused before it runs, introspection and the GraphiQL page
 * off in production, errors masked by `formatGraphQLError`.
 */
@Module({})
export class GraphQLApiModule {
  static forRoot(): DynamicModule {
    return {
      module: GraphQLApiModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [APP_CONFIG],
          useFactory: graphqlOptions,
        }),
      ],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_PIPE, useClass: TextInputPipe },
      ],
    };
  }
}
