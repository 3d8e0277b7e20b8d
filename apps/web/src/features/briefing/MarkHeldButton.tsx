// "Đánh dấu đã họp" at the briefing screen's footer: for those who manage the meeting (city staff; a district's staff
// for the meetings their own council hosts), asked once more, since it freezes the figures as presented and, for the
// city's meeting of a quarter, closes the quarter unless its box is cleared (markBriefingMeetingHeld on city-api).
import { useMutation } from '@apollo/client/react';
import { Permission, ROLE_PERMISSIONS } from '@council/core/roles.js';
import { Button, Checkbox, Popconfirm } from 'antd';
import { useState } from 'react';

import { CITY } from '../../app/apollo';
import { type BriefingSummaryFieldsFragment, MarkBriefingMeetingHeldDocument } from '../../gql/city/graphql';
import type { Lang } from '../../shared/format';
import { firstShownError, isNetworkFailure } from '../../shared/graphql-errors';
import { UI } from '../../shared/labels';
import type { SessionUser } from '../../shared/session';
import { periodText, t2 } from './briefing-model';
import { B } from './labels';

type Summary = BriefingSummaryFieldsFragment;

/** Who may mark this summary's meeting held, as the server decides it (@Allow and the meetings service's scope). */
export function mayMarkHeld(user: SessionUser | undefined, host: Summary['host']): boolean {
  if (!user) return false;
  const may = ROLE_PERMISSIONS[user.role];
  return may.has(Permission.ManageBriefings) || (may.has(Permission.HostBriefings) && user.unit.code === host.code);
}

/** The city's meeting of a quarter closes that quarter when marked held; any other only freezes its figures. */
export const closesQuarter = (summary: Pick<Summary, 'host' | 'period'>): boolean =>
  summary.host.level === 'CITY' && /Q\d$/.test(summary.period);

export function MarkHeldButton({
  summary,
  lang,
  onMarked,
  onProblem,
}: {
  summary: Summary;
  lang: Lang;
  onMarked: (meeting: { id: string; heldAt: string }) => void;
  onProblem: (text: string) => void;
}) {
  const [mark, marking] = useMutation(MarkBriefingMeetingHeldDocument, { ...CITY });
  // Closing is the default; the box lets city staff hold the meeting and leave the quarter open (heard early, say).
  const [closing, setClosing] = useState(true);
  const meeting = summary.meeting;
  if (!meeting) return null;
  const closes = closesQuarter(summary);

  const confirm = async () => {
    try {
      const { data } = await mark({ variables: { id: meeting.id, closeQuarter: closes && closing } });
      const held = data?.markBriefingMeetingHeld;
      if (held?.heldAt) onMarked({ id: held.id, heldAt: held.heldAt });
    } catch (error) {
      onProblem(isNetworkFailure(error) ? t2(B.networkError, lang) : firstShownError(error).message[lang]);
    }
  };

  return (
    <Popconfirm
      placement="topRight"
      title={t2(B.markHeldTitle, lang)}
      description={
        <span style={{ display: 'block', maxWidth: 380 }}>
          <span style={{ display: 'block' }}>
            {closes && closing ? t2(B.markHeldCloses, lang, { p: periodText(summary.period, lang) }) : t2(B.markHeldFreezes, lang)}
          </span>
          {closes && (
            <Checkbox checked={closing} onChange={(e) => setClosing(e.target.checked)} style={{ marginTop: 8 }}>
              {t2(B.markHeldCloseBox, lang, { p: periodText(summary.period, lang) })}
            </Checkbox>
          )}
        </span>
      }
      okText={t2(B.markHeldConfirm, lang)}
      cancelText={t2(UI.cancel, lang)}
      onConfirm={() => void confirm()}
    >
      <Button size="small" type="primary" className="mark-held" loading={marking.loading}>
        {t2(B.markHeld, lang)}
      </Button>
    </Popconfirm>
  );
}
