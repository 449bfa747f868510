// Where a phone on the LAN can open Porthole: the host's own addresses that another machine may reach
// (not loopback, not link-local, not the engine's bridges), as URLs, the most likely one first.
import type { NetworkInterfaceInfo } from 'node:os';

export interface LanUrl {
  url: string;
  address: string;
  iface: string;
}

// Bridges and veths of container engines and VMs: only this host reaches them.
const VIRTUAL = /^(docker\d*|br-[0-9a-f]+|veth|virbr|cni|flannel|cali|vxlan|podman|lxcbr|lxdbr)/;

const isPrivateV4 = (a: string): boolean => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a);
const isLinkLocal = (a: string): boolean => a.startsWith('169.254.') || /^fe[89ab][0-9a-f]:/i.test(a);

function rank(a: NetworkInterfaceInfo): number {
  if (a.family === 'IPv4') return isPrivateV4(a.address) ? 0 : 1;
  return /^f[cd]/i.test(a.address) ? 2 : 3; // unique local IPv6, then global
}

export function hostForUrl(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/**
 * The URLs a phone may open, best first. Listening on 0.0.0.0 serves IPv4 only; on "::" (or "") both; on one
 * address, that address alone (none when it is loopback).
 */
export function lanUrls(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>, listenHost: string, port: number): LanUrl[] {
  const found: (NetworkInterfaceInfo & { iface: string })[] = [];
  for (const [iface, list] of Object.entries(interfaces)) {
    if (VIRTUAL.test(iface)) continue;
    for (const a of list ?? []) if (!a.internal && !isLinkLocal(a.address)) found.push({ ...a, iface });
  }
  const any = listenHost === '' || listenHost === '::';
  const chosen = listenHost === '0.0.0.0'
    ? found.filter((a) => a.family === 'IPv4')
    : any ? found : found.filter((a) => a.address.toLowerCase() === listenHost.toLowerCase());
  const seen = new Set<string>();
  return chosen
    .sort((a, b) => rank(a) - rank(b))
    .filter((a) => !seen.has(a.address) && seen.add(a.address))
    .map((a) => ({ url: `https://${hostForUrl(a.address)}:${port}/`, address: a.address, iface: a.iface }));
}
