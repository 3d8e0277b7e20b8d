// Pieces the directives pages share: the status tag, the progress summary and server errors beside form fields.
import { ASSIGNMENT_STATUS_LABELS, type AssignmentStatus } from '@council/core/assignment-status.js';
import { type CouncilLevel, LEVEL_LABELS } from '@council/core/levels.js';
import { Flex, Progress, Space, type TableColumnsType, Tag, Typography } from 'antd';

import { formatDate, formatNumber, vietnamToday } from '../../shared/format';
import { type LanguageState, useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import { L } from './labels';

type Status = `${AssignmentStatus}`;

// Preset colours whose text keeps a 4.5:1 contrast (gold and green do not); completed is a solid dark green.
const COLOURS: Record<Status, string> = { PENDING: 'default', ACKNOWLEDGED: 'blue', IN_PROGRESS: 'purple', COMPLETED: '#237804' };

export function AssignmentStatusTag({ status }: { status: Status }) {
  const { t } = useLang();
  return (
    <Tag color={COLOURS[status]} data-status={status}>
      {t(ASSIGNMENT_STATUS_LABELS[status as AssignmentStatus])}
    </Tag>
  );
}

export function OverdueTag() {
  const { t } = useLang();
  return (
    <Tag color="red" data-overdue="true">
      {t(L.overdue)}
    </Tag>
  );
}

/** What an assignment row shows about whom it is given to and how far they are. */
interface AssignmentRow {
  unit: {
    name: string;
    level: `${CouncilLevel}`;
    /** The unit as it stood when the directive was issued: it may have ended since. */
    endsOn?: string | null;
  };
  status: Status;
  overdue: boolean;
  progressPercent: number;
}

/** The unit, status and percentage columns every table of assignments has. */
export function assignmentColumns<R extends AssignmentRow>(t: LanguageState['t']): TableColumnsType<R> {
  return [
    {
      title: t(L.unit),
      key: 'unit',
      render: (_, a) => (
        // Name over level, as one block beside the tree's expand button: a long name never splits the level in two.
        <span style={{ display: 'inline-block', verticalAlign: 'top' }}>
          {a.unit.name}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t(LEVEL_LABELS[a.unit.level as CouncilLevel])}
          </Typography.Text>
          {a.unit.endsOn && a.unit.endsOn <= vietnamToday() && (
            <>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 13 }} data-ended={a.unit.endsOn}>
                {fill(t(L.ended), { d: formatDate(a.unit.endsOn) })}
              </Typography.Text>
            </>
          )}
        </span>
      ),
    },
    {
      title: t('status'),
      key: 'status',
      width: 210,
      render: (_, a) => (
        <Space size={4} wrap>
          <AssignmentStatusTag status={a.status} />
          {a.overdue && <OverdueTag />}
        </Space>
      ),
    },
    {
      title: t(L.percent),
      dataIndex: 'progressPercent',
      width: 170,
      render: (v: number) => (
        <Progress percent={v} size="small" status="normal" format={(p) => `${p}%`} aria-label={`${t(L.percent)}: ${v}%`} />
      ),
    },
  ];
}

export interface ProgressCounts {
  total: number;
  pending: number;
  acknowledged: number;
  inProgress: number;
  completed: number;
  overdue: number;
}

/** Completed out of all, as a whole percentage (0 when there is nothing to do yet). */
export function completedPercent(p: ProgressCounts): number {
  return p.total ? Math.round((p.completed / p.total) * 100) : 0;
}

const KEYS = ['total', 'pending', 'acknowledged', 'inProgress', 'completed', 'overdue'] as const;

/** The bar and the six counts; `compact` for a table cell. */
export function ProgressSummary({ progress, compact = false }: { progress: ProgressCounts; compact?: boolean }) {
  const { t, lang } = useLang();
  const percent = completedPercent(progress);
  return (
    <div data-testid="directive-progress">
      <Progress
        percent={percent}
        size={compact ? 'small' : 'default'}
        format={(p) => `${p}%`}
        // "normal" whatever the percentage: the success and exception colours are too pale for the text beside the bar.
        status="normal"
        strokeColor={progress.overdue ? '#cf1322' : percent === 100 ? '#237804' : undefined}
        aria-label={`${t(L.completed)}: ${percent}%`}
      />
      <Flex wrap gap={compact ? 8 : 16}>
        {KEYS.map((key) => (
          <Typography.Text key={key} type={key === 'overdue' && progress.overdue ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
            {t(L[key])}: <b data-testid={`progress-${key}`}>{formatNumber(progress[key], lang)}</b>
          </Typography.Text>
        ))}
      </Flex>
    </div>
  );
}
