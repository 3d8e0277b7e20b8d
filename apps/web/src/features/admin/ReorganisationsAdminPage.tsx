import { useMutation, useQuery } from '@apollo/client/react';
import { LEVEL_LABELS } from '@council/core/levels.js';
import { dayBefore } from '@council/core/period.js';
import { LINK_DERIVATION_LABELS, LINK_SHARE_LABELS } from '@council/core/unit-history/link-labels.js';
import type { LinkDerivation } from '@council/core/unit-history/unit-history.js';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Radio, Segmented, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';

import {
  AdminRecordUnitLinkDocument,
  AdminReorganisationsDocument,
  type AdminReorganisationsQuery,
  AdminUnitsOnDocument,
  type ReorganisedUnitFieldsFragment,
  type UnitLinkKind,
} from '../../gql/district/graphql';
import { formatDate, formatNumber } from '../../shared/format';
import { FormDialog, useDialogSubmit } from '../../shared/FormDialog';
import { firstShownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import { serverErrorProps } from '../../shared/server-error';
import { L } from './labels';

type ReorganisationEvent = AdminReorganisationsQuery['reorganisationEvents'][number];
type Link = ReorganisationEvent['links'][number];
type Unit = ReorganisedUnitFieldsFragment;
type EndedUnit = ReorganisationEvent['endedWithoutSuccessor'][number];

const SHARE = { FULL: 'full', PARTIAL: 'partial' } as const satisfies Record<UnitLinkKind, string>;
// Solid dark tags (white text): antd's green and gold presets fall under WCAG's 4.5:1, as in StatusTag.
const SHARE_COLOURS: Record<UnitLinkKind, string> = { FULL: '#237804', PARTIAL: '#874d00' };
const PAGE_SIZE = 20;

/** "00226 Phường Trung Tự", in the page's language. */
function UnitName({ unit }: { unit: Pick<Unit, 'code' | 'name' | 'nameEn'> }) {
  const { lang } = useLang();
  return (
    <span>
      <Typography.Text code>{unit.code}</Typography.Text> {lang === 'vi' ? unit.name : unit.nameEn}
    </span>
  );
}

/**
 * Where an ended commune went, recorded by the administrator: a commune of its district on the event's day (the
 * units that ended that day are not offered), whole or in part. The server checks it again (a cycle, a duplicate, a
 * unit that went whole elsewhere) and its refusal is shown beside the field it names.
 */
function RecordLinkDialog({
  event,
  unit,
  ended,
  onClose,
}: {
  event: ReorganisationEvent;
  unit: EndedUnit;
  ended: ReadonlySet<string>;
  onClose: () => void;
}) {
  const { t, lang } = useLang();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ toCode: string; kind: UnitLinkKind }>();
  const before = dayBefore(event.effectiveDate);
  const parent = unit.councilUnit?.parent;
  const parentCode = parent?.code;
  const candidates = useQuery(AdminUnitsOnDocument, {
    variables: { parentCode: parentCode ?? '', asOf: event.effectiveDate },
    skip: !parentCode,
  });
  const options = (candidates.data?.councilUnits ?? [])
    .filter((u) => u.level === unit.level && !ended.has(u.code))
    .map((u) => ({ value: u.code, label: `${u.code} ${u.name}` }));
  const [record, { loading }] = useMutation(AdminRecordUnitLinkDocument, { refetchQueries: [AdminReorganisationsDocument] });

  const {
    error: serverError,
    onFinish,
    clear,
  } = useDialogSubmit(async (v: { toCode: string; kind: UnitLinkKind }) => {
    await record({
      variables: { input: { fromCode: unit.code, fromDate: before, toCode: v.toCode, toDate: event.effectiveDate, kind: v.kind } },
    });
    void message.success(t(L.linkRecorded));
    onClose();
  });

  return (
    <FormDialog
      title={t(L.recordSuccessor)}
      okText={t(L.save)}
      form={form}
      loading={loading}
      error={serverError}
      fields={['toCode', 'kind']}
      onClose={onClose}
      width={600}
    >
      <Typography.Paragraph>
        <UnitName unit={unit} /> — {t(L.endedOn)} {formatDate(event.effectiveDate)}
        {parent && ` (${lang === 'vi' ? parent.name : parent.nameEn})`}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name="unit-link"
        initialValues={{ kind: 'FULL' }}
        onFinish={onFinish}
        onValuesChange={clear}
        requiredMark
      >
        <Form.Item
          name="toCode"
          label={t(L.successor)}
          extra={t(L.successorHint)}
          rules={[{ required: true, message: t('required') }]}
          {...serverErrorProps(serverError, 'toCode', t)}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} loading={candidates.loading} options={options} placeholder={t(L.successor)} />
        </Form.Item>
        <Form.Item name="kind" label={t(L.share)} {...serverErrorProps(serverError, 'kind', t)}>
          <Radio.Group options={(['FULL', 'PARTIAL'] as const).map((k) => ({ value: k, label: t(LINK_SHARE_LABELS[SHARE[k]]) }))} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/** How many links each way of knowing gave, in the order of LINK_DERIVATION_LABELS. */
function derivationCounts(links: readonly Link[]): [LinkDerivation, number][] {
  const counts = new Map<string, number>();
  for (const l of links) counts.set(l.derivation, (counts.get(l.derivation) ?? 0) + 1);
  return (Object.keys(LINK_DERIVATION_LABELS) as LinkDerivation[]).filter((d) => counts.has(d)).map((d) => [d, counts.get(d)!]);
}

function EventView({ event }: { event: ReorganisationEvent }) {
  const { t, lang } = useLang();
  const [search, setSearch] = useState('');
  const [recording, setRecording] = useState<EndedUnit | null>(null);
  const needLink = event.endedWithoutSuccessor.filter((u) => u.level === 'WARD');
  const abolished = event.endedWithoutSuccessor.filter((u) => u.level !== 'WARD');
  // Units that ended on the day: none of them can be a successor.
  const ended = useMemo(
    () =>
      new Set([
        ...event.endedWithoutSuccessor.map((u) => u.code),
        ...event.links.filter((l) => l.from.validTo === event.effectiveDate).map((l) => l.from.code),
      ]),
    [event],
  );
  const needle = search.trim().toLocaleLowerCase('vi');
  const found = (...texts: string[]) => !needle || texts.some((s) => s.toLocaleLowerCase('vi').includes(needle));
  const links = event.links.filter((l) => found(l.from.code, l.from.name, l.to.code, l.to.name));
  const shownNeedLink = needLink.filter((u) => found(u.code, u.name));
  // A search that leaves a list empty says so, naming what was searched, rather than a bare "Trống".
  const empty = (otherwise: string) => (
    <Typography.Text type="secondary">{needle ? fill(t(L.noMatch), { q: search.trim() }) : otherwise}</Typography.Text>
  );
  const full = event.links.filter((l) => l.kind === 'FULL').length;

  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'resolution', label: t(L.resolution), children: event.resolution },
          { key: 'title', label: t(L.resolutionTitle), children: lang === 'vi' ? event.title : event.titleEn },
          { key: 'date', label: t(L.effectiveDate), children: formatDate(event.effectiveDate) },
          {
            key: 'links',
            label: t(L.linkCount),
            children: (
              <span data-link-count={event.links.length}>
                {formatNumber(event.links.length, lang)} ({t(LINK_SHARE_LABELS.full).toLowerCase()} {formatNumber(full, lang)},{' '}
                {t(LINK_SHARE_LABELS.partial).toLowerCase()} {formatNumber(event.links.length - full, lang)}) —{' '}
                {derivationCounts(event.links)
                  .map(([d, n]) => `${t(LINK_DERIVATION_LABELS[d])}: ${formatNumber(n, lang)}`)
                  .join('; ')}
              </span>
            ),
          },
          { key: 'source', label: t(L.source), children: <Typography.Text type="secondary">{event.source}</Typography.Text> },
        ]}
      />
      {abolished.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${formatNumber(abolished.length, lang)} ${t(L.abolished)} (${[...new Set(abolished.map((u) => t(LEVEL_LABELS[u.level])))].join(', ')})`}
        />
      )}
      <Input.Search
        allowClear
        aria-label={t(L.searchLinks)}
        placeholder={t(L.searchLinks)}
        style={{ maxWidth: 420, marginBottom: 16 }}
        onChange={(e) => setSearch(e.target.value)}
      />
      {needLink.length > 0 && (
        <Card
          size="small"
          style={{ marginBottom: 16 }}
          title={
            <span data-need-link={needLink.length}>
              {t(L.withoutSuccessor)} ({formatNumber(needLink.length, lang)})
            </span>
          }
        >
          <Typography.Paragraph type="secondary">{t(L.withoutSuccessorHint)}</Typography.Paragraph>
          <Table<EndedUnit>
            rowKey="key"
            size="small"
            pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: empty(t(L.withoutSuccessor)) }}
            dataSource={shownNeedLink}
            columns={[
              { title: t(L.endedUnit), key: 'unit', render: (_, u) => <UnitName unit={u} /> },
              {
                title: t(L.district),
                key: 'district',
                render: (_, u) => (u.councilUnit?.parent ? (lang === 'vi' ? u.councilUnit.parent.name : u.councilUnit.parent.nameEn) : '—'),
              },
              {
                title: t(L.actions),
                key: 'record',
                width: 200,
                render: (_, u) => (
                  <Button size="small" onClick={() => setRecording(u)} aria-label={`${t(L.recordSuccessor)} ${u.code}`}>
                    {t(L.recordSuccessor)}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      )}
      <Table<Link>
        rowKey={(l) => `${l.from.key}>${l.to.key}`}
        size="small"
        dataSource={links}
        locale={{ emptyText: empty(t(L.noLinks)) }}
        pagination={{ pageSize: PAGE_SIZE, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t(L.oldUnit), key: 'from', render: (_, l) => <UnitName unit={l.from} /> },
          { title: t(L.newUnit), key: 'to', render: (_, l) => <UnitName unit={l.to} /> },
          {
            title: t(L.share),
            key: 'kind',
            width: 110,
            render: (_, l) => <Tag color={SHARE_COLOURS[l.kind]}>{t(LINK_SHARE_LABELS[SHARE[l.kind]])}</Tag>,
          },
          {
            title: t(L.derivation),
            key: 'derivation',
            render: (_, l) => (
              <span data-derivation={l.derivation}>
                {t(LINK_DERIVATION_LABELS[l.derivation as LinkDerivation] ?? { vi: l.derivation, en: l.derivation })}
                {(lang === 'vi' ? l.evidence : l.evidenceEn) && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {lang === 'vi' ? l.evidence : l.evidenceEn}
                  </Typography.Text>
                )}
              </span>
            ),
          },
        ]}
      />
      {recording && <RecordLinkDialog event={event} unit={recording} ended={ended} onClose={() => setRecording(null)} />}
    </>
  );
}

/**
 * The reorganisations of administrative units (issue 14): each event's resolution, its links old → new with how each
 * is known, the communes that ended with no successor yet, and the administrator's way to record where they went.
 */
export default function ReorganisationsAdminPage() {
  const { t } = useLang();
  const events = useQuery(AdminReorganisationsDocument);
  const list = events.data?.reorganisationEvents ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const current = list.find((e) => e.effectiveDate === picked) ?? list[0];
  if (events.error) return <Alert type="error" showIcon title={t(firstShownError(events.error).message)} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t(L.reorganisationsHint)}</Typography.Paragraph>
      {list.length > 0 && (
        <Segmented
          aria-label={t(L.reorganisations)}
          style={{ marginBottom: 16 }}
          value={current?.effectiveDate}
          onChange={(v) => setPicked(String(v))}
          options={list.map((e) => ({ value: e.effectiveDate, label: `${formatDate(e.effectiveDate)} · ${e.resolution}` }))}
        />
      )}
      {current ? <EventView key={current.effectiveDate} event={current} /> : <Card loading={events.loading} />}
    </>
  );
}
