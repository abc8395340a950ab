// Finds a Chromium for Playwright: Playwright's own if installed, else Debian's /usr/bin/chromium.
// As root on Debian it installs `chromium fonts-noto-cjk` when missing (without the CJK fonts
// Chinese renders as boxes); elsewhere it stops with the exact command to run.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { chromium } from '@playwright/test';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium fonts-noto-cjk';

function playwrightOwn() {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function cjkFontsPresent() {
  try {
    return execSync('fc-list :lang=zh family', { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

/** @returns {string} the path of a Chromium executable */
export function findChromium({ install = true } = {}) {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  const own = playwrightOwn();
  if (own) return own;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = existsSync('/etc/debian_version');
  if ((!existsSync(DEBIAN_CHROMIUM) || !cjkFontsPresent()) && install && isRoot && isDebian) {
    console.log(`[chromium] installing: ${INSTALL}`);
    execSync(INSTALL, {
      stdio: 'inherit',
      shell: '/bin/bash',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    });
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  throw new Error(
    `No Chromium found for the end-to-end tests. Install one with:\n  sudo ${INSTALL}\n` +
      `or set CHROMIUM_PATH to a Chromium executable.`
  );
}

/** The launch arguments Chromium needs on a closed network, as root, without a GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(findChromium());
}
