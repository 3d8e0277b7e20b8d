// The report form's fields, apart from the page so that a change of the page's own state (submitting, the confirmation,
// the answer, a refetch) does not render them again: Ant Design's <Form> hands its items a new context value whenever
// it renders, so every item under it renders with it. Only typing (or new findings, figures) renders the form, and then
// only the rows whose own props changed.
import { METRIC_GROUP_LABELS, METRIC_GROUPS } from '@council/core/metric-catalogue.js';
import { MAX_NARRATIVE_LENGTH, NARRATIVE_FIELDS, NARRATIVE_LABELS, type NarrativeField } from '@council/core/validation/report-rules.js';
import { Card, Col, Form, Input, InputNumber, Row } from 'antd';
import { memo, type RefObject, useMemo } from 'react';

import { formatNumber, type Lang } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { type FieldKey, type FormState, sameFindings, type Shown } from './report-form-state';

export interface FormMetric {
  code: string;
  nameVi: string;
  nameEn: string;
  group: string;
}

export type Edit = (key: FieldKey, change: (f: FormState) => FormState) => void;

// Constants, not literals: a new object would be a new Form context value.
const LABEL_COL = { span: 14 };
const WRAPPER_COL = { span: 10 };
const FULL_WIDTH = { span: 24 };
const CARD_STYLE = { marginBottom: 12 };

export const findingText = (f: Shown, lang: Lang) => (lang === 'vi' ? f.message : f.messageEn);

/** A field's findings beneath it, coloured by the worst of them. */
function findingHelp(key: FieldKey, list: readonly Shown[] | undefined, lang: Lang) {
  if (!list?.length) return {};
  const error = list.some((f) => f.severity === 'ERROR');
  return {
    validateStatus: error ? ('error' as const) : ('warning' as const),
    help: (
      <span data-finding={key}>
        {list.map((f, i) => (
          <div key={i}>{findingText(f, lang)}</div>
        ))}
      </span>
    ),
  };
}

/** Whether two sets of props hold the same values, but for one, which the caller compares its own way. */
function sameBut<P extends object>(a: P, b: P, skip: keyof P): boolean {
  return (Object.keys(a) as (keyof P)[]).every((k) => k === skip || Object.is(a[k], b[k]));
}

// Findings are recomputed on every keystroke: they compare by what they say.
const sameRowProps = <P extends { findings: readonly Shown[] | undefined }>(a: P, b: P) =>
  sameBut(a, b, 'findings') && sameFindings(a.findings, b.findings);
const sameFormProps = <P extends { findings: ReadonlyMap<FieldKey, readonly Shown[]> }>(a: P, b: P) =>
  sameBut(a, b, 'findings') && a.findings.size === b.findings.size && [...a.findings].every(([k, list]) => sameFindings(list, b.findings.get(k)));

/**
 * The Save and Submit bar sticks to the bottom of the window and would cover a field the keyboard reaches there:
 * such a field is scrolled up above the bar, with what is written beneath it (its finding).
 */
function keepAboveBar(target: HTMLElement, bar: HTMLElement | null): void {
  if (!bar) return;
  const item = target.closest('.ant-form-item') ?? target;
  const hidden = item.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
  if (hidden > 0) window.scrollBy({ top: hidden + 16 });
}

const MetricRow = memo(function MetricRow(props: {
  code: string;
  label: string;
  value: number | null;
  findings: readonly Shown[] | undefined;
  previous: number | undefined;
  target: number | undefined;
  onEdit: Edit;
}) {
  const { code, label, value, findings, previous, target, onEdit } = props;
  const { t, lang } = useLang();
  const key: FieldKey = `metric:${code}`;
  const id = `metric-${code.replace(/\./g, '-')}`;
  return (
    <Row gutter={12} align="top">
      <Col span={16}>
        <Form.Item label={label} htmlFor={id} {...findingHelp(key, findings, lang)} style={{ marginBottom: 10 }}>
          <InputNumber
            id={id}
            min={0}
            precision={0}
            style={{ width: 140 }}
            value={value}
            onChange={(v) => onEdit(key, (f) => ({ ...f, values: { ...f.values, [code]: typeof v === 'number' ? v : null } }))}
          />
        </Form.Item>
      </Col>
      <Col span={8} style={{ paddingTop: 5, color: '#595959', fontSize: 13 }}>
        {t('lastQuarter')}: <b>{formatNumber(previous, lang)}</b> · {t('planTarget')}: <b>{formatNumber(target, lang)}</b>
      </Col>
    </Row>
  );
}, sameRowProps);

const NarrativeBox = memo(function NarrativeBox(props: { field: NarrativeField; value: string; findings: readonly Shown[] | undefined; onEdit: Edit }) {
  const { field, value, findings, onEdit } = props;
  const { t, lang } = useLang();
  return (
    <Form.Item
      label={t(NARRATIVE_LABELS[field])}
      htmlFor={`narrative-${field}`}
      {...findingHelp(field, findings, lang)}
      labelCol={FULL_WIDTH}
      wrapperCol={FULL_WIDTH}
    >
      <Input.TextArea
        id={`narrative-${field}`}
        rows={3}
        showCount={{ formatter: ({ count }) => `${formatNumber(count, lang)} / ${formatNumber(MAX_NARRATIVE_LENGTH, lang)} ${t('characters')}` }}
        value={value}
        onChange={(e) => onEdit(field, (f) => ({ ...f, [field]: e.target.value }))}
      />
    </Form.Item>
  );
}, sameRowProps);

/** The metrics by group, each with last quarter's value and the plan's target beside it, then the narrative. */
export const ReportFields = memo(function ReportFields(props: {
  metrics: readonly FormMetric[];
  form: FormState;
  findings: ReadonlyMap<FieldKey, readonly Shown[]>;
  previous: ReadonlyMap<string, number>;
  targets: ReadonlyMap<string, number>;
  onEdit: Edit;
  /** The sticky Save and Submit bar, which a focused field is kept above. */
  barRef: RefObject<HTMLDivElement | null>;
}) {
  const { metrics, form, findings, previous, targets, onEdit, barRef } = props;
  const { t, lang } = useLang();
  const groups = useMemo(
    () => METRIC_GROUPS.map((group) => ({ group, metrics: metrics.filter((m) => m.group === group) })).filter((g) => g.metrics.length),
    [metrics],
  );
  return (
    <Form
      layout="horizontal"
      labelCol={LABEL_COL}
      wrapperCol={WRAPPER_COL}
      onSubmitCapture={(e) => e.preventDefault()}
      onFocusCapture={(e: React.FocusEvent<HTMLFormElement>) => keepAboveBar(e.target as HTMLElement, barRef.current)}
    >
      {groups.map(({ group, metrics: inGroup }) => (
        <Card key={group} title={t(METRIC_GROUP_LABELS[group])} size="small" style={CARD_STYLE}>
          {inGroup.map((m) => (
            <MetricRow
              key={m.code}
              code={m.code}
              label={lang === 'vi' ? m.nameVi : m.nameEn}
              value={form.values[m.code] ?? null}
              findings={findings.get(`metric:${m.code}`)}
              previous={previous.get(m.code)}
              target={targets.get(m.code)}
              onEdit={onEdit}
            />
          ))}
        </Card>
      ))}
      <Card title={t('narrative')} size="small" style={CARD_STYLE}>
        {NARRATIVE_FIELDS.map((field) => (
          <NarrativeBox key={field} field={field} value={form[field]} findings={findings.get(field)} onEdit={onEdit} />
        ))}
      </Card>
    </Form>
  );
}, sameFormProps);
