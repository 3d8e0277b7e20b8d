/**
 * The one INSERT of an audit entry, for every statement that writes one (the submissions' and the review's single
 * statements, and `writeAudit`). Each value is an SQL expression: a parameter, or a column of `from`.
 */
export function auditInsertSql(
  row: {
    username: string;
    role: string;
    action: string;
    unitCode: string;
    period: string;
    reportId: string;
    version: string;
    changes: string;
  },
  from?: string,
): string {
  return (
    'INSERT INTO district.audit_log (username, user_role, action, unit_code, period, report_id, version, changes) ' +
    `SELECT ${row.username}, ${row.role}, ${row.action}, ${row.unitCode}, ${row.period}, (${row.reportId})::uuid, (${row.version})::int, ` +
    `(${row.changes})::jsonb${from ? ` FROM ${from}` : ''}`
  );
}
