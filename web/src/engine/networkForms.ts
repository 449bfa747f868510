/**
 * Networks made, removed, joined and left from the page: what a form becomes as an Engine API body
 * (POST /networks/create, /networks/{id}/connect), the mistakes caught before the engine sees them,
 * and which networks can be removed at all. No DOM, no fetch.
 */

/** The engine's own networks: bridge, host and none can never be removed. */
const BUILT_IN = new Set(['bridge', 'host', 'none']);

export function isBuiltInNetwork(name: string): boolean {
  return BUILT_IN.has(name);
}

export const BUILT_IN_REASON = 'bridge, host and none are the engine’s own networks: they cannot be removed.';

/** The drivers Porthole's proxy allows (its policy refuses macvlan, ipvlan and host-level ones). */
export const NETWORK_DRIVERS = ['bridge', 'overlay'] as const;
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number];

export interface NetworkForm {
  name: string;
  driver: NetworkDriver;
  subnet: string;
  gateway: string;
  ipRange: string;
  internal: boolean;
  attachable: boolean;
  ipv6: boolean;
  subnet6: string;
  gateway6: string;
  /** One `key=value` per line. */
  labels: string;
}

export function emptyNetworkForm(): NetworkForm {
  return { name: '', driver: 'bridge', subnet: '', gateway: '', ipRange: '', internal: false, attachable: false, ipv6: false, subnet6: '', gateway6: '', labels: '' };
}

export type NetworkField = 'name' | 'subnet' | 'gateway' | 'ipRange' | 'subnet6' | 'gateway6' | 'labels';
export type NetworkProblems = Partial<Record<NetworkField, string>>;

export interface NetworkCreateBody {
  Name: string;
  Driver: NetworkDriver;
  CheckDuplicate: boolean;
  Internal: boolean;
  Attachable: boolean;
  EnableIPv6: boolean;
  IPAM?: { Driver: 'default'; Config: { Subnet: string; Gateway?: string; IPRange?: string }[] };
  Labels: Record<string, string>;
}

// Addresses

function ipv4Number(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function isIpv4(text: string): boolean {
  return ipv4Number(text) !== null;
}

/** Loose: hex groups and colons, at most one "::"; the engine checks the rest. */
export function isIpv6(text: string): boolean {
  if (!/^[0-9a-fA-F:]+$/.test(text) || !text.includes(':')) return false;
  if ((text.match(/::/g) ?? []).length > 1) return false;
  const groups = text.split(':');
  return groups.length <= 8 && groups.every((g) => g.length <= 4);
}

interface Cidr4 {
  base: number;
  bits: number;
}

function parseCidr4(text: string): Cidr4 | null {
  const [address = '', bits = '', ...rest] = text.split('/');
  const base = ipv4Number(address);
  if (base === null || rest.length || !/^\d{1,2}$/.test(bits) || Number(bits) > 32) return null;
  return { base, bits: Number(bits) };
}

function inCidr4(cidr: Cidr4, address: number): boolean {
  const size = 2 ** (32 - cidr.bits);
  const start = Math.floor(cidr.base / size) * size;
  return address >= start && address < start + size;
}

function isCidr6(text: string): boolean {
  const [address = '', bits = '', ...rest] = text.split('/');
  return !rest.length && isIpv6(address) && /^\d{1,3}$/.test(bits) && Number(bits) <= 128;
}

/** `key=value` lines (blank lines skipped); a line without `=` is a key with an empty value. */
export function parseLabelLines(text: string): { labels: Record<string, string>; problem: string | null } {
  const labels: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const equals = line.indexOf('=');
    const key = (equals === -1 ? line : line.slice(0, equals)).trim();
    if (!key) return { labels, problem: `“${line}” has no key before the =` };
    labels[key] = equals === -1 ? '' : line.slice(equals + 1).trim();
  }
  return { labels, problem: null };
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function networkFormProblems(form: NetworkForm): NetworkProblems {
  const problems: NetworkProblems = {};
  const name = form.name.trim();
  if (!name) problems.name = 'Give the network a name.';
  else if (!NAME.test(name)) problems.name = 'Letters, digits, _ . - only, starting with a letter or digit.';
  else if (isBuiltInNetwork(name)) problems.name = `${name} is one of the engine’s own networks; pick another name.`;
  const subnet = form.subnet.trim();
  const cidr = subnet ? parseCidr4(subnet) : null;
  if (subnet && !cidr) problems.subnet = 'An IPv4 subnet in CIDR form, e.g. 10.20.0.0/24.';
  const gateway = form.gateway.trim();
  if (gateway) {
    if (!subnet) problems.gateway = 'A gateway needs a subnet.';
    else if (!isIpv4(gateway)) problems.gateway = 'An IPv4 address, e.g. 10.20.0.1.';
    else if (cidr && !inCidr4(cidr, ipv4Number(gateway) ?? -1)) problems.gateway = `${gateway} is not inside ${subnet}.`;
  }
  const range = form.ipRange.trim();
  if (range) {
    const rangeCidr = parseCidr4(range);
    if (!subnet) problems.ipRange = 'An IP range needs a subnet.';
    else if (!rangeCidr) problems.ipRange = 'A CIDR inside the subnet, e.g. 10.20.0.128/25.';
    else if (cidr && (rangeCidr.bits < cidr.bits || !inCidr4(cidr, rangeCidr.base))) problems.ipRange = `${range} is not inside ${subnet}.`;
  }
  const subnet6 = form.subnet6.trim();
  if (subnet6 && !form.ipv6) problems.subnet6 = 'Tick “IPv6” to give an IPv6 subnet.';
  else if (subnet6 && !isCidr6(subnet6)) problems.subnet6 = 'An IPv6 subnet in CIDR form, e.g. fd00:20::/64.';
  const gateway6 = form.gateway6.trim();
  if (gateway6 && !subnet6) problems.gateway6 = 'An IPv6 gateway needs an IPv6 subnet.';
  else if (gateway6 && !isIpv6(gateway6)) problems.gateway6 = 'An IPv6 address, e.g. fd00:20::1.';
  const labels = parseLabelLines(form.labels);
  if (labels.problem) problems.labels = labels.problem;
  return problems;
}

/** The body of POST /networks/create; only the pools the person gave (else the engine picks one). */
export function toNetworkCreateBody(form: NetworkForm): NetworkCreateBody {
  const pools: { Subnet: string; Gateway?: string; IPRange?: string }[] = [];
  if (form.subnet.trim()) {
    pools.push({
      Subnet: form.subnet.trim(),
      ...(form.gateway.trim() ? { Gateway: form.gateway.trim() } : {}),
      ...(form.ipRange.trim() ? { IPRange: form.ipRange.trim() } : {}),
    });
  }
  if (form.ipv6 && form.subnet6.trim()) {
    pools.push({ Subnet: form.subnet6.trim(), ...(form.gateway6.trim() ? { Gateway: form.gateway6.trim() } : {}) });
  }
  return {
    Name: form.name.trim(),
    Driver: form.driver,
    CheckDuplicate: true,
    Internal: form.internal,
    Attachable: form.attachable,
    EnableIPv6: form.ipv6,
    ...(pools.length ? { IPAM: { Driver: 'default' as const, Config: pools } } : {}),
    Labels: parseLabelLines(form.labels).labels,
  };
}

// Connect and disconnect

export interface ConnectForm {
  /** A container's name or id, or a network's when connecting from the container page. */
  target: string;
  /** Comma or space separated. */
  aliases: string;
  ipv4: string;
  ipv6: string;
}

export function emptyConnectForm(target = ''): ConnectForm {
  return { target, aliases: '', ipv4: '', ipv6: '' };
}

export interface ConnectBody {
  Container: string;
  EndpointConfig?: { Aliases?: string[]; IPAMConfig?: { IPv4Address?: string; IPv6Address?: string } };
}

export type ConnectProblems = Partial<Record<'target' | 'aliases' | 'ipv4' | 'ipv6', string>>;

export function splitAliases(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export function connectProblems(form: ConnectForm, what: 'container' | 'network'): ConnectProblems {
  const problems: ConnectProblems = {};
  if (!form.target.trim()) problems.target = `Pick a ${what}.`;
  const bad = splitAliases(form.aliases).find((alias) => !NAME.test(alias));
  if (bad) problems.aliases = `“${bad}” is not a valid name (letters, digits, _ . -).`;
  if (form.ipv4.trim() && !isIpv4(form.ipv4.trim())) problems.ipv4 = 'An IPv4 address, e.g. 10.20.0.50.';
  if (form.ipv6.trim() && !isIpv6(form.ipv6.trim())) problems.ipv6 = 'An IPv6 address, e.g. fd00:20::50.';
  return problems;
}

/** The body of POST /networks/{id}/connect for `container`. */
export function toConnectBody(container: string, form: Omit<ConnectForm, 'target'>): ConnectBody {
  const aliases = splitAliases(form.aliases);
  const ipam = {
    ...(form.ipv4.trim() ? { IPv4Address: form.ipv4.trim() } : {}),
    ...(form.ipv6.trim() ? { IPv6Address: form.ipv6.trim() } : {}),
  };
  const endpoint = {
    ...(aliases.length ? { Aliases: aliases } : {}),
    ...(Object.keys(ipam).length ? { IPAMConfig: ipam } : {}),
  };
  return { Container: container, ...(Object.keys(endpoint).length ? { EndpointConfig: endpoint } : {}) };
}

// Removal

export interface NetworkRemoval {
  id: string;
  name: string;
  /** Why it cannot or will not go (built-in, containers attached); null when it can. */
  refused: string | null;
  /** Attached containers, named. */
  attached: string[];
}

/** Which of the chosen networks can go: built-ins never, networks with containers only once they leave. */
export function planNetworkRemovals(networks: readonly { id: string; name: string; containers: readonly { name: string }[] }[]): NetworkRemoval[] {
  return networks.map((network) => {
    const attached = network.containers.map((c) => c.name);
    const refused = isBuiltInNetwork(network.name)
      ? BUILT_IN_REASON
      : attached.length
        ? `${attached.join(', ')} ${attached.length === 1 ? 'is' : 'are'} still attached: disconnect ${attached.length === 1 ? 'it' : 'them'} first (the engine refuses while a network has endpoints).`
        : null;
    return { id: network.id, name: network.name, refused, attached };
  });
}
