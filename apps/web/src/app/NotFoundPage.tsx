import { Button, Result } from 'antd';
import { Link } from 'react-router';

import { useLang } from '../shared/i18n';

export default function NotFoundPage() {
  const { t } = useLang();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('home')}</Button>
        </Link>
      }
    />
  );
}
