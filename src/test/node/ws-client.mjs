// The graphql-ws client (protocol graphql-transport-ws, over the ws package) against the registry:
// node ws-client.mjs <ws-url> <http-url> <token> <provider-id>
// Checks connection_init authentication (three payload forms), the refusal of a bogus token (close 4403), the close
// of an unknown message type (4400), server pings on an idle connection (keep-alive), a subscription that hears a
// solution published meanwhile, and the real code of a subscription's argument error. Exits 1 on the first failure.
import assert from 'node:assert/strict';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { publishSolution, within } from './publish.mjs';

const [wsUrl, httpUrl, token, providerId] = process.argv.slice(2);

function client(connectionParams, on = {}) {
  return createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true, on });
}

/** The results of one operation until it completes, or the error that ended it. */
async function run(c, payload) {
  const results = [];
  try {
    for await (const result of c.iterate(payload)) results.push(result);
    return { results };
  } catch (error) {
    return { results, error };
  }
}

for (const params of [{ Authorization: `Bearer ${token}` }, { token }, { headers: { authorization: `Bearer ${token}` } }]) {
  const c = client(params);
  const { results, error } = await within(10000, run(c, { query: '{ viewer { subject } }' }), 'viewer query');
  assert.equal(error, undefined, `connection_init ${JSON.stringify(Object.keys(params))}: ${error}`);
  assert.ok(results[0]?.data?.viewer?.subject, `viewer with ${JSON.stringify(Object.keys(params))}: ${JSON.stringify(results)}`);
  await c.dispose();
  console.log(`connection_init ${Object.keys(params)[0]}: authenticated as ${results[0].data.viewer.subject}`);
}

{
  const anonymous = client({});
  const { results } = await within(10000, run(anonymous, { query: '{ viewer { subject } }' }), 'anonymous query');
  assert.equal(results[0]?.data?.viewer, null, `anonymous viewer: ${JSON.stringify(results)}`);
  await anonymous.dispose();
}

{
  let closeCode;
  const bogus = client({ Authorization: 'Bearer bogus-token' }, { closed: (event) => { closeCode = event.code; } });
  const { results, error } = await within(10000, run(bogus, { query: '{ viewer { subject } }' }), 'bogus token');
  assert.equal(results.length, 0, `a bogus token was acknowledged: ${JSON.stringify(results)}`);
  assert.ok(error, 'a bogus token ended nothing');
  assert.equal(closeCode, 4403, `close code for a bogus token: ${closeCode}`);
  await bogus.dispose();
  console.log('bogus connection_init token: closed with 4403');
}

{
  const code = await within(10000, new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'connection_ack') socket.send(JSON.stringify({ type: 'no_such_type' }));
    });
    socket.on('close', (closeCode) => resolve(closeCode));
    socket.on('error', reject);
  }), 'unknown message type');
  assert.equal(code, 4400, `close code for an unknown message type: ${code}`);
  console.log('unknown message type: closed with 4400');
}

{
  const c = client({ Authorization: `Bearer ${token}` });
  const { results, error } = await within(10000,
    run(c, { query: 'subscription { solutionPublished(filter: { land: "XX" }) { id } }' }), 'argument error');
  const errors = error ?? results.flatMap((r) => r.errors ?? []);
  assert.ok(Array.isArray(errors) && errors.length > 0, `no error for land XX: ${JSON.stringify({ results, error })}`);
  assert.equal(errors[0].extensions?.code, 'VALIDATION_FAILED', JSON.stringify(errors));
  assert.equal(errors[0].extensions?.field, 'filter.land', JSON.stringify(errors));
  await c.dispose();
  console.log(`subscription argument error: ${errors[0].extensions.code} on ${errors[0].extensions.field}`);
}

{
  let pings = 0;
  let acknowledged;
  const acked = new Promise((resolve) => { acknowledged = resolve; });
  const c = client({ Authorization: `Bearer ${token}` }, {
    connected: () => acknowledged(),
    ping: (received) => { if (received) pings += 1; },
  });
  const name = `WS client ${Date.now()}`;
  const heard = new Promise((resolve, reject) => {
    c.subscribe({ query: 'subscription { solutionPublished { name } }' }, {
      next: (result) => { if (result.data?.solutionPublished?.name === name) resolve(result); },
      error: reject,
      complete: () => reject(new Error('the subscription completed')),
    });
  });
  await within(10000, acked, 'connection_ack');
  // idle until the server's keep-alive ping arrives (the test's interval is short)
  await within(10000, (async () => { while (pings === 0) await new Promise((r) => setTimeout(r, 100)); })(), 'server ping');
  console.log(`keep-alive: ${pings} server ping(s) on the idle connection`);
  await publishSolution(httpUrl, token, providerId, name);
  await within(15000, heard, 'the published solution');
  console.log(`subscription heard: ${name}`);
  await c.dispose();
}
console.log('graphql-ws client: all checks passed');
process.exit(0);
