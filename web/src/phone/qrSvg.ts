import qrcode from 'qrcode-generator';

/** A QR code as one SVG path: `size` modules square including a 4-module quiet zone, the dark modules in `path`. */
export interface QrSvg {
  size: number;
  path: string;
}

const QUIET = 4;

/** The QR code of `text` (error correction M, the smallest version that holds it), as the start banner prints it. */
export function qrSvg(text: string): QrSvg {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  let path = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.isDark(r, c)) path += `M${c + QUIET} ${r + QUIET}h1v1h-1z`;
  }
  return { size: n + 2 * QUIET, path };
}

/**
 * The URL for the phone to open: this page's own when it is one of the LAN URLs (what the user sees works),
 * else the proxy's first LAN URL, else this page's (then it says a phone may not reach it).
 */
export function phoneTarget(urls: string[], origin: string): { url: string; lan: boolean } {
  const here = `${origin}/`;
  if (urls.includes(here)) return { url: here, lan: true };
  return urls[0] ? { url: urls[0], lan: true } : { url: here, lan: false };
}
