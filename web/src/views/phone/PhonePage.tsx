import { useQuery } from '@tanstack/solid-query';
import { For, Show, type JSX } from 'solid-js';
import type { PhoneInfo } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { phoneTarget, qrSvg } from '../../phone/qrSvg';
import { phoneOptions } from '../../queries/phone';
import '../../styles/phone.css';

/**
 * "Add a phone": a QR code of the URL a phone on the LAN opens, the local CA and its SHA-256 fingerprint,
 * and the steps on Android and iOS. Public data only, so it also opens from the login page.
 */
export default function PhonePage(props: { back: { href: string; label: string } }): JSX.Element {
  const info = useQuery(() => phoneOptions());
  return (
    <section class="page phone-page" data-testid="phone-page" aria-labelledby="phone-title">
      <div class="page-head">
        <h1 id="phone-title">Add a phone</h1>
        <div class="page-head-end">
          <a class="button button-small" href={props.back.href} data-testid="phone-back">
            {props.back.label}
          </a>
        </div>
      </div>
      <QueryBoundary query={info} loadingLabel="Asking the proxy for its addresses…">
        {(data) => <PhoneSteps info={data()} />}
      </QueryBoundary>
    </section>
  );
}

function PhoneSteps(props: { info: PhoneInfo }): JSX.Element {
  const target = () => phoneTarget(props.info.urls, window.location.origin);
  const qr = () => qrSvg(target().url);
  const caUrl = () => (props.info.ca ? new URL(props.info.ca.url, target().url).href : null);
  return (
    <>
      <div class="card">
        <h2 class="card-title">1. Scan with the phone's camera</h2>
        <svg class="phone-qr" data-testid="phone-qr" data-url={target().url} viewBox={`0 0 ${qr().size} ${qr().size}`}
          role="img" aria-label={`QR code of ${target().url}`} shape-rendering="crispEdges">
          <rect width={qr().size} height={qr().size} fill="#fff" />
          <path d={qr().path} fill="#000" />
        </svg>
        <p class="phone-url" data-testid="phone-url">{target().url}</p>
        <Show when={!target().lan}>
          <p class="notice notice-warn" role="status">
            The proxy serves no LAN address (it listens on loopback only): a phone cannot open this. Start it with --listen 0.0.0.0:9443.
          </p>
        </Show>
        <Show when={props.info.urls.length > 1}>
          <details>
            <summary>Other addresses of this machine</summary>
            <ul class="phone-urls">
              <For each={props.info.urls}>{(url) => <li class="phone-url">{url}</li>}</For>
            </ul>
          </details>
        </Show>
      </div>

      <Show
        when={props.info.ca}
        fallback={<div class="card"><p>The proxy uses your own certificate: a phone that trusts its issuer needs no extra step; go on at step 3.</p></div>}
      >
        {(ca) => (
          <div class="card">
            <h2 class="card-title">2. Trust Porthole's local CA</h2>
            <p>
              The proxy made its own certificate authority, <strong>{ca().subject}</strong>. The phone must trust it before it can open
              Porthole. Before you trust it, check that the SHA-256 fingerprint the phone shows is this one:
            </p>
            <p class="phone-fingerprint" data-testid="phone-ca-sha256">{ca().sha256}</p>
            <h3>Android (Chrome)</h3>
            <ol class="phone-steps" data-testid="phone-android">
              <li>On the phone, open <a href={caUrl()!} class="phone-url">{caUrl()}</a> (the QR code's address plus ca.crt); Chrome downloads <em>porthole-ca.crt</em>. Tap through the certificate warning once: that is what this step fixes.</li>
              <li>Open Settings › Security &amp; privacy › More security settings › Encryption &amp; credentials › Install a certificate › <strong>CA certificate</strong>, tap "Install anyway" and pick <em>porthole-ca.crt</em>.</li>
              <li>Check it under Encryption &amp; credentials › Trusted credentials › User: tap it and compare the SHA-256 fingerprint with the one above.</li>
            </ol>
            <h3>iPhone and iPad (Safari)</h3>
            <ol class="phone-steps" data-testid="phone-ios">
              <li>In Safari, open <a href={caUrl()!} class="phone-url">{caUrl()}</a> and allow the download: "Profile Downloaded".</li>
              <li>Open Settings › General › VPN &amp; Device Management, tap <em>{ca().subject}</em>, then Install (compare the SHA-256 under More Details first).</li>
              <li>
                Open Settings › General › About › <strong>Certificate Trust Settings</strong> and turn on full trust for <em>{ca().subject}</em>.
                Without this last switch Safari still refuses the certificate.
              </li>
            </ol>
          </div>
        )}
      </Show>

      <div class="card">
        <h2 class="card-title">3. Install the app</h2>
        <ol class="phone-steps">
          <li>Open <span class="phone-url">{target().url}</span> again: it loads without a warning now. Log in with your token.</li>
          <li>Android: Chrome's menu ⋮ › <strong>Install app</strong> (or Add to Home screen).</li>
          <li>iPhone: Safari's Share button › <strong>Add to Home Screen</strong>.</li>
        </ol>
        <p class="muted">The token stays on the server: the app keeps a session cookie, and shows what it last saw when the phone is offline.</p>
      </div>
    </>
  );
}
