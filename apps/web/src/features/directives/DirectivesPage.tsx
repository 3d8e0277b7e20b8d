import { Typography } from 'antd';

import { useLang } from '../../shared/i18n';

/** The city issues and tracks directives; districts and communes work through their assignments (issue 13, part 4). */
export default function DirectivesPage() {
  const { t } = useLang();
  return <Typography.Title level={1}>{t('directives')}</Typography.Title>;
}
