/** A connection point's attendance: EXPECTED until someone marks it. */
export enum AttendanceStatus {
  EXPECTED = 'EXPECTED',
  PRESENT = 'PRESENT',
  ABSENT = 'ABSENT',
}
