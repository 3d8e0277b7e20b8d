import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { QuarterPeriod } from '@council/core/period.js';
import { periodLabel } from '@council/core/period.js';
import { Alert, Button, Select, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { useLang } from '../../shared/i18n';
import { useSession } from '../../shared/useSession';
import { W } from './labels';
import { downloadTemplate } from './workbook-http';

/** On the reports list: a quarter's template for the council, for district staff their communes' in one workbook, and the import page. */
export function TemplateButtons({ quarters }: { quarters: QuarterPeriod[] }) {
  const { t, lang } = useLang();
  const { session } = useSession();
  const user = session!.user;
  const [period, setPeriod] = useState(quarters[0]?.code);
  const [busy, setBusy] = useState<'' | 'units' | 'districts'>('');
  const [problem, setProblem] = useState('');

  const download = async (kind: 'units' | 'districts') => {
    setBusy(kind);
    setProblem(await downloadTemplate(period, kind, user.unit.code, lang));
    setBusy('');
  };

  return (
    <Space direction="vertical" style={{ marginBottom: 16, width: '100%' }}>
      <Space wrap>
        <span>{t(W.quarter)}</span>
        <Select
          aria-label={t(W.quarter)}
          value={period}
          onChange={setPeriod}
          style={{ width: 140 }}
          options={quarters.map((q) => ({ value: q.code, label: t(periodLabel(q)) }))}
        />
        <Button icon={<DownloadOutlined />} loading={busy === 'units'} onClick={() => void download('units')}>
          {t(W.unitTemplate)}
        </Button>
        {user.role === 'DISTRICT_STAFF' && (
          <Button icon={<DownloadOutlined />} loading={busy === 'districts'} onClick={() => void download('districts')}>
            {t(W.districtTemplate)}
          </Button>
        )}
        <Link to={`/reports/import?period=${period}`}>
          <Button type="primary" icon={<UploadOutlined />}>
            {t(W.importMenu)}
          </Button>
        </Link>
      </Space>
      {problem && <Alert type="error" showIcon title={problem} closable onClose={() => setProblem('')} />}
    </Space>
  );
}
