/**
 * A random RFC 4122 version-4 UUID. `crypto.randomUUID` exists only in secure contexts (https or
 * localhost); a server opened on a LAN address over http still has `crypto.getRandomValues`.
 */
export function randomId(): string {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-boolean-literal-compare -- isSecureContext is undefined where a browser lacks it (and in Node); only an explicit false rules randomUUID out
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // variant 10
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
