// `npm test`: every suite, one after the other, then one summary line.
//   unit (vitest, src/**), database (pgTAP via pg_prove), server (vitest: sync functions,
//   local stack, sync engine under faults), end-to-end (Playwright in Chromium).
// Usage: npm test [-- --only unit,pgtap,server,e2e]
import { spawn, execSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { findChromium } from './find-chromium.mjs';

const RESULTS = '.test-results';
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

// --only unit,pgtap  or  --only=unit,pgtap
const onlyIndex = process.argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
const onlyValue =
  onlyIndex < 0
    ? null
    : process.argv[onlyIndex].startsWith('--only=')
      ? process.argv[onlyIndex].slice('--only='.length)
      : process.argv[onlyIndex + 1];
const only = onlyValue ? new Set(onlyValue.split(',')) : null;

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function ensurePostgres() {
  try {
    execSync('pg_isready -h 127.0.0.1 -p 5432', { stdio: 'ignore' });
    return;
  } catch {
    /* start it below */
  }
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/etc/postgresql')) {
    console.log('[postgres] starting the local cluster');
    execSync('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -n1) main start', {
      stdio: 'inherit',
      shell: '/bin/bash'
    });
    return;
  }
  throw new Error('PostgreSQL is not running on 127.0.0.1:5432 (the database and sync tests need it).');
}

const vitestCounts = (file) => {
  const j = readJson(file);
  if (!j) return null;
  return {
    passed: j.numPassedTests,
    failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0),
    skipped: j.numPendingTests + (j.numTodoTests ?? 0)
  };
};

const suites = [
  {
    name: 'unit',
    async run() {
      const r = await run('npx', [
        'vitest',
        'run',
        '--project',
        'unit',
        '--reporter=default',
        '--reporter=json',
        `--outputFile=${RESULTS}/unit.json`
      ]);
      return vitestCounts(`${RESULTS}/unit.json`) ?? { passed: 0, failed: 1, skipped: 0, code: r.code };
    }
  },
  {
    name: 'pgtap',
    async run() {
      ensurePostgres();
      const r = await run('node', ['scripts/run-pgtap.mjs']);
      const m = r.out.match(/pgtap: (\d+) passed, (\d+) failed/);
      if (!m) return { passed: 0, failed: 1, skipped: 0 };
      const failed = Number(m[2]) + (r.code !== 0 && Number(m[2]) === 0 ? 1 : 0);
      return { passed: Number(m[1]), failed, skipped: 0 };
    }
  },
  {
    name: 'server',
    async run() {
      ensurePostgres();
      const r = await run('npx', [
        'vitest',
        'run',
        '--project',
        'server',
        '--reporter=default',
        '--reporter=json',
        `--outputFile=${RESULTS}/server.json`
      ]);
      return vitestCounts(`${RESULTS}/server.json`) ?? { passed: 0, failed: 1, skipped: 0, code: r.code };
    }
  },
  {
    name: 'e2e',
    async run() {
      ensurePostgres();
      const chromium = findChromium();
      const r = await run('npx', ['playwright', 'test', '--reporter=list,json'], {
        CHROMIUM_PATH: chromium,
        PLAYWRIGHT_JSON_OUTPUT_NAME: `${RESULTS}/e2e.json`
      });
      const j = readJson(`${RESULTS}/e2e.json`);
      if (!j) return { passed: 0, failed: 1, skipped: 0, code: r.code };
      const s = j.stats;
      return { passed: s.expected + s.flaky, failed: s.unexpected + (j.errors?.length ?? 0), skipped: s.skipped };
    }
  }
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const suite of suites) {
  if (only && !only.has(suite.name)) continue;
  console.log(`\n===== ${suite.name} =====`);
  let c;
  try {
    c = await suite.run();
  } catch (e) {
    console.error(`[${suite.name}] ${e instanceof Error ? e.message : e}`);
    c = { passed: 0, failed: 1, skipped: 0 };
  }
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  lines.push(`  [${suite.name}] passed ${c.passed}, failed ${c.failed}${c.skipped ? `, skipped ${c.skipped}` : ''}`);
}

console.log('\n===== summary =====');
for (const l of lines) console.log(l);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
