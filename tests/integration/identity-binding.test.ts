/**
 * The identity the gateway forwards cannot be replayed: captured on its way to Công an's subgraph
 * (by a proxy standing where an attacker on the hub's network would), it is refused at another
 * subgraph, at the gateway, for another request, and once its few seconds are over.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { FORWARDED_LIFETIME_S, verifyForwardedIdentity } from '../../shared/identity';
import { districtOfficer, postGraphQL, startTestHub, type TestHub } from '../helpers/hub';

interface Captured {
  identity: string;
  requestId: string;
  body: string;
}

const captured: Captured[] = [];
let proxy: http.Server;
let hub: TestHub;

/** Stands in front of `target`, passing every request on and keeping a copy of what it carried. */
async function capturingProxy(target: string): Promise<string> {
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      captured.push({
        identity: String(req.headers['x-hub-identity'] ?? ''),
        requestId: String(req.headers['x-request-id'] ?? ''),
        body,
      });
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
      ) as Record<string, string>;
      fetch(target, { method: 'POST', headers, body }).then(
        async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(await answer.text());
        },
        () => {
          res.writeHead(502);
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
}

beforeAll(async () => {
  hub = await startTestHub({
    routeSubgraphs: async (urls) => ({ ...urls, congan: await capturingProxy(urls.congan ?? '') }),
  });
});

afterAll(async () => {
  await hub?.stop();
  await new Promise((resolve) => proxy?.close(resolve));
});

const READ = `{ commune(code: "22783") { year(year: 2020) { congan { indicator count } } } }`;

/** An identity the gateway forwarded to Công an for a district officer's request, as captured. */
async function capture(requestId: string): Promise<Captured> {
  const response = await hub.query(
    READ,
    {},
    { ...(await hub.headersFor(districtOfficer('584'))), 'x-request-id': requestId },
  );
  expect(response.body.errors).toBeUndefined();
  const found = captured.find((c) => c.requestId === requestId);
  if (!found) throw new Error(`nothing captured for ${requestId}`);
  return found;
}

const replay = (url: string, stolen: Captured, requestId = stolen.requestId) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-identity': stolen.identity, 'x-request-id': requestId },
    body: stolen.body,
  }).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  }));

const refusal = (reason: string) => ({
  status: 401,
  body: {
    errors: [
      expect.objectContaining({
        message: `the forwarded identity was refused: ${reason}`,
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ],
  },
});

it('is accepted only where and for what it was made: another subgraph, another request or the gateway refuse it', async () => {
  const stolen = await capture('capture-1');
  // Where it was going, for its own request and within its seconds, it is what the gateway sent.
  expect((await replay(hub.services.CONGAN.url, stolen)).status).toBe(200);
  expect(await replay(hub.services.YTE.url, stolen)).toEqual(
    refusal('the forwarded identity was made for another service'),
  );
  expect(await replay(hub.services.LDTBXH.url, stolen)).toEqual(
    refusal('the forwarded identity was made for another service'),
  );
  expect(await replay(hub.services.CONGAN.url, stolen, 'another-request')).toEqual(
    refusal('the forwarded identity was made for another request (x-request-id)'),
  );
  const atGateway = await postGraphQL(
    hub.gatewayUrl,
    READ,
    {},
    { 'x-hub-identity': stolen.identity, 'x-request-id': stolen.requestId },
  );
  expect([atGateway.status, atGateway.body.errors?.[0]?.extensions?.code, atGateway.body.errors?.[0]?.message]).toEqual(
    [401, 'UNAUTHENTICATED', 'the forwarded identity was made for another service'],
  );
});

it(`expires after ${FORWARDED_LIFETIME_S} s: replayed later at the very subgraph it was made for, it is refused`, async () => {
  const stolen = await capture('capture-2');
  const { exp } = JSON.parse(Buffer.from(stolen.identity.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    exp: number;
    iat: number;
  };
  // Past its expiry and the clock tolerance (2 s): waited for, not simulated.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, (exp + 3) * 1000 - Date.now())));
  expect(await replay(hub.services.CONGAN.url, stolen)).toEqual(refusal('the forwarded identity has expired'));
}, 30_000);

it('a statement claiming a longer life is refused even while it is young, and every one needs its request id', async () => {
  const key = new TextEncoder().encode(hub.internalSecret);
  const now = Math.floor(Date.now() / 1000);
  const longLived = await new SignJWT({ role: 'PUBLIC', via: 'anonymous', rid: 'r1' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('anonymous')
    .setIssuer('cfc-hub-gateway')
    .setAudience('cfc-hub:congan')
    .setJti('j1')
    .setIssuedAt(now)
    .setExpirationTime(now + 120)
    .sign(key);
  await expect(
    verifyForwardedIdentity(longLived, hub.internalSecret, { audience: 'congan', requestId: 'r1' }),
  ).rejects.toThrow(`claims a life longer than ${FORWARDED_LIFETIME_S} s`);
  const noRequest = await new SignJWT({ role: 'PUBLIC', via: 'anonymous' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('anonymous')
    .setIssuer('cfc-hub-gateway')
    .setAudience('cfc-hub:congan')
    .setJti('j2')
    .setIssuedAt(now)
    .setExpirationTime(now + 5)
    .sign(key);
  await expect(
    verifyForwardedIdentity(noRequest, hub.internalSecret, { audience: 'congan', requestId: 'r1' }),
  ).rejects.toThrow('the forwarded identity is not valid');
});
