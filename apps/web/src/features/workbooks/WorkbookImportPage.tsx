import { InboxOutlined } from '@ant-design/icons';
import { parseQuarter, periodLabel } from '@council/core/period.js';
import { Alert, Button, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import { listedQuarters } from '../reports/quarters';
import { W } from './labels';
import { uploadWorkbook, type WorkbookError } from './workbook-http';

interface Finding {
  rule: string;
  severity: 'ERROR' | 'WARNING';
  message: string;
  messageEn: string;
  sheet: string;
  cell: string | null;
}
type Status = 'READY' | 'UNCHANGED' | 'EMPTY' | 'INVALID' | 'CREATED' | 'REFUSED';
interface ReportRow {
  sheet: string;
  unitCode: string;
  unitName: string;
  status?: Status;
  outcome?: Status;
  values?: number;
  version?: number | null;
  findings: Finding[];
}
interface DryRun {
  period: string;
  reports: ReportRow[];
}
interface Imported extends DryRun {
  created: number;
  unchanged: number;
  refused: number;
}

// Solid dark green as StatusTag's (Ant Design's green preset is under WCAG's 4.5:1).
const COLOUR: Record<Status, string> = {
  READY: 'blue',
  UNCHANGED: 'default',
  EMPTY: 'default',
  INVALID: 'red',
  CREATED: '#237804',
  REFUSED: 'red',
};

/**
 * /reports/import: choose the quarter and a filled template → the dry run's findings per report, each at its sheet
 * and cell, nothing saved → "Nhập" → how many versions were created. Every refusal is the server's own words.
 */
export default function WorkbookImportPage() {
  const { t, lang } = useLang();
  const [params] = useSearchParams();
  const quarters = listedQuarters(new Date(), []);
  const asked = params.get('period');
  const [period, setPeriod] = useState(asked && quarters.some((q) => q.code === asked) ? asked : quarters[0].code);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WorkbookError | null>(null);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [result, setResult] = useState<Imported | null>(null);
  const said = (e: { message: string; messageEn?: string }) => (lang === 'en' && e.messageEn ? e.messageEn : e.message);

  const check = async (chosen: File, quarter = period) => {
    setFile(chosen);
    setBusy(true);
    setError(null);
    setDryRun(null);
    setResult(null);
    const answer = await uploadWorkbook<DryRun>('dry-run', quarter, chosen);
    setBusy(false);
    if (answer.ok) setDryRun(answer.data);
    else if (answer.error) setError(answer.error);
  };

  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const answer = await uploadWorkbook<Imported>('import', period, file);
    setBusy(false);
    if (answer.ok) {
      setResult(answer.data);
      setDryRun(null);
    } else if (answer.error) setError(answer.error);
  };

  const rows = result?.reports ?? dryRun?.reports ?? [];
  const count = (s: Status) => (dryRun?.reports ?? []).filter((r) => r.status === s).length;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t(W.importTitle)}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t(W.importHelp)}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Space>
          <span>{t(W.quarter)}</span>
          <Select
            aria-label={t(W.quarter)}
            value={period}
            style={{ width: 140 }}
            onChange={(p: string) => {
              setPeriod(p);
              if (file) void check(file, p);
            }}
            options={quarters.map((q) => ({ value: q.code, label: t(periodLabel(q)) }))}
          />
        </Space>
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(chosen) => {
            void check(chosen);
            return false; // held here: the dry run sends it
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{file ? file.name : t(W.chooseFile)}</p>
        </Upload.Dragger>
        {error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={said(error)}
            description={
              error.problems && error.problems.length > 1 ? (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {error.problems.map((p, i) => (
                    <li key={i}>{said(p)}</li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        )}
        {dryRun && (
          <Alert
            type={count('INVALID') ? 'warning' : 'info'}
            showIcon
            title={`${t(periodLabel(parseQuarter(dryRun.period)))}: ${fill(t(W.summary), {
              ready: count('READY'),
              unchanged: count('UNCHANGED'),
              invalid: count('INVALID'),
              empty: count('EMPTY'),
            })}`}
            action={
              <Button type="primary" loading={busy} disabled={!count('READY')} onClick={() => void confirm()}>
                {t(W.import)}
              </Button>
            }
          />
        )}
        {result && (
          <Alert
            type={result.refused ? 'warning' : 'success'}
            showIcon
            role="status"
            title={fill(t(W.result), { created: result.created, unchanged: result.unchanged, refused: result.refused })}
          />
        )}
        {(dryRun || result) && (
          <Table<ReportRow>
            rowKey="sheet"
            size="small"
            loading={busy}
            dataSource={rows}
            pagination={false}
            columns={[
              { title: t(W.sheet), dataIndex: 'sheet' },
              { title: t(W.unit), dataIndex: 'unitName' },
              {
                title: t(W.state),
                key: 'status',
                render: (_, r) => {
                  const s = (r.outcome ?? r.status)!;
                  return <Tag color={COLOUR[s]}>{t(W[s])}</Tag>;
                },
              },
              {
                title: t(W.findings),
                key: 'findings',
                render: (_, r) =>
                  r.findings.length ? (
                    <ul style={{ margin: 0, paddingLeft: 16 }}>
                      {r.findings.map((f, i) => (
                        <li key={i}>
                          <Typography.Text type={f.severity === 'ERROR' ? 'danger' : 'warning'}>
                            {f.cell && <Tag>{`${t(W.cell)} ${f.cell}`}</Tag>}
                            {said(f).replace(/^Trang tính [^:]*: |^Sheet [^:]*: /, '')}
                          </Typography.Text>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <Typography.Text type="secondary">{t(W.none)}</Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Space>
    </>
  );
}
