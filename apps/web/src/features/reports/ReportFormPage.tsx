import { useMutation, useQuery } from '@apollo/client/react';
import type { CouncilLevel } from '@council/core/levels.js';
import { parseQuarter, periodLabel, previousQuarter } from '@council/core/period.js';
import type { RuleMetric } from '@council/core/validation/report-rules.js';
import { Alert, App, Button, Descriptions, Result, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';

import { ReportFormDocument, SaveReportDocument, SubmitReportDocument } from '../../gql/district/graphql';
import { formatDate, formatDateTime } from '../../shared/format';
import { graphqlErrorsOf, isNetworkFailure, shownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { Loading } from '../../shared/Loading';
import { StatusTag } from '../../shared/StatusTag';
import { useSession } from '../../shared/useSession';
import { ClosurePanel } from '../closing/ClosurePanel';
import {
  checkForm,
  emptyForm,
  type FieldKey,
  findingsByField,
  formFromReport,
  type FormState,
  localCopyKey,
  newIdempotencyKey,
  readLocalCopy,
  type ReportInput,
  sameForm,
  type Shown,
  toInput,
  writeLocalCopy,
} from './report-form-state';
import { findingText, ReportFields } from './ReportFields';
import { VersionHistory } from './VersionHistory';

/** Findings the browser cannot compute (they need other councils' figures): shown as the server stored them. */
const SERVER_ONLY_RULES = new Set(['VALUE_OUTLIER_HISTORY', 'VALUE_OUTLIER_PEERS']);
const RETRY_MS = 2000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Resolves after `ms`, or as soon as the browser says it is back online. */
const untilRetry = (ms: number) =>
  new Promise<void>((resolve) => {
    const done = () => (window.removeEventListener('online', done), resolve());
    window.addEventListener('online', done);
    void sleep(ms).then(done);
  });

export default function ReportFormPage() {
  const { unitCode = '', period = '' } = useParams();
  const { t, lang } = useLang();
  const { session } = useSession();
  const { modal, message } = App.useApp();
  const quarter = useMemo(() => parseQuarter(period), [period]);
  const { data, loading, refetch } = useQuery(ReportFormDocument, {
    variables: { unitCode, period, previousPeriod: previousQuarter(quarter).code, year: quarter.year },
    fetchPolicy: 'network-only',
  });
  const [saveReport, saving] = useMutation(SaveReportDocument);
  // Not through the cache: writing the answer there would re-render the whole form before the confirmation shows;
  // the form takes the answer itself and refetches.
  const [submitReport] = useMutation(SubmitReportDocument, { fetchPolicy: 'no-cache' });

  const storageKey = localCopyKey(session!.user.username, unitCode, period);
  const [form, setForm] = useState<FormState>(emptyForm);
  const [serverForm, setServerForm] = useState<FormState | null>(null);
  const [restored, setRestored] = useState(false);
  const [serverErrors, setServerErrors] = useState<Map<FieldKey, Shown[]>>(new Map());
  const [submitting, setSubmitting] = useState(false);
  const [offline, setOffline] = useState(false);
  const [confirmed, setConfirmed] = useState<{ version: number; at: string | null } | null>(null);
  const loadedFor = useRef<string | null>(null);
  const barRef = useRef<HTMLDivElement>(null);

  const report = data?.report ?? null;
  const unitLevel = (data?.councilUnit?.level ?? 'WARD') as CouncilLevel;
  // Each from its own part of the answer, which Apollo's cache keeps the same object while unchanged: a refetch
  // leaves the fields be.
  const metrics = useMemo(() => (data?.metrics ?? []).filter((m) => m.levels.includes(unitLevel)), [data?.metrics, unitLevel]);
  const metricOrder = useMemo(() => metrics.map((m) => m.code), [metrics]);
  const ruleMetrics = useMemo(
    () => new Map<string, RuleMetric>((data?.metrics ?? []).map((m) => [m.code, { ...m, levels: m.levels as CouncilLevel[] }])),
    [data?.metrics],
  );
  const input = useMemo(() => toInput(unitCode, period, form, metricOrder), [unitCode, period, form, metricOrder]);
  // The same empty map kept, not a new one: the findings, and so the fields, depend on it.
  const clearServerErrors = () => setServerErrors((m) => (m.size ? new Map() : m));

  const submitWithRetry = useCallback(
    // `kept`: the form the attempt was made from, kept with it (a submission resumed after a reload starts before the
    // restored form is this callback's `form`).
    async (attempt: { key: string; input: ReportInput }, kept: FormState) => {
      setSubmitting(true);
      // Marks for bench/web.mjs: where the time between the click and the confirmed state goes.
      performance.mark('submit:start');
      writeLocalCopy(localStorage, storageKey, { form: kept, pendingSubmission: attempt, keptAt: new Date().toISOString() });
      for (;;) {
        try {
          const res = await submitReport({ variables: { input: attempt.input, idempotencyKey: attempt.key } });
          const saved = res.data!.submitReport;
          performance.mark('submit:answered');
          localStorage.removeItem(storageKey);
          setOffline(false);
          clearServerErrors();
          setServerForm(formFromReport(saved));
          setConfirmed({ version: saved.version, at: saved.submittedAt ?? null });
          void refetch();
          break;
        } catch (error) {
          if (isNetworkFailure(error)) {
            // The same key again: if the first attempt did reach the server, this one returns that version.
            setOffline(true);
            await untilRetry(RETRY_MS);
            continue;
          }
          setOffline(false);
          writeLocalCopy(localStorage, storageKey, { form: kept, keptAt: new Date().toISOString() });
          showServerErrors(error, attempt.input);
          break;
        }
      }
      setSubmitting(false);
    },
    [storageKey],
  );

  // Load once per report: the server's copy, unless this browser kept newer typing (or an unanswered submission).
  useEffect(() => {
    if (!data || loadedFor.current === storageKey) return;
    loadedFor.current = storageKey;
    const fromServer = report ? formFromReport(report) : emptyForm();
    setServerForm(fromServer);
    const local = readLocalCopy(localStorage, storageKey);
    if (local && !sameForm(local.form, fromServer, metricOrder)) {
      setForm(local.form);
      setRestored(true);
    } else setForm(fromServer);
    if (local?.pendingSubmission) void submitWithRetry(local.pendingSubmission, local.form);
  }, [data, report, storageKey, submitWithRetry, metricOrder]);

  useEffect(() => {
    if (confirmed) performance.mark('submit:confirmed');
  }, [confirmed]);

  // Stable, as the fields' props: a new function would render every field again.
  const edit = useCallback(
    (key: FieldKey, change: (f: FormState) => FormState) => {
      setForm((f) => {
        const next = change(f);
        writeLocalCopy(localStorage, storageKey, { form: next, keptAt: new Date().toISOString() });
        return next;
      });
      setConfirmed(null);
      setServerErrors((m) => (m.has(key) ? new Map([...m].filter(([k]) => k !== key)) : m));
    },
    [storageKey],
  );

  function showServerErrors(error: unknown, sent: ReportInput) {
    const errors = graphqlErrorsOf(error).map(shownError);
    if (!errors.length) {
      void message.error(t('genericError'));
      return;
    }
    const findings = errors.map((e) => ({ field: e.field, severity: 'ERROR' as const, message: e.message.vi, messageEn: e.message.en }));
    setServerErrors(findingsByField(findings, sent) as Map<FieldKey, Shown[]>);
    void message.error(lang === 'vi' ? errors[0].message.vi : errors[0].message.en);
  }

  const save = async () => {
    const sent = input;
    try {
      const res = await saveReport({ variables: { input: sent } });
      const saved = res.data!.saveReport;
      clearServerErrors();
      setServerForm(formFromReport(saved));
      if (sameForm(form, formFromReport(saved), metricOrder)) localStorage.removeItem(storageKey);
      void message.success(t('saved'));
      void refetch();
    } catch (error) {
      if (isNetworkFailure(error)) void message.warning(t('offlineRetrying'));
      else showServerErrors(error, sent);
    }
  };

  const confirmSubmit = () => {
    modal.confirm({
      title: t('submitConfirmTitle'),
      content: t('submitConfirmBody'),
      okText: t('submit'),
      cancelText: t('cancel'),
      // One key per attempt the clerk confirms; a retry of that attempt reuses it.
      onOk: () => void submitWithRetry({ key: newIdempotencyKey(), input }, form),
    });
  };

  // Computed when what they come from changes, not on every render: the fields take them as props.
  const storedFindings = report?.findings;
  const findings = useMemo(() => {
    const stored = (storedFindings ?? []).filter((f) => SERVER_ONLY_RULES.has(f.rule));
    const byField = findingsByField([...checkForm(input, unitLevel, ruleMetrics), ...stored], input) as Map<FieldKey, Shown[]>;
    for (const [k, list] of serverErrors) byField.set(k, [...(byField.get(k) ?? []), ...list]);
    return byField;
  }, [input, unitLevel, ruleMetrics, storedFindings, serverErrors]);
  const previous = useMemo(() => new Map((data?.previous?.values ?? []).map((v) => [v.metric.code, v.value])), [data?.previous?.values]);
  const targets = useMemo(() => new Map((data?.annualPlan?.targets ?? []).map((v) => [v.metric.code, v.value])), [data?.annualPlan?.targets]);

  if (loading && !data) return <Loading />;
  if (!data) return <Alert type="error" showIcon title={t('genericError')} />;

  const blocking = [...findings.values()].flat().filter((f) => f.severity === 'ERROR');
  const reportFindings = findings.get('report') ?? [];
  // What the server does not have yet, as the form would send it (not a hidden metric of another level, not blanks).
  const unsent = serverForm !== null && !sameForm(form, serverForm, metricOrder);
  const status = report?.status ?? 'NOT_STARTED';
  // A closed quarter with no reopening in force: the server would refuse both (PERIOD_CLOSED).
  const locked = report ? !report.closure.writable : false;

  return (
    <div style={{ maxWidth: 1100 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('report')} {t(periodLabel(quarter))} · {data.councilUnit?.name}
        </Typography.Title>
        <Link to="/reports">{t('back')}</Link>
      </Space>
      <Descriptions size="small" style={{ margin: '12px 0' }} column={4}>
        <Descriptions.Item label={t('status')}>
          <StatusTag status={status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('dueDate')}>{formatDate(report?.dueDate ?? data.reportingPeriod.dueDate)}</Descriptions.Item>
        <Descriptions.Item label={t('version')}>{report?.version || '–'}</Descriptions.Item>
        <Descriptions.Item label={t('submittedAt')}>
          {report?.submittedAt ? `${formatDateTime(report.submittedAt)}${report.late ? ` · ${t('late')}` : ''}` : '–'}
        </Descriptions.Item>
      </Descriptions>

      {status === 'RETURNED' && report?.reviewComment && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16, fontSize: 16 }}
          title={t('returnedBanner')}
          description={<strong data-testid="return-comment">{report.reviewComment}</strong>}
        />
      )}
      {report && <ClosurePanel report={report} onChanged={() => void refetch()} />}
      {restored && <Alert type="info" showIcon closable style={{ marginBottom: 16 }} title={t('restoredLocal')} />}
      {offline && <Alert type="warning" showIcon role="alert" style={{ marginBottom: 16 }} title={t('offlineRetrying')} />}
      {confirmed && (
        <Result
          status="success"
          data-testid="submit-confirmed"
          title={`${t('submitted')} · ${t('version')} ${confirmed.version}`}
          subTitle={confirmed.at ? formatDateTime(confirmed.at) : undefined}
          style={{ padding: 16 }}
        />
      )}

      {/* The bar's sticky range: the fields and what follows them, not the version history. */}
      <div>
        <ReportFields metrics={metrics} form={form} findings={findings} previous={previous} targets={targets} onEdit={edit} barRef={barRef} />
        {reportFindings.length ? (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={reportFindings.map((f) => findingText(f, lang)).join(' · ')} />
        ) : null}
        {blocking.length > 0 && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={`${t('errorsBlockSubmit')}: ${blocking.length}`} data-testid="blocking-errors" />
        )}
        <div ref={barRef} style={{ position: 'sticky', bottom: 0, background: '#fff', padding: '12px 0', width: '100%' }}>
          <Space>
            <Button onClick={() => void save()} loading={saving.loading} disabled={submitting || locked}>
              {t('saveDraft')}
            </Button>
            <Button type="primary" onClick={confirmSubmit} loading={submitting} disabled={blocking.length > 0 || submitting || locked}>
              {t('submit')}
            </Button>
            {unsent && <Typography.Text type="warning">{t('unsentChanges')}</Typography.Text>}
          </Space>
        </div>
      </div>

      {report && report.versions.length > 0 && <VersionHistory versions={report.versions} metrics={data.metrics} />}
    </div>
  );
}
