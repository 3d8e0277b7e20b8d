/**
 * Plausible quarterly counts for all 20 seeded metrics, for a council of the
 * given level: small integers scaled by level, thematic voter contacts ≤
 * meetings, answered/resolved ≤ received, handled ≤ received, and no
 * confidence votes at commune level — so no ERROR rule fires. Used by tests
 * and benchmarks (imported from dist/ by the .mjs benches: keep it free of imports).
 */
export function sampleFigures(level: 'CITY' | 'DISTRICT' | 'WARD' | string, random: () => number): Record<string, number> {
  const scale = level === 'CITY' ? 6 : level === 'DISTRICT' ? 3 : 1;
  const n = (max: number) => Math.floor(random() * (max * scale + 1));
  const meetings = 1 + n(6);
  const received = n(40);
  const complaints = n(15);
  return {
    'sessions.regular': random() < 0.5 ? 1 : 0,
    'sessions.thematic': n(2),
    'sessions.urgent': random() < 0.2 ? 1 : 0,
    'resolutions.issued': n(8),
    'documents.reviewed': n(12),
    'questioning.written': n(10),
    'questioning.sessions': random() < 0.5 ? 1 : 0,
    'explanations.sessions': n(2),
    'supervisions.thematic': n(2),
    'surveys.conducted': n(3),
    'voter_contacts.meetings': meetings,
    'voter_contacts.thematic': Math.floor(random() * (meetings + 1)),
    'citizen_receptions.sessions': n(6),
    'petitions.received': received,
    'petitions.answered': Math.floor(random() * (received + 1)),
    'petitions.resolved': Math.floor(random() * (received + 1)),
    'complaints.received': complaints,
    'complaints.handled': Math.floor(random() * (complaints + 1)),
    'confidence_votes.persons': level === 'WARD' ? 0 : random() < 0.1 ? n(10) : 0,
    'briefings.held': n(3),
  };
}
