// Nest-side platform shared by the three apps: config, Redis, GraphQL, health, bootstrap.
export * from './app-config.module.js';
export * from './authorization.decorators.js';
export * from './bootstrap.js';
export * from './graphql/date.scalar.js';
export * from './graphql/domain-error.filter.js';
export * from './graphql/format-error.js';
export * from './graphql/graphql-api.module.js';
export * from './graphql/graphql-context.js';
export * from './health/health.module.js';
export * from './health/health.registry.js';
export * from './http/http-hardening.js';
export * from './metrics/prometheus.js';
export * from './operator-token.js';
export * from './preflight.js';
export * from './redis.module.js';
