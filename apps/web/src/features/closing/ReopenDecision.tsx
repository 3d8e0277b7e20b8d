import { useMutation } from '@apollo/client/react';
import { App, Button, Input, Space } from 'antd';
import { useState } from 'react';

import { GrantReopenDocument, RefuseReopenDocument } from '../../gql/district/graphql';
import { firstShownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { CLOSING } from './labels';

/**
 * The level above decides one request to reopen: a note (optional), then grant or refuse. The same controls wherever
 * a request waits: the list of pending requests (review list, /closing) and the report itself (the review page).
 */
export function ReopenDecision({ id, onDecided }: { id: string; onDecided: () => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [grant, granting] = useMutation(GrantReopenDocument);
  const [refuse, refusing] = useMutation(RefuseReopenDocument);

  const decide = async (yes: boolean) => {
    try {
      const variables = { id, note: note.trim() || null };
      await (yes ? grant({ variables }) : refuse({ variables }));
      void message.success(t(CLOSING.decided));
      onDecided();
    } catch (e) {
      void message.error(firstShownError(e).message[lang]);
    }
  };

  return (
    // The note wraps and grows (up to four lines) instead of scrolling out of its box: the decider reads what they typed.
    <Space size={8} align="start">
      <Input.TextArea
        aria-label={t(CLOSING.note)}
        placeholder={t(CLOSING.notePlaceholder)}
        autoSize={{ minRows: 1, maxRows: 4 }}
        style={{ width: 200 }}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={2000}
      />
      <Button type="primary" size="small" loading={granting.loading} disabled={refusing.loading} onClick={() => void decide(true)}>
        {t(CLOSING.grant)}
      </Button>
      <Button danger size="small" loading={refusing.loading} disabled={granting.loading} onClick={() => void decide(false)}>
        {t(CLOSING.refuse)}
      </Button>
    </Space>
  );
}
