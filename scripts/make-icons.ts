/**
 * Renders the web app's PNG icons from the SVGs in web/public/icons/ with Debian's Chromium (the
 * PNGs are committed; run this again after changing a drawing): `npx tsx scripts/make-icons.ts`.
 * Sizes: 192 and 512 for the manifest (Chromium's install criteria), a maskable 512 whose
 * drawing keeps inside the safe zone, and 180 for iOS's home screen.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '#test/e2e/harness';

const dir = fileURLToPath(new URL('../web/public/icons/', import.meta.url));
const jobs = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'apple-touch-icon.png', size: 180 },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (const job of jobs) {
    const page = await browser.newPage({ viewport: { width: job.size, height: job.size } });
    const svg = fs.readFileSync(`${dir}${job.svg}`, 'utf8');
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${job.size}" height="${job.size}" `)}</body></html>`,
    );
    await page.screenshot({ path: `${dir}${job.png}`, omitBackground: true });
    await page.close();
    console.log(`${job.png} (${job.size}×${job.size})`);
  }
} finally {
  await browser.close();
}
