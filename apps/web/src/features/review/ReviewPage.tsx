import { Alert } from 'antd';
import { Route, Routes } from 'react-router';

import { useLang } from '../../shared/i18n';
import { useSession } from '../../shared/useSession';
import { REVIEW } from './labels';
import { ReviewListPage } from './ReviewListPage';
import { ReviewReportPage } from './ReviewReportPage';

/** A district's communes for a quarter (missing, waiting, returned, accepted) and each one's report (issue 13, part 3). */
export default function ReviewPage() {
  const { t } = useLang();
  const { session } = useSession();
  if (session?.user.role !== 'DISTRICT_STAFF') return <Alert type="info" showIcon title={t(REVIEW.notDistrict)} />;
  const district = session.user.unit.code;
  return (
    <Routes>
      <Route index element={<ReviewListPage district={district} />} />
      <Route path=":unitCode/:period" element={<ReviewReportPage />} />
    </Routes>
  );
}
