import { Route, Routes } from 'react-router';

import NotFoundPage from '../../app/NotFoundPage';
import { useSession } from '../../shared/useSession';
import AssignmentPage from './AssignmentPage';
import DirectiveDetailPage from './DirectiveDetailPage';
import DirectiveListPage from './DirectiveListPage';
import InboxPage from './InboxPage';
import IssueDirectivePage from './IssueDirectivePage';

/**
 * The city issues and tracks directives; districts and communes work through their assignments (issue 13, part 4).
 * The same address shows each role its own view.
 */
export default function DirectivesPage() {
  const { session } = useSession();
  const role = session?.user.role;
  if (role === 'CITY_STAFF' || role === 'CITY_ADMIN')
    return (
      <Routes>
        <Route index element={<DirectiveListPage />} />
        <Route path="new" element={<IssueDirectivePage />} />
        <Route path=":id" element={<DirectiveDetailPage />} />
      </Routes>
    );
  if (role === 'DISTRICT_STAFF' || role === 'WARD_STAFF')
    return (
      <Routes>
        <Route index element={<InboxPage />} />
        <Route path="assignments/:id" element={<AssignmentPage />} />
      </Routes>
    );
  return <NotFoundPage />;
}
