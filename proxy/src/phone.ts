// GET /phone.json, public: what the "Add a phone" page shows before anyone logs in. Nothing new is
// revealed: every TLS handshake already presents the server certificate naming each LAN address, and
// /ca.crt is public (the fingerprint is only its SHA-256, for comparing on the phone).
import { X509Certificate } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { lanUrls } from './lan.ts';

export interface PhoneInfo {
  /** URLs a phone on the LAN may open, best first (the start banner's QR code is of the first). */
  urls: string[];
  /** The local CA, or null when the owner brought their own certificate. */
  ca: { url: string; sha256: string; subject: string } | null;
}

export function phoneInfoSource(caCert: Buffer | null, listenHost: string, port: () => number): () => PhoneInfo {
  const cert = caCert ? new X509Certificate(caCert) : null;
  const ca = cert ? { url: '/ca.crt', sha256: cert.fingerprint256, subject: cert.subject.replace(/^CN=/, '') } : null;
  // Addresses are read at each request: a laptop moves between networks while the proxy runs.
  return () => ({ urls: lanUrls(networkInterfaces(), listenHost, port()).map((u) => u.url), ca });
}
