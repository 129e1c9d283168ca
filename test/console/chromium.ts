/**
 * Debian's Chromium for browser tests, driven by playwright-core (which
 * downloads no browser of its own).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
];

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium binary, or undefined when none is installed. */
export function findChromium(): string | undefined {
  return CANDIDATES.find(
    (path): path is string => path !== undefined && existsSync(path),
  );
}

/**
 * Why browser tests cannot run here, or undefined when they can. In CI
 * a missing browser is a failure, not a skip.
 */
export function browserSkipReason(): string | undefined {
  if (findChromium() !== undefined) return undefined;
  const reason =
    'no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)';
  if (process.env.CI) throw new Error(`Browser tests need Chromium: ${reason}`);
  console.warn(`NOTICE: skipping browser tests: ${reason}`);
  return reason;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error('Chromium not found');
  return chromium.launch({ executablePath, args: ARGS });
}

/** Saves a full-page screenshot under test-results/ for a failed step. */
export async function saveFailureScreenshot(
  page: Page,
  name: string,
): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  const file = `test-results/${name.replace(/[^a-z0-9-]+/gi, '-')}.png`;
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
  console.error(`screenshot saved: ${file}`);
}
