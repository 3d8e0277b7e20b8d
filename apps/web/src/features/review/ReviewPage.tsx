import { Typography } from 'antd';

import { useLang } from '../../shared/i18n';

/** A district's communes for a quarter: missing, waiting, returned, accepted (issue 13, part 3). */
export default function ReviewPage() {
  const { t } = useLang();
  return <Typography.Title level={1}>{t('review')}</Typography.Title>;
}
