import { useMutation } from '@apollo/client/react';
import { App, Button, Input } from 'antd';
import { useState } from 'react';

import { GrantReopenDocument, RefuseReopenDocument } from '../../gql/district/graphql';
import { firstShownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { CLOSING } from './labels';

/**
 * The level above decides one request to reopen: a note (optional), then grant or refuse. The same controls wherever
 * a request waits: the list of pending requests (review list, /closing) and the report itself (the review page).
 */
export function ReopenDecision({ id, onDecided, wide = false }: { id: string; onDecided: () => void; wide?: boolean }) {
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
    // The note wraps and grows instead of scrolling out of its box: the decider reads what they typed. In a table's
    // cell it keeps to a column; on the report (`wide`) it takes the line, so a note of a paragraph stays in view.
    <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start', width: wide ? '100%' : undefined }}>
      <Input.TextArea
        aria-label={t(CLOSING.note)}
        placeholder={t(CLOSING.notePlaceholder)}
        autoSize={wide ? { minRows: 2, maxRows: 12 } : { minRows: 1, maxRows: 4 }}
        style={wide ? { flex: 1, maxWidth: 720 } : { width: 200 }}
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
    </div>
  );
}
