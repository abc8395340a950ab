// QR check-in codes for a training session.
//
// The trainer's screen shows a code that changes every 30 s; a cadre's phone scans it (or the cadre
// types the 6-digit fallback), stores it with the time it was scanned, and syncs later. The database
// verifies it again with the same algorithm (`private.verify_checkin_code` in
// supabase/migrations/20261127000600_attendance.sql); both sides must agree byte for byte, which
// tests/db/checkin-code-sql.test.ts checks.
//
// The algorithm:
//   slot     = floor(unix seconds / 30)
//   h        = HMAC-SHA256(key = UTF-8 bytes of the secret string, message = `${sessionId}.${slot}`),
//              sessionId lower-case, slot in decimal without leading zeros
//   QR       = `FL1.${sessionId}.${slot}.${base64url(h[0..16])}` (no padding: 22 characters)
//   fallback = HOTP dynamic truncation of h (RFC 4226 §5.3) mod 10^6, zero-padded to 6 digits
// A code from slot s is accepted for a check-in claimed at time t when slotOf(t) is s or s + 1
// (the QR code says which slot it is from; the fallback code does not, so slots slotOf(t) and
// slotOf(t) − 1 are tried), and s lies in the session's check-in window.
//
// Pure: no I/O, WebCrypto only, so it runs in the browser, in the service worker and in Node.

export const SLOT_SECONDS = 30;
/** Without a trainer-set window, check-in opens this long before the session starts… */
export const CHECKIN_OPENS_BEFORE_START_MINUTES = 30;
/** …and a check-in later than this after the start makes the cadre 'late' rather than 'present'. */
export const LATE_AFTER_MINUTES = 15;
export const QR_PREFIX = 'FL1';

const MAC_BYTES = 16;
const FALLBACK_DIGITS = 6;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
// Strict on purpose: one canonical spelling per code, so that changing any character is detected.
const QR_PATTERN = new RegExp(`^${QR_PREFIX}\\.(${UUID})\\.(0|[1-9][0-9]{0,11})\\.([A-Za-z0-9_-]{22})$`);
const FALLBACK_PATTERN = /^[0-9]{6}$/;

export type Instant = Date | string | number;

export type CheckinFailure = 'wrong_session' | 'expired' | 'not_yet' | 'tampered' | 'malformed' | 'wrong_code';

export type CheckinVerdict = { ok: true; slot: number } | { ok: false; reason: CheckinFailure };

/**
 * The hint the database raises (P0001) for each failure, so that a phone can show the same message
 * before syncing as the server gives after: `sync_push` answers `{status: 'rejected', code: hint}`.
 */
export const CHECKIN_FAILURE_HINT = {
  wrong_session: 'checkin_code_invalid',
  tampered: 'checkin_code_invalid',
  malformed: 'checkin_code_invalid',
  wrong_code: 'checkin_code_invalid',
  expired: 'checkin_code_expired',
  not_yet: 'checkin_code_not_yet'
} as const satisfies Record<CheckinFailure, string>;

export interface CheckinWindow {
  opensAt: Instant;
  closesAt: Instant;
}

export interface ParsedQrPayload {
  sessionId: string;
  slot: number;
  mac: string;
}

function toMillis(at: Instant): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(at)}`);
  return ms;
}

/** The 30-second slot a moment falls in. */
export function slotOf(at: Instant): number {
  return Math.floor(toMillis(at) / (SLOT_SECONDS * 1000));
}

const encoder = new TextEncoder();

async function slotHmac(sessionId: string, secret: string, slot: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign'
  ]);
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(`${sessionId.toLowerCase()}.${slot}`));
  return new Uint8Array(signature);
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function macOf(h: Uint8Array): string {
  return base64url(h.subarray(0, MAC_BYTES));
}

// RFC 4226 §5.3, applied to the 32 bytes of HMAC-SHA256 as RFC 6238 does.
function truncateToDigits(h: Uint8Array): string {
  const offset = h[h.length - 1] & 0x0f;
  const binary = ((h[offset] & 0x7f) << 24) | (h[offset + 1] << 16) | (h[offset + 2] << 8) | h[offset + 3];
  return String(binary % 10 ** FALLBACK_DIGITS).padStart(FALLBACK_DIGITS, '0');
}

// Equal-time comparison: how long a mismatch takes says nothing about where it is.
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The QR code's text for the slot `at` falls in. */
export async function makeQrPayload(sessionId: string, secret: string, at: Instant): Promise<string> {
  const slot = slotOf(at);
  const h = await slotHmac(sessionId, secret, slot);
  return `${QR_PREFIX}.${sessionId.toLowerCase()}.${slot}.${macOf(h)}`;
}

/** The 6-digit code shown under the QR code, for phones that cannot scan. */
export async function fallbackCode(sessionId: string, secret: string, at: Instant): Promise<string> {
  return truncateToDigits(await slotHmac(sessionId, secret, slotOf(at)));
}

/** Reads a scanned QR text; null when it is not one of ours (or not in its one canonical form). */
export function parseQrPayload(text: string): ParsedQrPayload | null {
  const m = QR_PATTERN.exec(text.trim());
  if (!m) return null;
  return { sessionId: m[1], slot: Number(m[2]), mac: m[3] };
}

/**
 * What a person typed, made comparable: full-width digits (a Chinese keyboard's １２３) become ASCII,
 * spaces go. For the input field; verification itself only strips ASCII blanks, as the SQL does.
 */
export function normalizeTypedCode(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\s\u3000]/g, '');
}

/** The check-in window of a session: the trainer's, or from 30 min before the start to the end. */
export function checkinWindow(session: {
  startsAt: Instant;
  endsAt: Instant;
  checkinOpensAt?: Instant | null;
  checkinClosesAt?: Instant | null;
}): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(
      session.checkinOpensAt ?? toMillis(session.startsAt) - CHECKIN_OPENS_BEFORE_START_MINUTES * 60_000
    ),
    closesAt: new Date(session.checkinClosesAt ?? session.endsAt)
  };
}

/** The status a verified self check-in earns (the database decides the same way). */
export function checkinStatus(startsAt: Instant, checkedInAt: Instant): 'present' | 'late' {
  return toMillis(checkedInAt) > toMillis(startsAt) + LATE_AFTER_MINUTES * 60_000 ? 'late' : 'present';
}

/**
 * Is `code` a valid check-in for `sessionId` claimed at `at`? The order of the checks is part of the
 * contract (the SQL returns the same reason): form, session, signature, replay, window.
 */
export async function verifyCheckinCode(input: {
  code: string;
  sessionId: string;
  secret: string;
  at: Instant;
  window: CheckinWindow;
}): Promise<CheckinVerdict> {
  const code = input.code.replace(/[ \t\r\n]/g, '');
  const sessionId = input.sessionId.toLowerCase();
  const atSlot = slotOf(input.at);
  let slot: number;

  if (FALLBACK_PATTERN.test(code)) {
    // The fallback carries no slot: try the claimed time's slot, then the one before (clock skew).
    const candidates = [atSlot, atSlot - 1];
    let matched: number | null = null;
    for (const s of candidates) {
      if (sameText(truncateToDigits(await slotHmac(sessionId, input.secret, s)), code)) {
        matched = s;
        break;
      }
    }
    if (matched === null) return { ok: false, reason: 'wrong_code' };
    slot = matched;
  } else {
    const parsed = parseQrPayload(code);
    if (!parsed) return { ok: false, reason: 'malformed' };
    if (parsed.sessionId !== sessionId) return { ok: false, reason: 'wrong_session' };
    const expected = macOf(await slotHmac(sessionId, input.secret, parsed.slot));
    if (!sameText(expected, parsed.mac)) return { ok: false, reason: 'tampered' };
    // A code is good for its own slot and the next one; older means it was passed on or replayed.
    if (atSlot < parsed.slot) return { ok: false, reason: 'not_yet' };
    if (atSlot > parsed.slot + 1) return { ok: false, reason: 'expired' };
    slot = parsed.slot;
  }

  if (slot < slotOf(input.window.opensAt)) return { ok: false, reason: 'not_yet' };
  if (slot > slotOf(input.window.closesAt)) return { ok: false, reason: 'expired' };
  return { ok: true, slot };
}

/** A new session secret: 32 random bytes, base64url (43 characters). */
export function newSessionSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}
