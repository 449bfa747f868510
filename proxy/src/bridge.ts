// Exec and attach streams, bridged from WebSocket to the engine's hijacked connection.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Role } from './auth.ts';
import type { EngineTarget } from './engines.ts';
import type { RuleContext } from './rules.ts';

export interface BridgeOptions {
  engines: ReadonlyMap<string, EngineTarget>;
  rules: (engine: EngineTarget | undefined) => RuleContext;
  unsafeAllowAll: boolean;
}

export async function handleUpgrade(req: IncomingMessage, socket: Duplex, _head: Buffer, _role: Role, _opts: BridgeOptions): Promise<void> {
  const body = JSON.stringify({ error: `${req.url} is not a WebSocket route` });
  socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
}
