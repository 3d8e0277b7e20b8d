import { assignmentId, uuidV5 } from './deterministic-id.js';

describe('uuidV5', () => {
  it('matches the RFC test vector (DNS namespace, "www.example.com")', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('gives one assignment one id, and different units different ids', () => {
    const d = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(assignmentId(d, '009')).toBe(assignmentId(d, '009'));
    expect(assignmentId(d, '009')).not.toBe(assignmentId(d, '010'));
  });
});
