export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}
export interface GraphQLResponse<T = any> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export const DEV_PASSWORD = process.env.SEED_PASSWORD ?? 'council-dev';

/** A GraphQL request over real HTTP. */
export async function gql<T = any>(
  endpoint: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  return { ...body, status: res.status };
}

/** The data of a response that must have succeeded; a failure shows the errors. */
export async function gqlOk<T = any>(endpoint: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await gql<T>(endpoint, query, variables, token);
  if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors ?? res)}`);
  return res.data;
}

export function errorCode(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

const tokens = new Map<string, string>();
/** A token for a seeded user, cached per endpoint and user (sign-in costs an argon2 verification). */
export async function tokenFor(endpoint: string, username: string, password = DEV_PASSWORD): Promise<string> {
  const key = `${endpoint}|${username}`;
  const cached = tokens.get(key);
  if (cached) return cached;
  const data = await gqlOk<{ login: { accessToken: string } }>(
    endpoint,
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
    { u: username, p: password },
  );
  tokens.set(key, data.login.accessToken);
  return data.login.accessToken;
}
