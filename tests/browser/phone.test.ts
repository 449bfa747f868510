// "Add a phone" in Chromium at 390 px: reached from the login page (signed out) and from the header; the QR
// code, rendered by the browser, scans to the proxy's LAN URL; the fingerprint is the CA's real SHA-256.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { lanUrls } from '../../proxy/src/lan.ts';
import { screenshots } from '../support/screenshots.ts';
import { useProxyAndContext } from '../support/session.ts';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
// Served on every address, as a phone on the LAN needs; the tests still talk to 127.0.0.1.
const { proxy, context, login, reopenContext } = useProxyAndContext({ proxyArgs: ['--listen', '0.0.0.0:0'], contextOptions: PHONE });

/** SHA-256 of the CA certificate's DER, as phones show it: AB:CD:... */
function caFingerprint(): string {
  const pem = readFileSync(join(proxy().stateDir, 'tls', 'ca.crt'), 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** Draws the page's QR code SVG into a canvas, as the browser renders it, and scans the pixels. */
async function scanQr(page: Page): Promise<string | null> {
  const image = await page.getByTestId('phone-qr').evaluate(async (svg) => {
    const size = 300;
    const blob = new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' });
    const url = URL.createObjectURL(blob);
    const img = new Image(size, size);
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0, size, size);
    URL.revokeObjectURL(url);
    return { size, data: Array.from(ctx.getImageData(0, 0, size, size).data) };
  });
  return jsQR(Uint8ClampedArray.from(image.data), image.size, image.size, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

async function checkPhonePage(page: Page): Promise<void> {
  const expected = lanUrls(networkInterfaces(), '0.0.0.0', proxy().port)[0]!;
  expect(expected).toBeDefined(); // the test host has a LAN address (192.0.2.2 here)
  await page.getByTestId('phone-qr').waitFor();
  expect(await scanQr(page)).toBe(expected.url);
  expect(await page.getByTestId('phone-url').textContent()).toBe(expected.url);
  expect(await page.getByTestId('phone-ca-sha256').textContent()).toBe(caFingerprint());
  const android = await page.getByTestId('phone-android').textContent();
  expect(android).toContain('CA certificate');
  const ios = await page.getByTestId('phone-ios').textContent();
  expect(ios).toContain('Certificate Trust Settings');
  expect(ios).toContain('full trust');
  // The CA link is the same certificate the proxy serves, at the phone's address.
  const caHref = await page.getByTestId('phone-android').locator('a').first().getAttribute('href');
  expect(caHref).toBe(`${expected.url}ca.crt`);
  const served = await page.evaluate(async () => (await fetch('/ca.crt')).text());
  expect(served).toBe(readFileSync(join(proxy().stateDir, 'tls', 'ca.crt'), 'utf8'));
  // Readable at 390 px: nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

describe('Add a phone', () => {
  test('from the login page, signed out: the QR code scans to the LAN URL and the fingerprint is the CA\'s', async () => {
    const page = await context().newPage();
    await page.goto(`${proxy().origin}/#/`);
    await page.getByTestId('login-add-phone').click();
    await page.waitForURL(/#\/_phone$/);
    await checkPhonePage(page);
    // Back to the login page.
    await page.getByTestId('phone-back').click();
    await page.getByTestId('login-token').waitFor();
    await page.close();
  });

  test('from the header, signed in', async () => {
    const page = await login('#/');
    await page.getByTestId('add-phone').click();
    await page.waitForURL(/#\/_phone$/);
    await checkPhonePage(page);
    await page.getByTestId('session-role').waitFor(); // the app's header stays
    await page.close();
  });
});

screenshots(reopenContext, async (dir, suffix) => {
  const page = await login('#/');
  await page.goto(`${proxy().origin}/#/_phone`);
  await page.getByTestId('phone-qr').waitFor();
  await page.screenshot({ path: `${dir}/phone-${suffix}.png`, fullPage: true });
  await page.goto(`${proxy().origin}/#/local/images`);
  await page.getByTestId('add-phone').waitFor();
  await page.screenshot({ path: `${dir}/phone-header-${suffix}.png` });
  await page.close();
});
