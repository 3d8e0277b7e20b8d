import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';

import { useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import { NOTIFY } from './labels';
import { useBadge, useNotificationBadgeFeed } from './useNotificationBadge';

/** The header's bell: the unread count, live; opens the notification centre. */
export function NotificationBell({ username }: { username: string }) {
  const { t } = useLang();
  const navigate = useNavigate();
  useNotificationBadgeFeed(username);
  const unread = useBadge()?.unread ?? 0;
  return (
    <Badge count={unread} size="small" overflowCount={99} data-testid="notification-badge">
      <Button
        size="small"
        icon={<BellOutlined />}
        aria-label={unread ? fill(t(NOTIFY.bellUnread), { n: unread }) : t(NOTIFY.bell)}
        onClick={() => void navigate('/notifications')}
      >
        {t(NOTIFY.bell)}
      </Button>
    </Badge>
  );
}
