import type { AppConfig } from '@council/core';

export const REDACTED = '[redacted]';

/** A name that says its value is a secret: password, token, secret, authorization, cookie. */
const SECRET_NAME = /passw(or)?d|token|secret|authori[sz]ation|cookie/i;

/**
 * What pino's `redact` hides wherever a line carries it: credentials in the request headers a request line shows, and
 * fields named as secrets. Fixed paths only: wildcards (`*.password`) tripled a request line's cost, and deeper
 * fields are the variables serializer's to hide (`loggableVariables`) or the configured secrets' scrubber's.
 */
export const REDACT_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-operator-token"]',
  'password',
  'accessToken',
  'refreshToken',
  'token',
  'jwtSecret',
  'operatorToken',
  'seedPassword',
  'databaseUrl',
  'districtDatabaseUrl',
  'cityDatabaseUrl',
];

/** A GraphQL document that takes or returns a password or a token (login, refresh, a password change). */
export function handlesSecrets(query: unknown): boolean {
  return typeof query === 'string' && SECRET_NAME.test(query);
}

/**
 * An operation's variables as a request line may show them. A variable's name is the client's choice
 * (`login(password: $p)`), so an operation that handles secrets shows none of its variables; elsewhere a field
 * named as a secret, at any depth (a user's `password` in an input object), is hidden.
 */
export function loggableVariables(query: unknown, variables: unknown): unknown {
  if (variables === undefined || variables === null) return undefined;
  if (handlesSecrets(query)) return REDACTED;
  const scrub = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(scrub);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) ? REDACTED : scrub(v)]));
  };
  return scrub(variables);
}

/**
 * The last guard, on every written line: the configured secrets themselves (JWT_SECRET, OPERATOR_TOKEN, the
 * database and SMTP passwords), wherever they would appear — an error message, a stack, a URL in a driver's complaint.
 */
export function secretScrubber(config: AppConfig): (line: string) => string {
  const secrets = new Set<string>([config.jwtSecret, config.operatorToken]);
  const urls = [
    config.databaseUrl,
    config.districtDatabaseUrl,
    config.cityDatabaseUrl,
    config.redisUrl,
    config.notifications.smtpUrl ?? '',
  ];
  for (const url of urls) {
    try {
      const password = new URL(url).password;
      if (password) secrets.add(password).add(decodeURIComponent(password));
    } catch {
      /* refused by loadConfig already */
    }
  }
  // Very short values would blank ordinary words; the configuration refuses short secrets in production.
  const values = [...secrets].filter((s) => s.length >= 4);
  return (line) => values.reduce((out, s) => (out.includes(s) ? out.split(s).join(REDACTED) : out), line);
}
