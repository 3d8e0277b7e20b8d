// Pieces the statistics pages share: the bar of choices above a page, and the error a query answered.
import { Alert, Card, Col, Form, Row } from 'antd';
import type { ReactNode } from 'react';

import { graphqlErrorsOf, shownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { S } from './labels';

export interface Filter {
  /** The control's id, which its label points at. */
  id: string;
  label: string;
  control: ReactNode;
}

/** The page's choices side by side in a card, each labelled for screen readers and the keyboard. */
export function FilterBar({ filters }: { filters: readonly Filter[] }) {
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Form layout="vertical" component="div">
        <Row gutter={16}>
          {filters.map((f) => (
            <Col key={f.id} xs={24} md={Math.floor(24 / filters.length)}>
              <Form.Item label={f.label} htmlFor={f.id} style={{ marginBottom: 0 }}>
                {f.control}
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Card>
  );
}

/** What a failed query means to the person: refused, or the server's own message, in their language. */
export function QueryErrorAlert({ error }: { error: unknown }) {
  const { t } = useLang();
  const first = graphqlErrorsOf(error)[0];
  if (!first) return null;
  const shown = shownError(first);
  return <Alert type="error" showIcon title={t(shown.code === 'FORBIDDEN' ? S.forbidden : shown.message)} />;
}
