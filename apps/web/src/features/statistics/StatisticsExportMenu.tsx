// "Xuất số liệu": the query on screen as a file made by city-api (POST /exports/statistics.xlsx|.csv through the
// gateway), with the query, the time, who and the basis written in it. Beside whatever buttons it wraps.
import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import type { Bilingual } from '@council/core/errors.js';
import { StatisticsBasis, statisticsExportFileName } from '@council/core/statistics-export.js';
import { App, Button, Dropdown, Space } from 'antd';
import { type ReactNode, useState } from 'react';

import { downloadFromApi } from '../../shared/api-download';
import { useLang } from '../../shared/i18n';
import type { StatisticsQueryVars } from './explorer-state';

const X = {
  menu: { vi: 'Xuất số liệu gốc', en: 'Export the data' },
  xlsx: { vi: 'Xuất Excel (XLSX)', en: 'Export to Excel (XLSX)' },
  csv: { vi: 'Xuất CSV', en: 'Export to CSV' },
  failed: { vi: 'Không xuất được tệp', en: 'The file could not be made' },
  network: { vi: 'Không kết nối được với máy chủ.', en: 'Cannot reach the server.' },
} as const satisfies Record<string, Bilingual>;

type Format = 'xlsx' | 'csv';

/** The export menu, after `children` (the page's own buttons). Exports exactly `query`, the one the table shows. */
export function StatisticsExportMenu({
  query,
  disabled,
  children,
}: {
  query: StatisticsQueryVars;
  disabled?: boolean;
  children?: ReactNode;
}) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const run = async (format: Format) => {
    setBusy(true);
    try {
      const problem = await downloadFromApi(
        `/api/city/exports/statistics.${format}`,
        statisticsExportFileName(query.periods, query.scope, format),
        // The export takes the basis beside the query, not in it.
        { query: { ...query, basis: undefined }, basis: query.basis ?? StatisticsBasis.AS_REPORTED },
      );
      if (problem?.kind === 'network') void message.error(t(X.network));
      else if (problem)
        void message.error(`${t(X.failed)}: ${(lang === 'en' ? problem.messageEn : problem.message) ?? `HTTP ${problem.status}`}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space wrap>
      {children}
      <Dropdown
        disabled={disabled || busy}
        trigger={['click']}
        menu={{
          items: [
            { key: 'xlsx', label: t(X.xlsx), icon: <DownloadOutlined /> },
            { key: 'csv', label: t(X.csv), icon: <DownloadOutlined /> },
          ],
          onClick: ({ key }) => void run(key as Format),
        }}
      >
        <Button loading={busy} data-testid="statistics-export">
          <Space size={4}>
            {t(X.menu)}
            <DownOutlined />
          </Space>
        </Button>
      </Dropdown>
    </Space>
  );
}
