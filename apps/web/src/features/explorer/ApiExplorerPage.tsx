// The API explorer for integrators (issue 13, part 8): GraphiQL on city-api or district-api through the gateway, with
// the signed-in user's token. All of it is bundled into this route's chunk (editor, its workers, styles): it works on
// a closed network, and nobody else's page carries its weight.
import './monaco-workers';
import 'graphiql/style.css';

import { Segmented, Space, Typography } from 'antd';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { buildSchema } from 'graphql';
import { useMemo } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';

import citySchema from '../../../../city-api/schema.graphql?raw';
import districtSchema from '../../../../district-api/schema.graphql?raw';
import { useLang } from '../../shared/i18n';
import { freshAccessToken } from '../../shared/session';
import { useSession } from '../../shared/useSession';
import { X } from './labels';

type Api = 'city' | 'district';
const APIS: readonly Api[] = ['city', 'district'];

const DEFAULT_QUERY = `# Tài khoản đang đăng nhập / the account signed in
{
  me {
    username
    role
  }
}
`;

/**
 * Each API's committed schema file, bundled: the editor completes and documents without introspection, which the
 * APIs refuse in production. It is the public contract (API.md), the same one the page's own types come from.
 */
const SDL: Record<Api, string> = { city: citySchema, district: districtSchema };

/** Each API keeps its own tabs and history: their schemas differ. */
function storageFor(api: Api): NonNullable<GraphiQLProps['storage']> {
  const prefix = `council.explorer.${api}.`;
  const own = () => Object.keys(localStorage).filter((k) => k.startsWith(prefix));
  return {
    getItem: (key) => localStorage.getItem(prefix + key),
    setItem: (key, value) => localStorage.setItem(prefix + key, value),
    removeItem: (key) => localStorage.removeItem(prefix + key),
    clear: () => own().forEach((k) => localStorage.removeItem(k)),
    get length() {
      return own().length;
    },
  };
}

/**
 * Requests go to the gateway (same origin: `connect-src 'self'`) with the session's token, read at each request so a
 * new sign-in applies at once. A header typed in GraphiQL's own editor wins: an integrator may try another token.
 */
function fetcherFor(api: Api): GraphiQLProps['fetcher'] {
  return async (params, opts) => {
    const token = await freshAccessToken();
    const res = await fetch(`/api/${api}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(opts?.headers as Record<string, string> | undefined),
      },
      body: JSON.stringify(params),
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { errors: [{ message: `HTTP ${res.status} ${res.statusText}`.trim() }] };
    }
  };
}

export default function ApiExplorerPage() {
  const { t } = useLang();
  const { session } = useSession();
  const navigate = useNavigate();
  const requested = useParams()['*']?.split('/')[0];
  const api = APIS.find((a) => a === requested);
  const fetcher = useMemo(() => (api ? fetcherFor(api) : null), [api]);
  const storage = useMemo(() => (api ? storageFor(api) : null), [api]);
  const schema = useMemo(() => (api ? buildSchema(SDL[api]) : null), [api]);
  if (!api || !fetcher || !storage || !schema) {
    // City staff mostly read city-api; councils file and review on district-api.
    const role = session?.user.role;
    return (
      <Navigate to={`/explorer/${role === 'CITY_STAFF' || role === 'CITY_ADMIN' || role === 'VIEWER' ? 'city' : 'district'}`} replace />
    );
  }
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, height: 'calc(100vh - 64px - 48px)', minHeight: 480 }}>
      <Space align="center" wrap style={{ justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
            {t('apiExplorer')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t(X.intro)} {t(X.tokenApplied)}
          </Typography.Text>
        </div>
        <Segmented<Api>
          aria-label={t(X.api)}
          value={api}
          onChange={(next) => void navigate(`/explorer/${next}`)}
          options={[
            { value: 'city', label: t(X.cityApi) },
            { value: 'district', label: t(X.districtApi) },
          ]}
        />
      </Space>
      <div style={{ flex: 1, minHeight: 0, border: '1px solid #d9d9d9', borderRadius: 6, overflow: 'hidden' }} data-testid="graphiql">
        {/* One GraphiQL per API (key): its schema, tabs and history are that API's. */}
        <GraphiQL key={api} fetcher={fetcher} schema={schema} storage={storage} defaultQuery={DEFAULT_QUERY} forcedTheme="light">
          {/* In place of GraphiQL's logo, a link to github.com (outside a closed network) in too light a grey for WCAG AA. */}
          <GraphiQL.Logo>
            <span style={{ color: '#3d4556' }}>{api}-api</span>
          </GraphiQL.Logo>
        </GraphiQL>
      </div>
    </div>
  );
}
