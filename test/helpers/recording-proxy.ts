import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy that records every request it forwards: between the servers and an outside
 * system's simulator (what was really sent, duplicates included, which the simulators themselves
 * deduplicate), or in front of several servers (which one a callback reached). Bodies and
 * headers pass unchanged, so signatures over them still hold.
 */
export interface ProxiedRequest {
  /** The route's label: which target, or what the path's first segment named. */
  label: string;
  method: string;
  /** The path as forwarded (with its query). */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The target's answer (502 when it could not be reached). */
  status: number;
}

export interface Route {
  /** Base URL of where the request goes, e.g. `http://127.0.0.1:4400`. */
  target: string;
  /** The path to forward to (the request's own by default). */
  path?: string;
  label: string;
}

export interface RecordingProxy {
  url: string;
  /** Every request forwarded, in arrival order. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

const hopByHop = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'content-encoding']);

/** `route` is called once per request, in arrival order; `delayMs` holds each request that long before forwarding it. */
export async function startRecordingProxy(route: (path: string) => Route, options: { delayMs?: number } = {}): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '/';
      const method = request.method ?? 'GET';
      const where = route(path);
      const forwardPath = where.path ?? path;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) if (!hopByHop.has(name) && typeof value === 'string') headers[name] = value;
      const record: ProxiedRequest = { label: where.label, method, path: forwardPath, headers: request.headers, body, status: 0 };
      requests.push(record);
      const forward = async () => {
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        const answer = await fetch(`${where.target}${forwardPath}`, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body }) });
        const text = Buffer.from(await answer.arrayBuffer());
        record.status = answer.status;
        const answerHeaders: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!hopByHop.has(name)) answerHeaders[name] = value;
        });
        response.writeHead(answer.status, answerHeaders).end(text);
      };
      forward().catch((error: unknown) => {
        record.status = 502;
        response.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
