/**
 * Debian's Chromium for browser tests, driven by playwright-core (which
 * downloads no browser of its own), and the sandbox console opened in it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Browser,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { type Sandbox, startSandbox } from '../../src/sandbox/start-sandbox.ts';

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

export interface ConsoleBrowser {
  sandbox: Sandbox;
  browser: Browser;
  /** One 1440×900 page, not yet on the console. */
  page: Page;
  /** Closes the browser and the sandbox, and removes the data folder. */
  close(): Promise<void>;
}

export interface ConsoleBrowserOptions {
  /** Start of the temporary data folder's name, e.g. `wxc-console-`. */
  dataDirPrefix: string;
  /** How long a page step may wait before it fails. */
  stepTimeoutMs: number;
  deviceScaleFactor?: number;
}

/**
 * A silent sandbox on free ports with its own data folder, and Chromium
 * with one page for its console. Whatever started is closed again when
 * a later step fails.
 */
export async function openConsoleBrowser(
  options: ConsoleBrowserOptions,
): Promise<ConsoleBrowser> {
  const dataDir = mkdtempSync(join(tmpdir(), options.dataDirPrefix));
  let sandbox: Sandbox | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    sandbox = await startSandbox({
      port: 0,
      botPort: 0,
      dataDir,
      logLevel: 'silent',
    });
    browser = await launchChromium();
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      ...(options.deviceScaleFactor === undefined
        ? {}
        : { deviceScaleFactor: options.deviceScaleFactor }),
    });
    page.setDefaultTimeout(options.stepTimeoutMs);
    return { sandbox, browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens the console as `as` and waits for its live updates to connect. */
export async function openConsoleAs(
  page: Page,
  consoleUrl: string,
  as: string,
): Promise<void> {
  await page.goto(`${consoleUrl}/?as=${encodeURIComponent(as)}`);
  await page.locator('[data-live="open"]').waitFor();
}

/**
 * Follows the bot's authorize `link` into the sign-in popup, signs in as
 * `email` and closes the popup once it says so; returns the path the
 * popup ended on.
 */
export async function signInThroughPopup(
  page: Page,
  link: Locator,
  email: string,
): Promise<string> {
  const [signIn] = await Promise.all([
    page.waitForEvent('popup'),
    link.click(),
  ]);
  await signIn.locator(`button[value="${email}"]`).click();
  await signIn.getByText('You are authorized').waitFor();
  const path = new URL(signIn.url()).pathname;
  await signIn.close();
  return path;
}
