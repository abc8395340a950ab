// The check-in code is computed by the trainer's phone (TypeScript) and verified by the database
// (SQL, pgcrypto). Both must agree on every code and every verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  checkinWindow,
  fallbackCode,
  makeQrPayload,
  newSessionSecret,
  verifyCheckinCode,
  type CheckinFailure
} from '../../src/lib/domain/checkin-code';

const unitId = 'c0de0000-0000-4000-8000-000000000001';
const trainerId = 'c0de0000-0000-4000-8000-000000000010';
const startsAt = new Date('2026-11-27T01:00:00Z');
const endsAt = new Date('2026-11-27T03:00:00Z');

interface Session {
  id: string;
  secret: string;
  window: { opensAt: Date; closesAt: Date };
}

// Three sessions: a generated secret, a secret with Chinese text (UTF-8 bytes as the key on both
// sides), and a narrow window the trainer set.
const sessions: Session[] = [
  {
    id: 'c0de0000-0000-4000-8000-000000000100',
    secret: newSessionSecret(),
    window: checkinWindow({ startsAt, endsAt })
  },
  {
    id: 'c0de0000-0000-4000-8000-000000000200',
    secret: '签到密钥-测试-0123456789abcdef',
    window: checkinWindow({ startsAt, endsAt })
  },
  {
    id: 'c0de0000-0000-4000-8000-000000000300',
    secret: newSessionSecret(),
    window: checkinWindow({
      startsAt,
      endsAt,
      checkinOpensAt: '2026-11-27T00:55:00Z',
      checkinClosesAt: '2026-11-27T01:05:00Z'
    })
  }
];

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase({ seed: false, prefix: 'fl_checkin' });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(`insert into public.units (id, name, kind) values ($1, '测试县', 'county')`, [unitId]);
  await client.query(`insert into auth.users (id, email) values ($1, 'checkin-trainer@test.local')`, [trainerId]);
  await client.query(`insert into public.profiles (id, full_name, role) values ($1, '王老师', 'trainer')`, [trainerId]);
  for (const [i, s] of sessions.entries()) {
    const narrow = s.window.opensAt.getTime() !== startsAt.getTime() - 30 * 60_000;
    await client.query(
      `insert into public.training_sessions (id, title, category, trainer_id, starts_at, ends_at, checkin_opens_at, checkin_closes_at)
       values ($1, $2, 'theory', $3, $4, $5, $6, $7)`,
      [
        s.id,
        `培训 ${i}`,
        trainerId,
        startsAt,
        endsAt,
        narrow ? s.window.opensAt : null,
        narrow ? s.window.closesAt : null
      ]
    );
    await client.query(
      `insert into public.training_session_secrets (id, session_id, secret) values (gen_random_uuid(), $1, $2)`,
      [s.id, s.secret]
    );
  }
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

async function sqlVerdict(sessionId: string, code: string, at: Date): Promise<string | null> {
  const { rows } = await client.query('select private.verify_checkin_code($1, $2, $3) as reason', [
    sessionId,
    code,
    at
  ]);
  return rows[0].reason as string | null;
}

async function tsVerdict(s: Session, code: string, at: Date): Promise<CheckinFailure | null> {
  const v = await verifyCheckinCode({ code, sessionId: s.id, secret: s.secret, at, window: s.window });
  return v.ok ? null : v.reason;
}

const second = 1000;
const minute = 60 * second;
const inWindow = new Date('2026-11-27T01:00:10Z');

describe('the same code in TypeScript and in SQL', () => {
  it('the QR payload and the fallback code are the same text on both sides', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...sessions), fc.integer({ min: 0, max: 4_102_444_800_000 }), async (s, ms) => {
        const at = new Date(ms);
        const { rows } = await client.query(
          'select private.checkin_qr_payload($1, $2) as qr, private.checkin_fallback_code($1, $2) as digits',
          [s.id, at]
        );
        expect(rows[0].qr).toBe(await makeQrPayload(s.id, s.secret, at));
        expect(rows[0].digits).toBe(await fallbackCode(s.id, s.secret, at));
      }),
      { numRuns: 100 }
    );
  });

  it('codes made in TypeScript verify in SQL', async () => {
    for (const s of sessions) {
      expect(await sqlVerdict(s.id, await makeQrPayload(s.id, s.secret, inWindow), inWindow)).toBeNull();
      expect(await sqlVerdict(s.id, await fallbackCode(s.id, s.secret, inWindow), inWindow)).toBeNull();
    }
  });

  it('codes made in SQL verify in TypeScript', async () => {
    for (const s of sessions) {
      const { rows } = await client.query(
        'select private.checkin_qr_payload($1, $2) as qr, private.checkin_fallback_code($1, $2) as digits',
        [s.id, inWindow]
      );
      expect(await tsVerdict(s, rows[0].qr, inWindow)).toBeNull();
      expect(await tsVerdict(s, rows[0].digits, inWindow)).toBeNull();
    }
  });

  it('a code tampered with in TypeScript is refused by SQL as tampered', async () => {
    const s = sessions[0];
    const code = await makeQrPayload(s.id, s.secret, inWindow);
    const i = code.length - 5;
    const tampered = code.slice(0, i) + (code[i] === 'x' ? 'y' : 'x') + code.slice(i + 1);
    expect(await sqlVerdict(s.id, tampered, inWindow)).toBe('tampered');
    expect(await tsVerdict(s, tampered, inWindow)).toBe('tampered');
  });
});

describe('the same verdict in TypeScript and in SQL', () => {
  const s = sessions[0];
  const narrow = sessions[2];
  const cases: { name: string; session: Session; code: () => Promise<string>; at: Date; reason: string | null }[] = [
    {
      name: 'a QR code in its own slot',
      session: s,
      code: () => makeQrPayload(s.id, s.secret, inWindow),
      at: inWindow,
      reason: null
    },
    {
      name: 'a QR code one slot later',
      session: s,
      code: () => makeQrPayload(s.id, s.secret, inWindow),
      at: new Date(inWindow.getTime() + 30 * second),
      reason: null
    },
    {
      name: 'a QR code replayed five slots later',
      session: s,
      code: () => makeQrPayload(s.id, s.secret, inWindow),
      at: new Date(inWindow.getTime() + 150 * second),
      reason: 'expired'
    },
    {
      name: 'a QR code claimed before its slot',
      session: s,
      code: () => makeQrPayload(s.id, s.secret, inWindow),
      at: new Date(inWindow.getTime() - 30 * second),
      reason: 'not_yet'
    },
    {
      name: "another session's QR code",
      session: s,
      code: () => makeQrPayload(sessions[1].id, sessions[1].secret, inWindow),
      at: inWindow,
      reason: 'wrong_session'
    },
    {
      name: 'a QR code signed with another secret',
      session: s,
      code: () => makeQrPayload(s.id, newSessionSecret(), inWindow),
      at: inWindow,
      reason: 'tampered'
    },
    { name: 'text that is no code', session: s, code: async () => 'FL1.garbage', at: inWindow, reason: 'malformed' },
    {
      name: 'the fallback code of its slot',
      session: s,
      code: () => fallbackCode(s.id, s.secret, inWindow),
      at: inWindow,
      reason: null
    },
    {
      name: 'the fallback code of the slot before',
      session: s,
      code: () => fallbackCode(s.id, s.secret, new Date(inWindow.getTime() - 30 * second)),
      at: inWindow,
      reason: null
    },
    {
      name: 'the fallback code of two slots before',
      session: s,
      code: () => fallbackCode(s.id, s.secret, new Date(inWindow.getTime() - 60 * second)),
      at: inWindow,
      reason: 'wrong_code'
    },
    {
      name: 'a QR code from before the window',
      session: s,
      code: () => makeQrPayload(s.id, s.secret, new Date(startsAt.getTime() - 31 * minute)),
      at: new Date(startsAt.getTime() - 31 * minute),
      reason: 'not_yet'
    },
    {
      name: 'a QR code from after the window',
      session: s,
      code: () => makeQrPayload(s.id, s.secret, new Date(endsAt.getTime() + minute)),
      at: new Date(endsAt.getTime() + minute),
      reason: 'expired'
    },
    {
      name: "a fallback code after the trainer's narrow window",
      session: narrow,
      code: () => fallbackCode(narrow.id, narrow.secret, new Date('2026-11-27T01:10:00Z')),
      at: new Date('2026-11-27T01:10:00Z'),
      reason: 'expired'
    },
    {
      name: "a fallback code in the trainer's narrow window",
      session: narrow,
      code: () => fallbackCode(narrow.id, narrow.secret, new Date('2026-11-27T01:04:59Z')),
      at: new Date('2026-11-27T01:04:59Z'),
      reason: null
    }
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.reason ?? 'valid'} on both sides`, async () => {
      const code = await c.code();
      expect(await tsVerdict(c.session, code, c.at)).toBe(c.reason);
      expect(await sqlVerdict(c.session.id, code, c.at)).toBe(c.reason);
    });
  }

  it('any code from any slot, claimed at any time, gets the same verdict on both sides', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...sessions),
        fc.integer({ min: -90 * minute, max: 150 * minute }),
        fc.integer({ min: -3, max: 3 }),
        fc.boolean(),
        fc.option(fc.nat({ max: 60 })),
        async (session, offset, slotShift, qr, tamperAt) => {
          const at = new Date(startsAt.getTime() + offset);
          const codeAt = new Date(at.getTime() + slotShift * 30 * second);
          let code = qr
            ? await makeQrPayload(session.id, session.secret, codeAt)
            : await fallbackCode(session.id, session.secret, codeAt);
          if (tamperAt !== null) {
            const i = tamperAt % code.length;
            code = code.slice(0, i) + (code[i] === '7' ? '8' : '7') + code.slice(i + 1);
          }
          expect(await sqlVerdict(session.id, code, at)).toBe(await tsVerdict(session, code, at));
        }
      ),
      { numRuns: 300 }
    );
  });
});

describe('the same code on embedded PGlite', () => {
  it('PGlite with its pgcrypto computes the same codes as TypeScript', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
    const lite = await PGlite.create('memory://', { extensions: { pgcrypto } });
    try {
      await lite.exec(`create schema extensions; create extension pgcrypto with schema extensions`);
      await lite.exec(`create schema if not exists private`);
      // Only the pure code functions: the rest of the build is tests/local's business.
      const { readFileSync } = await import('node:fs');
      const migration = readFileSync(
        new URL('../../supabase/migrations/20261127000600_attendance.sql', import.meta.url),
        'utf8'
      );
      const pure = migration.match(
        /create or replace function private\.checkin_(slot|hmac|qr_mac|digits)\b[\s\S]*?\n\$\$;/g
      );
      expect(pure).toHaveLength(4);
      for (const sql of pure!) await lite.exec(sql);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...sessions),
          fc.integer({ min: 0, max: 4_102_444_800_000 }),
          async (s, ms) => {
            const at = new Date(ms);
            const { rows } = await lite.query<{ qr: string; digits: string }>(
              `select 'FL1.' || $1::uuid::text || '.' || private.checkin_slot($2)::text || '.'
                        || private.checkin_qr_mac(private.checkin_hmac($3, $1, private.checkin_slot($2))) as qr,
                      private.checkin_digits(private.checkin_hmac($3, $1, private.checkin_slot($2))) as digits`,
              [s.id, at, s.secret]
            );
            expect(rows[0].qr).toBe(await makeQrPayload(s.id, s.secret, at));
            expect(rows[0].digits).toBe(await fallbackCode(s.id, s.secret, at));
          }
        ),
        { numRuns: 50 }
      );
    } finally {
      await lite.close();
    }
  });
});
