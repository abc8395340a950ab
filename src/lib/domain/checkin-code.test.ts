import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkinStatus,
  checkinWindow,
  fallbackCode,
  makeQrPayload,
  newSessionSecret,
  normalizeTypedCode,
  parseQrPayload,
  slotOf,
  verifyCheckinCode
} from './checkin-code';

const secret = 'frontline-test-secret-0123456789';
const sessionId = '3f2c7c1e-8a4b-4d2e-9c1f-0a1b2c3d4e5f';
const otherSessionId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
// A session from 09:00 to 11:00 Beijing time; check-in opens 08:30 by default.
const session = { startsAt: '2026-11-27T01:00:00Z', endsAt: '2026-11-27T03:00:00Z' };
const window = checkinWindow(session);
const at = (iso: string) => new Date(iso);
const scannedAt = at('2026-11-27T01:00:10Z');

describe('time slots', () => {
  it('a slot is 30 seconds, counted from the Unix epoch', () => {
    expect(slotOf(at('1970-01-01T00:00:29.999Z'))).toBe(0);
    expect(slotOf(at('1970-01-01T00:00:30Z'))).toBe(1);
    expect(slotOf(scannedAt)).toBe(59858040);
  });

  it('the default window opens 30 minutes before the start and closes at the end', () => {
    expect(window.opensAt.toISOString()).toBe('2026-11-27T00:30:00.000Z');
    expect(window.closesAt.toISOString()).toBe('2026-11-27T03:00:00.000Z');
  });

  it('a window the trainer set replaces the default', () => {
    const w = checkinWindow({
      ...session,
      checkinOpensAt: '2026-11-27T00:50:00Z',
      checkinClosesAt: '2026-11-27T01:10:00Z'
    });
    expect(w.opensAt.toISOString()).toBe('2026-11-27T00:50:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-11-27T01:10:00.000Z');
  });
});

describe('cross-check vectors (computed independently with openssl)', () => {
  it('the QR payload of a known slot is the expected text', async () => {
    expect(await makeQrPayload(sessionId, secret, scannedAt)).toBe(`FL1.${sessionId}.59858040.y9Gwv5XIsl89w9C8YiiqdQ`);
    expect(await makeQrPayload(sessionId, secret, at('2026-11-27T01:00:30Z'))).toBe(
      `FL1.${sessionId}.59858041.SSYQC-D5IBvUy9iyQmcrTw`
    );
  });

  it('the fallback code of a known slot is the expected six digits', async () => {
    expect(await fallbackCode(sessionId, secret, scannedAt)).toBe('537877');
    expect(await fallbackCode(sessionId, secret, at('2026-11-27T01:00:30Z'))).toBe('930648');
  });

  it('an upper-case session id gives the same code as its lower-case form', async () => {
    expect(await makeQrPayload(sessionId.toUpperCase(), secret, scannedAt)).toBe(
      await makeQrPayload(sessionId, secret, scannedAt)
    );
  });

  it('any session, secret and time give what node:crypto computes for the same recipe', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uuid(),
        fc.string({ minLength: 16, maxLength: 64 }),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        async (id, key, ms) => {
          const slot = Math.floor(ms / 30_000);
          const h = createHmac('sha256', key).update(`${id}.${slot}`).digest();
          const offset = h[31] & 15;
          const bin = h.readUInt32BE(offset) & 0x7fffffff;
          expect(await makeQrPayload(id, key, ms)).toBe(`FL1.${id}.${slot}.${h.subarray(0, 16).toString('base64url')}`);
          expect(await fallbackCode(id, key, ms)).toBe(String(bin % 1_000_000).padStart(6, '0'));
        }
      ),
      { numRuns: 200 }
    );
  });
});

describe('verifying a scanned QR code', () => {
  it('a code scanned in its own slot is valid', async () => {
    const code = await makeQrPayload(sessionId, secret, scannedAt);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: scannedAt, window })).toEqual({
      ok: true,
      slot: 59858040
    });
  });

  it('a code claimed one slot later is still valid (the screen changed while the phone saved)', async () => {
    const code = await makeQrPayload(sessionId, secret, scannedAt);
    const verdict = await verifyCheckinCode({ code, sessionId, secret, at: at('2026-11-27T01:00:59Z'), window });
    expect(verdict).toEqual({ ok: true, slot: 59858040 });
  });

  it('a code claimed two slots later has expired', async () => {
    const code = await makeQrPayload(sessionId, secret, scannedAt);
    const verdict = await verifyCheckinCode({ code, sessionId, secret, at: at('2026-11-27T01:01:00Z'), window });
    expect(verdict).toEqual({ ok: false, reason: 'expired' });
  });

  it('a code replayed from another slot (five slots later) is refused as expired', async () => {
    const code = await makeQrPayload(sessionId, secret, scannedAt);
    const later = new Date(scannedAt.getTime() + 5 * 30_000);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: later, window })).toEqual({
      ok: false,
      reason: 'expired'
    });
  });

  it('a code claimed before its own slot began is not yet valid', async () => {
    const code = await makeQrPayload(sessionId, secret, scannedAt);
    const earlier = new Date(scannedAt.getTime() - 30_000);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: earlier, window })).toEqual({
      ok: false,
      reason: 'not_yet'
    });
  });

  it("another session's code is refused as the wrong session", async () => {
    const code = await makeQrPayload(otherSessionId, secret, scannedAt);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: scannedAt, window })).toEqual({
      ok: false,
      reason: 'wrong_session'
    });
  });

  it('a code signed with another secret is refused as tampered', async () => {
    const code = await makeQrPayload(sessionId, newSessionSecret(), scannedAt);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: scannedAt, window })).toEqual({
      ok: false,
      reason: 'tampered'
    });
  });

  it('changing any one character of the signature is detected as tampering', async () => {
    const code = await makeQrPayload(sessionId, secret, scannedAt);
    const macStart = code.lastIndexOf('.') + 1;
    for (let i = macStart; i < code.length; i++) {
      const replacement = code[i] === 'A' ? 'B' : 'A';
      const changed = code.slice(0, i) + replacement + code.slice(i + 1);
      expect(await verifyCheckinCode({ code: changed, sessionId, secret, at: scannedAt, window })).toEqual({
        ok: false,
        reason: 'tampered'
      });
    }
  });

  it('moving the slot forward to reuse an old code is detected as tampering', async () => {
    const code = await makeQrPayload(sessionId, secret, scannedAt);
    const moved = code.replace('.59858040.', '.59858045.');
    const later = new Date(scannedAt.getTime() + 5 * 30_000);
    expect(await verifyCheckinCode({ code: moved, sessionId, secret, at: later, window })).toEqual({
      ok: false,
      reason: 'tampered'
    });
  });

  it('text that is not one of our codes is malformed', async () => {
    const valid = await makeQrPayload(sessionId, secret, scannedAt);
    for (const code of [
      '',
      'hello',
      'https://example.com/',
      '12345',
      '1234567',
      valid.replace('FL1', 'FL2'),
      valid.replace('.59858040.', '.059858040.'),
      valid.toUpperCase(),
      `${valid}=`,
      valid.slice(0, -1)
    ]) {
      expect(await verifyCheckinCode({ code, sessionId, secret, at: scannedAt, window }), code).toEqual({
        ok: false,
        reason: 'malformed'
      });
    }
  });

  it('blanks around a code do not matter', async () => {
    const code = await makeQrPayload(sessionId, secret, scannedAt);
    expect(await verifyCheckinCode({ code: ` ${code}\n`, sessionId, secret, at: scannedAt, window })).toMatchObject({
      ok: true
    });
  });

  it('parsing gives back the session, the slot and the signature', async () => {
    const code = await makeQrPayload(sessionId, secret, scannedAt);
    expect(parseQrPayload(code)).toEqual({ sessionId, slot: 59858040, mac: 'y9Gwv5XIsl89w9C8YiiqdQ' });
    expect(parseQrPayload('FL1.not-a-uuid.1.y9Gwv5XIsl89w9C8YiiqdQ')).toBeNull();
  });
});

describe('the check-in window', () => {
  it('a code from before the window opens is not yet valid', async () => {
    const early = at('2026-11-27T00:29:50Z');
    const code = await makeQrPayload(sessionId, secret, early);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: early, window })).toEqual({
      ok: false,
      reason: 'not_yet'
    });
  });

  it('a code from the first slot of the window is valid', async () => {
    const opening = at('2026-11-27T00:30:00Z');
    const code = await makeQrPayload(sessionId, secret, opening);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: opening, window })).toMatchObject({ ok: true });
  });

  it('a code from after the window closed has expired', async () => {
    const late = at('2026-11-27T03:00:30Z');
    const code = await makeQrPayload(sessionId, secret, late);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: late, window })).toEqual({
      ok: false,
      reason: 'expired'
    });
  });

  it("a fallback code typed outside the trainer's window has expired", async () => {
    const narrow = checkinWindow({
      ...session,
      checkinOpensAt: '2026-11-27T00:50:00Z',
      checkinClosesAt: '2026-11-27T01:10:00Z'
    });
    const late = at('2026-11-27T01:20:00Z');
    const code = await fallbackCode(sessionId, secret, late);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: late, window: narrow })).toEqual({
      ok: false,
      reason: 'expired'
    });
  });
});

describe('the 6-digit fallback code', () => {
  it('a fallback code typed in its own slot is valid', async () => {
    const code = await fallbackCode(sessionId, secret, scannedAt);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: scannedAt, window })).toEqual({
      ok: true,
      slot: 59858040
    });
  });

  it("a fallback code from the slot before is valid (the phone's clock runs a little ahead)", async () => {
    const code = await fallbackCode(sessionId, secret, scannedAt);
    const verdict = await verifyCheckinCode({ code, sessionId, secret, at: at('2026-11-27T01:00:45Z'), window });
    expect(verdict).toEqual({ ok: true, slot: 59858040 });
  });

  it('a fallback code from two slots before is a wrong code', async () => {
    const code = await fallbackCode(sessionId, secret, scannedAt);
    const verdict = await verifyCheckinCode({ code, sessionId, secret, at: at('2026-11-27T01:01:05Z'), window });
    expect(verdict).toEqual({ ok: false, reason: 'wrong_code' });
  });

  it('a fallback code with one digit changed is a wrong code', async () => {
    const code = await fallbackCode(sessionId, secret, scannedAt);
    const changed = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
    expect(await verifyCheckinCode({ code: changed, sessionId, secret, at: scannedAt, window })).toEqual({
      ok: false,
      reason: 'wrong_code'
    });
  });

  it("another session's fallback code is a wrong code", async () => {
    const code = await fallbackCode(otherSessionId, secret, scannedAt);
    expect(await verifyCheckinCode({ code, sessionId, secret, at: scannedAt, window })).toEqual({
      ok: false,
      reason: 'wrong_code'
    });
  });

  it('digits typed on a Chinese keyboard, with spaces, become the plain code', () => {
    expect(normalizeTypedCode(' ５３７\u3000８７７ ')).toBe('537877');
  });
});

describe('session secrets and statuses', () => {
  it('a new secret is 32 random bytes in base64url, different every time', () => {
    const a = newSessionSecret();
    const b = newSessionSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('a check-in up to 15 minutes after the start is present, later is late', () => {
    expect(checkinStatus(session.startsAt, '2026-11-27T00:45:00Z')).toBe('present');
    expect(checkinStatus(session.startsAt, '2026-11-27T01:15:00Z')).toBe('present');
    expect(checkinStatus(session.startsAt, '2026-11-27T01:15:01Z')).toBe('late');
  });
});
