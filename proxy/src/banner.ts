// The start banner's phone part: every URL a phone on the LAN may open, and a QR code of the first.
import type { LanUrl } from './lan.ts';
import { qrLines, qrModules } from './qrText.ts';

export function phoneBanner(urls: LanUrl[], opts: { ansi: boolean; listenHost: string; caCert: boolean }): string[] {
  if (!urls.length) {
    return [`  Phones: no LAN address is served (listening on ${opts.listenHost}); start with --listen 0.0.0.0:PORT to open it from a phone.`];
  }
  const main = urls[0]!;
  const out = ['  Open it from a phone or another machine on the LAN:', ...urls.map((u) => `    ${u.url}  (${u.iface})`)];
  out.push('', `  Scan to open ${main.url} on a phone:`, ...qrLines(qrModules(main.url), opts).map((l) => `    ${l}`));
  if (opts.caCert) out.push(`  First install the local CA from ${main.url}ca.crt: the "Add a phone" page (login page) says how.`);
  return out;
}
