// Renders the route table and the Engine API policy as Markdown: docs/policy.md is this output, and a unit
// test keeps them equal. Regenerate with: npx tsx proxy/src/policyDoc.ts > docs/policy.md
import { POLICY } from './policy.ts';
import { ROUTES, type Deadline, type Route } from './routes.ts';

const TRANSPORT = { http: 'HTTP', websocket: 'WebSocket', hijack: 'Upgrade (tcp, h2c)' } as const;
const DEADLINE: Record<Deadline, string> = {
  local: 'answered from the proxy',
  engine: 'engine: 120 s, or none for long answers',
  registry: 'registry: 20 s a hop, 32 MiB',
  stream: 'open until either side or the login ends',
};

function body(r: Route): string {
  if (r.body === 'none') return 'none';
  if (r.body === 'json') return `JSON ≤ ${(r.maxBody ?? 0) / 1024} KiB: \`${r.shape ?? ''}\``;
  return r.transport === 'http' ? 'by the Engine API row: JSON ≤ 1 MiB (--max-json-body), tar ≤ 16 GiB' : 'by the Engine API row: JSON ≤ 64 KiB';
}

function renderRoutes(): string[] {
  const lines = [
    '## Routes of the proxy',
    '',
    'Every request is matched against these rows first (narrow above broad;',
    '`fallback` rows only when no other row has the path); the proxy serves nothing else. A path served with another',
    'method is 405 with the methods it takes. `anyone` needs no login; `viewer` needs either token or a session of',
    'either; `admin` the admin token or its session. Without credentials every `viewer` and `admin` row answers the',
    'same 401 `not logged in`; a viewer on an `admin` row gets 403. Before a caller is known, headers and body must',
    'arrive within 10 s; after, an upload is cut only after 2 minutes without progress. Browser guards on top: a cookie',
    'session\'s state-changing request needs `X-Porthole: 1` (and a same Origin when sent); every WebSocket needs',
    'the same Origin and a fresh single-use ticket from `POST /auth/ticket`.',
    '',
    '| method | path | transport | who | body | limits | example | why |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of ROUTES) {
    const who = r.fallback ? `${r.access} (fallback)` : r.access;
    const cells = [r.method, `\`${r.path.replace(/\|/g, '\\|')}\``, TRANSPORT[r.transport], who, body(r), DEADLINE[r.deadline], `\`${r.example}\``, r.needs ? `${r.why}; ${r.needs}` : r.why];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return [...lines, ''];
}

export function renderPolicy(): string {
  const lines = [
    '# Policy table',
    '',
    'Generated from `proxy/src/routes.ts` and `proxy/src/policy.ts` (`npx tsx proxy/src/policyDoc.ts > docs/policy.md`); a unit test fails when they differ.',
    '',
    ...renderRoutes(),
    '## Engine API',
    '',
    'The `engineApi` and `cliStream` routes above hand every Engine API call to this table.',
    'Paths are matched whole, after normalisation and without the `/vX.Y` prefix. Anything not listed is refused (403),',
    'a listed path with another method is 405. `viewer` rows are open to both tokens; `admin` rows only to the admin token.',
    'Body rules are in `proxy/src/rules.ts` and described in [security.md](security.md).',
    '',
    '| method | path | role | checks | why |',
    '|---|---|---|---|---|',
  ];
  for (const r of POLICY) {
    const checks = [
      r.body && `body: ${r.body}`,
      r.query && `query: ${r.query}`,
      r.rawBody && 'streamed body (size cap)',
      r.dockerfile && 'Dockerfile judged (no ADD of URLs)',
      r.stream && 'long answer (headers at once, no timeout)',
      r.hijack && 'docker CLI stream (Upgrade: tcp, bearer token)',
      r.createsExec && 'created by the proxy (session marker; only such execs start)',
      r.refused && `always refused: ${r.refused}`,
      r.registryAuth && 'stored registry credentials attached',
      r.rejudgeBinds && 'bind sources resolved again',
      r.entersContainer && 'not into containers Porthole would not create',
      r.viewerNotInteractive && 'viewer: not for stdin-open containers',
    ].filter(Boolean);
    lines.push(`| ${r.method} | \`${r.path.replace(/\|/g, '\\|')}\` | ${r.role} | ${checks.join('; ')} | ${r.why} |`);
  }
  lines.push('');
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(renderPolicy());
