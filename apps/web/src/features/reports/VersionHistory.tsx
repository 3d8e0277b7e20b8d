import { Card, Select, Space, Table, Typography } from 'antd';
import { memo, useState } from 'react';

import { formatDateTime, formatNumber } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { versionDiff } from './report-form-state';

interface Version {
  version: number;
  submittedAt: string;
  submittedBy: string;
  late: boolean;
  values: readonly { value: number; metric: { code: string } }[];
}

/** Every submitted version, and what changed between any two of them. Memoised: the form's own state changes leave it. */
export const VersionHistory = memo(function VersionHistory({ versions, metrics }: { versions: readonly Version[]; metrics: readonly { code: string; nameVi: string; nameEn: string }[] }) {
  const { t, lang } = useLang();
  const last = versions[versions.length - 1].version;
  const [a, setA] = useState(Math.max(1, last - 1));
  const [b, setB] = useState(last);
  const va = versions.find((v) => v.version === a);
  const vb = versions.find((v) => v.version === b);
  const names = new Map(metrics.map((m) => [m.code, lang === 'vi' ? m.nameVi : m.nameEn]));
  const diff = va && vb ? versionDiff(va.values, vb.values, metrics.map((m) => m.code)) : [];
  const options = versions.map((v) => ({ value: v.version, label: `${t('version')} ${v.version}` }));
  return (
    <Card title={t('history')} size="small" style={{ marginTop: 16 }}>
      <Table
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={[...versions].reverse()}
        columns={[
          { title: t('version'), dataIndex: 'version' },
          { title: t('submittedAt'), dataIndex: 'submittedAt', render: (v: string, row) => `${formatDateTime(v)}${row.late ? ` · ${t('late')}` : ''}` },
          { title: t('submittedBy'), dataIndex: 'submittedBy' },
        ]}
      />
      {versions.length > 1 && (
        <>
          <Space style={{ margin: '12px 0' }}>
            <Typography.Text>{t('compare')}</Typography.Text>
            <Select aria-label={`${t('compare')} A`} value={a} options={options} onChange={setA} style={{ width: 130 }} />
            <Select aria-label={`${t('compare')} B`} value={b} options={options} onChange={setB} style={{ width: 130 }} />
          </Space>
          <Table
            size="small"
            rowKey="metric"
            pagination={false}
            dataSource={diff}
            data-testid="version-diff"
            columns={[
              { title: '', dataIndex: 'metric', render: (code: string) => names.get(code) ?? code },
              { title: `${t('version')} ${a}`, dataIndex: 'before', render: (v: number | null) => formatNumber(v, lang) },
              { title: `${t('version')} ${b}`, dataIndex: 'after', render: (v: number | null) => <b>{formatNumber(v, lang)}</b> },
            ]}
          />
        </>
      )}
    </Card>
  );
});
