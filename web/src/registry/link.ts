/**
 * The Link header registries page with: `</v2/_catalog?last=b&n=100>; rel="next"`. The target
 * is relative to the request URL (RFC 8288), so it is resolved against it.
 */

interface LinkValue {
  target: string;
  rels: string[];
}

function parseLinks(header: string): LinkValue[] {
  const links: LinkValue[] = [];
  const pattern = /<([^>]*)>((?:\s*;\s*[^;,]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const match of header.matchAll(pattern)) {
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    links.push({ target: match[1] ?? '', rels });
  }
  return links;
}

/** The absolute URL of the next page, or null when there is none. */
export function nextLink(header: string | null | undefined, requestUrl: string): string | null {
  if (!header) return null;
  const next = parseLinks(header).find((link) => link.rels.includes('next'));
  if (!next) return null;
  try {
    return new URL(next.target, requestUrl).toString();
  } catch {
    return null;
  }
}
