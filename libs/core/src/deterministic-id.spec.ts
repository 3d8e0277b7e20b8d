import { ASSIGNMENT_NAMESPACE, assignmentId, isUuid, uuidV5 } from './deterministic-id.js';

describe('uuidV5', () => {
  it('matches the RFC test vector (DNS namespace, "www.example.com")', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it("agrees with Python's uuid.uuid5 on a Vietnamese name (UTF-8) and on an assignment id", () => {
    expect(uuidV5('Hà Nội', '6ba7b811-9dad-11d1-80b4-00c04fd430c8')).toBe('d44ca0ea-4975-5dc0-948e-3580243e97a6');
    // The namespace may come without dashes or in upper case.
    expect(uuidV5('Hà Nội', '6BA7B8119DAD11D180B400C04FD430C8')).toBe('d44ca0ea-4975-5dc0-948e-3580243e97a6');
    expect(assignmentId('0f8fad5b-d9cb-469f-a165-70867728950e', '009')).toBe('107abb9d-94c7-5f4d-87a2-158a0b4e64ae');
  });
  it('gives one assignment one id, and different units different ids', () => {
    const d = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(assignmentId(d, '009')).toBe(assignmentId(d, '009'));
    expect(assignmentId(d, '009')).not.toBe(assignmentId(d, '010'));
    expect(assignmentId(d, '009')).toBe(uuidV5(`${d}:009`, ASSIGNMENT_NAMESPACE));
  });
  it('marks its ids as version 5, RFC variant', () => {
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const id = uuidV5(name, ASSIGNMENT_NAMESPACE);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', '6ba7b810-9dad-11d1-80b4')).toThrow('namespace must be a UUID: 6ba7b810-9dad-11d1-80b4');
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/namespace must be a UUID/);
  });
});

describe('isUuid', () => {
  it('accepts UUIDs in either case', () => {
    expect(isUuid('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(isUuid('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(true);
    expect(isUuid(ASSIGNMENT_NAMESPACE)).toBe(true);
  });
  it('refuses what PostgreSQL would fail to cast, whole strings only', () => {
    expect(isUuid('')).toBe(false);
    expect(isUuid('0f8fad5bd9cb469fa16570867728950e')).toBe(false); // no dashes
    expect(isUuid('0f8fad5b-d9cb-469f-a165-70867728950')).toBe(false); // one digit short
    expect(isUuid('0f8fad5b-d9cb-469f-a165-70867728950e0')).toBe(false); // one digit long
    expect(isUuid('x0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(false);
    expect(isUuid('0f8fad5b-d9cb-469f-a165-70867728950e\n')).toBe(false);
    expect(isUuid('0f8fad5g-d9cb-469f-a165-70867728950e')).toBe(false); // g is not hex
    expect(isUuid('0f8fad5b-d9cb-469f-a165-7086772895ze')).toBe(false);
    expect(isUuid('0f8fad5b-d9cbe-469f-a165-70867728950')).toBe(false);
    expect(isUuid('0f8fad5b-d9c-b469f-a165-70867728950e')).toBe(false);
    expect(isUuid('0f8fad5b-d9cb-469-fa165-70867728950e')).toBe(false);
    expect(isUuid('0f8fad5b-d9cb-469f-a16-570867728950e')).toBe(false);
    expect(isUuid("1' OR '1'='1")).toBe(false);
  });
});
