import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 9562 version 5, SHA-1): the same namespace and name
 * always give the same id. Fan-outs use it so that replaying an event creates
 * nothing twice — the second insert meets the first one's primary key.
 */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`namespace must be a UUID: ${namespace}`);
  // Stryker disable next-line StringLiteral: equivalent, Node reads an empty encoding as UTF-8 (the default); the Vietnamese vector pins UTF-8.
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Namespace of assignment ids: uuidV5(`${directiveId}:${unitCode}`, ASSIGNMENT_NAMESPACE). */
export const ASSIGNMENT_NAMESPACE = '6f1d4a52-1c9e-4b8e-9a57-2f0c3d7e8b41';

export function assignmentId(directiveId: string, unitCode: string): string {
  return uuidV5(`${directiveId}:${unitCode}`, ASSIGNMENT_NAMESPACE);
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id arriving from a client: checked before it reaches PostgreSQL, whose uuid cast would fail as an internal error. */
export function isUuid(value: string): boolean {
  return UUID_SHAPE.test(value);
}
