import { ASSIGNMENT_STATUS_LABELS, AssignmentStatus, canMoveAssignment, isOverdue } from './assignment-status.js';

const { PENDING, ACKNOWLEDGED, IN_PROGRESS, COMPLETED } = AssignmentStatus;
const ALL = [PENDING, ACKNOWLEDGED, IN_PROGRESS, COMPLETED];

describe('canMoveAssignment', () => {
  it('moves forwards, also skipping steps, and may stay where it is', () => {
    expect(canMoveAssignment(PENDING, ACKNOWLEDGED)).toBe(true);
    expect(canMoveAssignment(PENDING, IN_PROGRESS)).toBe(true);
    expect(canMoveAssignment(PENDING, COMPLETED)).toBe(true);
    expect(canMoveAssignment(ACKNOWLEDGED, IN_PROGRESS)).toBe(true);
    expect(canMoveAssignment(IN_PROGRESS, COMPLETED)).toBe(true);
    // Reporting progress again (a new percentage) keeps the status.
    expect(canMoveAssignment(IN_PROGRESS, IN_PROGRESS)).toBe(true);
    expect(canMoveAssignment(PENDING, PENDING)).toBe(true);
  });

  it('never moves back', () => {
    expect(canMoveAssignment(ACKNOWLEDGED, PENDING)).toBe(false);
    expect(canMoveAssignment(IN_PROGRESS, ACKNOWLEDGED)).toBe(false);
    expect(canMoveAssignment(IN_PROGRESS, PENDING)).toBe(false);
  });

  it('treats COMPLETED as final, even to itself', () => {
    for (const to of ALL) expect(canMoveAssignment(COMPLETED, to)).toBe(false);
  });
});

describe('isOverdue', () => {
  it('is overdue once the due day has passed and the work is not completed', () => {
    expect(isOverdue(IN_PROGRESS, '2024-03-31', '2024-04-01')).toBe(true);
    expect(isOverdue(PENDING, '2024-03-31', '2024-04-01')).toBe(true);
  });
  it('is not overdue on the due day itself, nor before', () => {
    expect(isOverdue(IN_PROGRESS, '2024-03-31', '2024-03-31')).toBe(false);
    expect(isOverdue(IN_PROGRESS, '2024-03-31', '2024-03-30')).toBe(false);
  });
  it('is never overdue once completed', () => {
    expect(isOverdue(COMPLETED, '2024-03-31', '2024-04-01')).toBe(false);
    expect(isOverdue('COMPLETED', '2024-03-31', '2024-04-01')).toBe(false);
  });
});

describe('ASSIGNMENT_STATUS_LABELS', () => {
  it('names each status in Vietnamese (what staff read) and English', () => {
    expect(ASSIGNMENT_STATUS_LABELS).toEqual({
      PENDING: { vi: 'Chưa tiếp nhận', en: 'Pending' },
      ACKNOWLEDGED: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
      IN_PROGRESS: { vi: 'Đang thực hiện', en: 'In progress' },
      COMPLETED: { vi: 'Đã hoàn thành', en: 'Completed' },
    });
  });
  it('keeps the enum values the GraphQL schema and the database store', () => {
    expect(Object.values(AssignmentStatus)).toEqual(['PENDING', 'ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETED']);
  });
});
