/**
 * The gateway's HTTP client towards the subgraphs (gateway/http-client.ts), against a real HTTP
 * server on loopback: what it reads of an answer, that it keeps sockets alive, and that an aborted
 * signal, a refused connection and an answer cut off reject as `fetch` would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { subgraphHttpFetch } from '../../gateway/http-client';

let server: http.Server;
let base = '';
let connections = 0;
const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body });
      if (req.url === '/slow') return; // never answers
      if (req.url === '/cut') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"data":');
        setTimeout(() => res.destroy(), 20);
        return;
      }
      if (req.url === '/304') {
        res.writeHead(304, { etag: '"a"' });
        res.end();
        return;
      }
      res.writeHead(201, 'Made', { 'content-type': 'application/json; charset=utf-8', ETag: '"v1"' });
      res.end(JSON.stringify({ echo: body, word: 'Tư pháp' }));
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it("sends the method, headers and body, and reads the answer's status, headers by any case, text and JSON", async () => {
  const sent = JSON.stringify({ query: '{ a }', note: 'Lao động' });
  const response = await subgraphHttpFetch(`${base}/graphql`, {
    method: 'POST',
    headers: new Headers({ 'Content-Type': 'application/json', 'X-Hub-Identity': 'signed' }),
    body: sent,
  });
  expect([response.ok, response.status, response.statusText]).toEqual([true, 201, 'Made']);
  expect(response.headers.get('etag')).toBe('"v1"');
  expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
  expect(response.headers.get('x-missing')).toBeNull();
  expect(await response.json()).toEqual({ echo: sent, word: 'Tư pháp' });
  expect(await response.text()).toBe(JSON.stringify({ echo: sent, word: 'Tư pháp' }));
  const request = seen.at(-1);
  expect(request?.method).toBe('POST');
  expect(request?.headers['x-hub-identity']).toBe('signed');
  expect(request?.headers['content-length']).toBe(String(Buffer.byteLength(sent)));
  expect(request?.body).toBe(sent);
});

it('takes headers as an object or as pairs, and reads a 304 as not ok without a body', async () => {
  const fromObject = await subgraphHttpFetch(`${base}/304`, { method: 'POST', headers: { 'If-None-Match': '"a"' } });
  expect([fromObject.ok, fromObject.status, await fromObject.text()]).toEqual([false, 304, '']);
  expect(seen.at(-1)?.headers['if-none-match']).toBe('"a"');
  await subgraphHttpFetch(`${base}/graphql`, { method: 'POST', headers: [['X-Pair', 'yes']], body: '{}' });
  expect(seen.at(-1)?.headers['x-pair']).toBe('yes');
});

it('keeps the socket alive from one fetch to the next', async () => {
  await subgraphHttpFetch(`${base}/graphql`, { method: 'POST', body: '{}' });
  const before = connections;
  for (let i = 0; i < 5; i += 1) await subgraphHttpFetch(`${base}/graphql`, { method: 'POST', body: '{}' });
  expect(connections).toBe(before);
});

it("rejects with the signal's reason when it aborts, before or during the fetch", async () => {
  const during = subgraphHttpFetch(`${base}/slow`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) });
  await expect(during).rejects.toMatchObject({ name: 'TimeoutError' });
  const aborted = new AbortController();
  aborted.abort(new DOMException('gone', 'AbortError'));
  await expect(subgraphHttpFetch(`${base}/graphql`, { signal: aborted.signal })).rejects.toMatchObject({
    name: 'AbortError',
  });
});

it('rejects when the connection is refused, when the answer is cut off, and for a URL that is not HTTP', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  await expect(subgraphHttpFetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST' })).rejects.toMatchObject({
    code: 'ECONNREFUSED',
  });
  await expect(subgraphHttpFetch(`${base}/cut`, { method: 'POST', body: '{}' })).rejects.toThrow();
  await expect(subgraphHttpFetch('ftp://127.0.0.1/x')).rejects.toThrow(/http: or https:/);
});
