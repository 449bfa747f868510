// Renders the policy table as Markdown: docs/policy.md is this output, and a unit test keeps them equal.
// Regenerate with: npx tsx proxy/src/policyDoc.ts > docs/policy.md
import { POLICY } from './policy.ts';

export function renderPolicy(): string {
  const lines = [
    '# Policy table',
    '',
    'Generated from `proxy/src/policy.ts` (`npx tsx proxy/src/policyDoc.ts > docs/policy.md`); a unit test fails when they differ.',
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
  lines.push('', 'WebSocket routes (bridge.ts, admin only, Origin + single-use ticket): `/api/engines/NAME/containers/ID/exec`, `/api/engines/NAME/containers/ID/attach`.', '');
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(renderPolicy());
