import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { buildProfile } from '../../src/profile/build-profile.ts';
import { REPORT_SECTIONS } from '../../src/profile/report-html.ts';
import { makeSyntheticCleanTable } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';

// Flags for a quiet, offline, throwaway browser: no GPU, no sandbox (tests may run as root), and
// no background traffic to update, sync or QUIC endpoints.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface LoadedImage {
  alt: string;
  complete: boolean;
  naturalWidth: number;
}

test('report opens offline in Chromium', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`Chromium not found at ${CHROMIUM}; install the Debian chromium package`);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'aodflow-report-'));
  const outDir = join(root, 'profile');
  await buildProfile(makeSyntheticCleanTable({ rows: 6000, sites: 4 }), {
    outDir,
    synthetic: true,
  });
  const context = await chromium.launchPersistentContext(join(root, 'user-data'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  // Chromium must exit before its user-data folder is removed.
  t.after(async () => {
    await context.close();
    rmSync(root, { recursive: true, force: true });
  });

  // Every request other than the report itself and its data URIs is recorded and aborted.
  const external: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    external.push(url);
    return route.abort();
  });

  const page = await context.newPage();
  await page.goto(pathToFileURL(join(outDir, 'report.html')).href, { waitUntil: 'load' });

  // A string expression, because this project compiles without the DOM type library.
  const images = await page.evaluate<LoadedImage[]>(`Array.from(document.images, (img) => ({
    alt: img.alt, complete: img.complete, naturalWidth: img.naturalWidth,
  }))`);
  assert.equal(images.length, 12);
  for (const image of images) {
    assert.ok(image.complete && image.naturalWidth > 0, `image not loaded: ${image.alt}`);
  }

  for (const { id, heading } of REPORT_SECTIONS) {
    const locator = page.locator(`section#${id} > h2`);
    assert.equal(await locator.textContent(), heading);
    assert.ok(await locator.isVisible(), `heading ${heading} is hidden`);
  }
  assert.ok(await page.locator('.banner').isVisible());

  // Each summary card shows its value on one line, inside the card.
  const cards = await page.evaluate<{ text: string; lines: number; overflows: boolean }[]>(
    `Array.from(document.querySelectorAll('.card .value'), (el) => ({
      text: el.textContent,
      lines: Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)),
      overflows: el.scrollWidth > el.clientWidth,
    }))`,
  );
  assert.equal(cards.length, 6);
  for (const card of cards) {
    assert.equal(card.lines, 1, `card value wraps: ${card.text}`);
    assert.equal(card.overflows, false, `card value overflows: ${card.text}`);
  }
  assert.deepEqual(external, []);

  const screenshot = join(root, 'report.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  assert.ok(statSync(screenshot).size > 10_000);
});
