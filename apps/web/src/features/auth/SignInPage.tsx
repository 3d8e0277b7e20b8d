import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';

import { SignInDocument } from '../../gql/district/graphql';
import { graphqlErrorsOf, shownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { UI } from '../../shared/labels';
import { startSession } from '../../shared/session';
import { useSession } from '../../shared/useSession';

/** Only a path of this app: `next` must never send a person to another site after signing in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}

export function SignInPage() {
  const { t, lang, setLang } = useLang();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { session } = useSession();
  const [signIn, { loading }] = useMutation(SignInDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const next = safeNext(params.get('next'));
  const reason = params.get('reason');
  if (session) return <Navigate to={next} replace />;

  const submit = async (values: { username: string; password: string }) => {
    setFailure(null);
    try {
      const { data } = await signIn({ variables: values });
      if (data) {
        startSession(data.login);
        void navigate(next, { replace: true });
      }
    } catch (error) {
      const first = graphqlErrorsOf(error)[0];
      setFailure(t(first ? shownError(first).message : UI.genericError));
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f0ea' }}>
      <div style={{ width: 400, background: '#fff', borderRadius: 8, padding: 24, boxShadow: '0 1px 4px rgba(0,0,0,.12)' }}>
        <main>
          <Typography.Title level={1} style={{ fontSize: 22, color: '#7f0000' }}>
            {t('appName')}
          </Typography.Title>
          {reason === 'expired' && <Alert type="warning" showIcon title={t('sessionExpired')} style={{ marginBottom: 16 }} />}
          {reason === 'refused' && <Alert type="warning" showIcon title={t('sessionRefused')} style={{ marginBottom: 16 }} />}
          {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item label={t('username')} name="username" rules={[{ required: true, message: t('required') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label={t('password')} name="password" rules={[{ required: true, message: t('required') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={loading}>
              {t('signIn')}
            </Button>
          </Form>
          <Button type="link" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} style={{ marginTop: 12, paddingInline: 0 }}>
            {t('language')}
          </Button>
        </main>
      </div>
    </div>
  );
}
