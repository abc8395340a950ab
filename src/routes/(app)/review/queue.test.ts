import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrontlineDB } from '$lib/db/database';
import type { Assessment, AssessmentSignature, Profile } from '$lib/schema';
import { awaitedLevel, reviewQueue } from './queue';

const SYNC = { version: 5, txid: null, updated_at: null, updated_by: null, deleted_at: null };
const supervisor = (level: number, id = 's1'): Profile => ({
  ...SYNC,
  id,
  full_name: '主管',
  gender: null,
  birth_date: null,
  education: null,
  rank: null,
  is_leader: false,
  post_title: null,
  unit_id: null,
  in_unit_since: null,
  origin: null,
  role: 'supervisor',
  sign_level: level,
  scope_unit_id: null
});
const assessment = (id: string, status: Assessment['status'], over: Partial<Assessment> = {}): Assessment => ({
  ...SYNC,
  id,
  cadre_id: 'c1',
  kind: 'annual',
  period_start: '2025-01-01',
  period_end: '2025-12-31',
  posting_id: null,
  session_id: null,
  self_summary: '总结',
  rating: null,
  supervisor_comment: null,
  status,
  submitted_at: '2026-01-05T00:00:00Z',
  ...over
});
const signature = (over: Partial<AssessmentSignature>): AssessmentSignature => ({
  ...SYNC,
  id: crypto.randomUUID(),
  assessment_id: 'a1',
  assessment_version: 5,
  level: 1,
  signer_id: 's1',
  decision: 'approve',
  comment: null,
  content_hash: null,
  signed_at: '2026-01-06T00:00:00Z',
  voided_at: null,
  ...over
});

let db: FrontlineDB;
beforeEach(() => {
  db = new FrontlineDB(`queue-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('the review queue', () => {
  it('holds the assessments waiting at my level, and none of another level', async () => {
    await db.assessments.bulkPut([
      assessment('a1', 'submitted'),
      assessment('a2', 'signed_1'),
      assessment('a3', 'signed_2'),
      assessment('a4', 'draft'),
      assessment('a5', 'submitted', { deleted_at: '2026-01-01T00:00:00Z' })
    ]);
    expect((await reviewQueue(db, supervisor(1))).map((q) => q.assessment.id)).toEqual(['a1']);
    expect((await reviewQueue(db, supervisor(2))).map((q) => q.assessment.id)).toEqual(['a2']);
    expect((await reviewQueue(db, supervisor(3))).map((q) => q.assessment.id)).toEqual(['a3']);
  });

  it('never offers a supervisor their own assessment', async () => {
    await db.assessments.put(assessment('a1', 'submitted', { cadre_id: 's1' }));
    expect(await reviewQueue(db, supervisor(1))).toEqual([]);
  });

  it('marks an item I signed on this version, until the server moves it on', async () => {
    await db.assessments.bulkPut([assessment('a1', 'submitted'), assessment('a2', 'submitted')]);
    await db.assessment_signatures.put(signature({ assessment_id: 'a1' }));
    const queue = await reviewQueue(db, supervisor(1));
    expect(queue.map((q) => [q.assessment.id, !!q.mine])).toEqual([
      ['a2', false],
      ['a1', true]
    ]);
  });

  it('does not count a signature on an older version or a void one as mine', async () => {
    await db.assessments.bulkPut([assessment('a1', 'submitted'), assessment('a2', 'submitted')]);
    await db.assessment_signatures.bulkPut([
      signature({ assessment_id: 'a1', assessment_version: 4 }),
      signature({ assessment_id: 'a2', voided_at: '2026-01-07T00:00:00Z' })
    ]);
    expect((await reviewQueue(db, supervisor(1))).every((q) => !q.mine)).toBe(true);
  });
});

describe('awaitedLevel', () => {
  it('names the level each status waits for, and none once final, returned or a draft', () => {
    expect(
      ['submitted', 'signed_1', 'signed_2', 'final', 'returned', 'draft'].map((s) =>
        awaitedLevel(s as Assessment['status'])
      )
    ).toEqual([1, 2, 3, null, null, null]);
  });
});
