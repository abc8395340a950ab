// bootstrap + migrations + seed must build the same database on embedded PGlite (what `npm start`
// runs) and on Postgres 15 (what Supabase runs): same tables, columns, constraints, indexes,
// policies, functions, triggers and grants, and the same rows. Then the app's path through the
// stack (sign-in, sync_pull, sync_push) works on PGlite too: roles, RLS, request.jwt.claims,
// pg_current_xact_id() and pg_current_snapshot() all behave there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { client, DEMO_PASSWORD, startStack, type RunningStack } from '../support/local-stack';
import { openDatabase, type Database } from '../../supabase/local/database.js';

const SEED = true;

let pgDatabase: TestDatabase;
let postgres: Database;
let pglite: RunningStack;

beforeAll(async () => {
  [pgDatabase, pglite] = await Promise.all([
    createTestDatabase({ prefix: 'fl_parity', seed: SEED }),
    startStack({ seed: SEED })
  ]);
  postgres = await openDatabase({ url: pgDatabase.url });
});

afterAll(async () => {
  await postgres?.close();
  await pglite?.stop();
  await pgDatabase?.drop();
});

// The schemas the SQL creates or fills; Postgres's own are left out.
const SCHEMAS = `(select nspname from pg_namespace where nspname !~ '^pg_' and nspname <> 'information_schema')`;
// Objects that belong to an extension (pgcrypto's functions) differ with the extension's version.
const NOT_FROM_EXTENSION = (classid: string, oid: string) =>
  `not exists (select 1 from pg_depend d where d.classid = '${classid}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;

const catalog: Record<string, string> = {
  schemas: `select nspname as item from pg_namespace where nspname in ${SCHEMAS} order by 1`,
  roles: `select rolname || ' login=' || rolcanlogin || ' bypassrls=' || rolbypassrls || ' inherit=' || rolinherit as item
            from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by 1`,
  tables: `select n.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' rls=' || c.relrowsecurity || ' force=' || c.relforcerowsecurity as item
             from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname in ${SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'S') and ${NOT_FROM_EXTENSION('pg_class', 'c.oid')}
            order by 1`,
  columns: `select table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable
                   || ' default=' || coalesce(column_default, '') as item
              from information_schema.columns where table_schema in ${SCHEMAS} order by 1`,
  // Postgres 18 also lists NOT NULL as constraints (contype n); the columns above carry those.
  constraints: `select conrelid::regclass::text || ' ' || conname || ' ' || contype::text || ' ' || pg_get_constraintdef(oid) as item
                  from pg_constraint where connamespace in (select oid from pg_namespace where nspname in ${SCHEMAS})
                   and contype <> 'n' order by 1`,
  indexes: `select schemaname || '.' || indexname || ' ' || indexdef as item from pg_indexes where schemaname in ${SCHEMAS} order by 1`,
  policies: `select schemaname || '.' || tablename || ' "' || policyname || '" ' || permissive || ' ' || array_to_string(roles, ',')
                    || ' ' || cmd || ' using(' || coalesce(qual, '') || ') check(' || coalesce(with_check, '') || ')' as item
               from pg_policies where schemaname in ${SCHEMAS} order by 1`,
  functions: `select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || pg_get_function_result(p.oid)
                     || ' definer=' || p.prosecdef || ' volatile=' || p.provolatile::text || ' config=' || coalesce(array_to_string(p.proconfig, ','), '')
                     || ' anon=' || has_function_privilege('anon', p.oid, 'execute')
                     || ' authenticated=' || has_function_privilege('authenticated', p.oid, 'execute')
                     || ' service_role=' || has_function_privilege('service_role', p.oid, 'execute')
                     || ' body=' || md5(coalesce(p.prosrc, '')) as item
                from pg_proc p join pg_namespace n on n.oid = p.pronamespace
               where n.nspname in ${SCHEMAS} and ${NOT_FROM_EXTENSION('pg_proc', 'p.oid')} order by 1`,
  triggers: `select tgrelid::regclass::text || ' ' || pg_get_triggerdef(oid) as item from pg_trigger where not tgisinternal
               and tgrelid in (select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ${SCHEMAS})
             order by 1`,
  tableGrants: `select table_schema || '.' || table_name || ' ' || grantee || ' ' || privilege_type as item
                  from information_schema.role_table_grants
                 where table_schema in ${SCHEMAS} and grantee in ('anon', 'authenticated', 'service_role') order by 1`,
  schemaGrants: `select n.nspname || ' ' || r.rolname || ' usage=' || has_schema_privilege(r.rolname, n.nspname, 'usage')
                        || ' create=' || has_schema_privilege(r.rolname, n.nspname, 'create') as item
                   from pg_namespace n cross join pg_roles r
                  where n.nspname in ${SCHEMAS} and r.rolname in ('anon', 'authenticated', 'service_role') order by 1`
};

async function items(db: Database, sql: string): Promise<string[]> {
  return (await db.query(sql)).map((r) => r.item as string);
}

describe('bootstrap + migrations + seed build the same database on PGlite and on Postgres 15', () => {
  it.each(Object.keys(catalog))('same %s', async (name) => {
    const [onPostgres, onPglite] = await Promise.all([items(postgres, catalog[name]), items(pglite.db, catalog[name])]);
    expect(onPostgres.length).toBeGreaterThan(0);
    expect(onPglite).toEqual(onPostgres);
  });

  it('same rows in every table of public and auth', async () => {
    const tables = await items(
      postgres,
      `select quote_ident(table_schema) || '.' || quote_ident(table_name) as item from information_schema.tables
        where table_schema in ('public', 'auth') and table_type = 'BASE TABLE' order by 1`
    );
    // Row counts everywhere, and the ids themselves where there is an id column.
    const summary = async (db: Database) => {
      const out: Record<string, string> = {};
      for (const table of tables) {
        const [hasId] = await db.query(
          `select count(*)::int as n from pg_attribute where attrelid = $1::regclass and attname = 'id' and not attisdropped`,
          [table]
        );
        const [row] = await db.query(
          hasId.n
            ? `select count(*)::text || ' ' || coalesce(md5(string_agg(id::text, ',' order by id::text)), '') as s from ${table}`
            : `select count(*)::text as s from ${table}`
        );
        out[table] = row.s;
      }
      return out;
    };
    const [onPostgres, onPglite] = await Promise.all([summary(postgres), summary(pglite.db)]);
    expect(onPglite).toEqual(onPostgres);
    if (SEED) expect(Number(onPostgres['public.profiles'].split(' ')[0])).toBeGreaterThan(100);
  });
});

describe('the app path on PGlite', () => {
  it('the demo cadre signs in, pulls and pushes through the stack on PGlite', async () => {
    const sb = client(pglite.url);
    const { error } = await sb.auth.signInWithPassword({ email: 'cadre@demo.local', password: DEMO_PASSWORD });
    expect(error).toBeNull();
    const pull = await sb.rpc('sync_pull', { checkpoint: null, max_rows: 50 });
    expect(pull.error).toBeNull();
    expect(pull.data.rows.length).toBeGreaterThan(0);
    // A pull that only reads leaves no transaction id behind; a second page continues from the checkpoint.
    const next = await sb.rpc('sync_pull', { checkpoint: pull.data.checkpoint, max_rows: 50 });
    expect(next.error).toBeNull();

    const push = await sb.rpc('sync_push', {
      mutations: [
        {
          mutation_id: crypto.randomUUID(),
          table: 'no_such_table',
          op: 'upsert',
          id: crypto.randomUUID(),
          patch: {},
          base_version: null
        }
      ]
    });
    expect(push.error).toBeNull();
    expect(push.data.results[0].status).toBe('rejected');
  });
});
