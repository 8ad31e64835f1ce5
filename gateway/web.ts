/**
 * The gateway's web pages, beside the graph on the same port: the dashboard at `/` (its files at
 * `/assets/…`) and the integrator's explorer (GraphiQL, bundled: it works offline) when a browser
 * opens `/graphql`. Both are static files built from `dashboard/` into `dist/dashboard/`; they are
 * clients of the one graph (`POST /graphql`) and have no endpoint of their own.
 *
 * `POST /graphql`, and a `GET /graphql` that carries a query or does not ask for HTML, are left to
 * the GraphQL endpoint exactly as before.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Scripts and styles only from the hub itself; data only from its own graph. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // uPlot and GraphiQL set element styles from script.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const ASSET = /^\/assets\/([A-Za-z0-9_.-]+)$/;

/** True when a GET of /graphql comes from a browser's address bar (HTML wanted, no operation). */
export function wantsExplorer(req: IncomingMessage, url: URL): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (url.searchParams.has('query') || url.searchParams.has('extensions')) return false;
  return String(req.headers.accept ?? '').includes('text/html');
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  requestId: string,
  immutable: boolean,
): Promise<boolean> {
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return false;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-request-id': requestId,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

function notBuilt(res: ServerResponse, requestId: string): true {
  res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'x-request-id': requestId });
  res.end('The dashboard is not built: run `npm run build` (npm start does).\n');
  return true;
}

/**
 * The route handler for `startHttpServer({ routes })`: serves the built dashboard from `dir`
 * (normally dist/dashboard). Answers true when it handled the request.
 */
export function webRoutes(
  dir: string,
): (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string) => Promise<boolean> {
  return async (req, res, url, requestId) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname === '/' || url.pathname === '/index.html') {
      return (await sendFile(req, res, path.join(dir, 'index.html'), requestId, false)) || notBuilt(res, requestId);
    }
    if (url.pathname === '/graphql') {
      if (!wantsExplorer(req, url)) return false;
      return (await sendFile(req, res, path.join(dir, 'explorer.html'), requestId, false)) || notBuilt(res, requestId);
    }
    const asset = ASSET.exec(url.pathname);
    if (asset?.[1] && !asset[1].startsWith('.'))
      return sendFile(req, res, path.join(dir, 'assets', asset[1]), requestId, true);
    if (url.pathname === '/favicon.svg') return sendFile(req, res, path.join(dir, 'favicon.svg'), requestId, false);
    return false;
  };
}
