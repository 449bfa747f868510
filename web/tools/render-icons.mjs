// Renders public/favicon.svg into the PNG icons the web manifest lists.
// Run once after editing the logo: node web/tools/render-icons.mjs
// Uses the system Chromium through playwright-core (no browser download).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));
const svg = await readFile(`${publicDir}favicon.svg`, 'utf8');
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

// Maskable icons are cropped to a circle of 80% of their size: the logo sits inside it
// on a full-bleed background. Apple touch icons get an opaque background (iOS shows black).
const icons = [
  { file: 'icon-192.png', size: 192, scale: 1, background: null },
  { file: 'icon-512.png', size: 512, scale: 1, background: null },
  { file: 'icon-maskable-512.png', size: 512, scale: 0.74, background: '#0b2239' },
  { file: 'apple-touch-icon.png', size: 180, scale: 0.86, background: '#0b2239' },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const logo = Math.round(icon.size * icon.scale);
    await page.setContent(`<!doctype html><html><body style="margin:0;width:${icon.size}px;height:${icon.size}px;
      display:grid;place-items:center;background:${icon.background ?? 'transparent'}">
      <img src="${dataUrl}" width="${logo}" height="${logo}"></body></html>`);
    await page.waitForFunction(() => document.images[0]?.complete);
    const png = await page.screenshot({ omitBackground: icon.background === null });
    await writeFile(`${publicDir}${icon.file}`, png);
    await page.close();
    console.log(`wrote public/${icon.file}`);
  }
} finally {
  await browser.close();
}
