// The graphql-sse client ("distinct connections" mode) against the registry:
// node sse-client.mjs <http-url> <token> <provider-id>
// Checks a query over SSE, authentication by header, the real codes of a subscription's errors (validation, an
// invalid token), keep-alive comments on an idle stream, and a subscription that hears a solution published meanwhile.
import assert from 'node:assert/strict';
import { createClient } from 'graphql-sse';
import { publishSolution, within } from './publish.mjs';

const [httpUrl, token, providerId] = process.argv.slice(2);
let keepAlives = 0;

/** fetch, counting the SSE comment lines (keep-alive) the client itself skips. */
async function countingFetch(input, init) {
  const response = await fetch(input, init);
  if (!response.body) return response;
  const decoder = new TextDecoder();
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      const text = decoder.decode(chunk, { stream: true });
      keepAlives += (text.match(/(^|\n):/g) ?? []).length;
      controller.enqueue(chunk);
    },
  }));
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function client(headers = {}) {
  return createClient({ url: httpUrl, headers, fetchFn: countingFetch, retryAttempts: 0 });
}

async function first(c, payload) {
  for await (const result of c.iterate(payload)) return result;
  return undefined;
}

{
  const result = await within(10000, first(client({ Authorization: `Bearer ${token}` }),
    { query: '{ viewer { subject } ozgServices(first: 1) { totalCount } }' }), 'query over SSE');
  assert.equal(result.errors, undefined, JSON.stringify(result));
  assert.ok(result.data.viewer.subject, JSON.stringify(result));
  assert.ok(result.data.ozgServices.totalCount > 0, JSON.stringify(result));
  console.log(`query over SSE: viewer ${result.data.viewer.subject}`);
}

for (const [headers, query, code] of [
  [{}, 'subscription { solutionPublished { noSuchField } }', 'VALIDATION_FAILED'],
  [{}, 'subscription { solutionPublished(filter: { land: "XX" }) { id } }', 'VALIDATION_FAILED'],
  [{ Authorization: 'Bearer bogus-token' }, 'subscription { solutionPublished { id } }', 'UNAUTHENTICATED'],
]) {
  const result = await within(10000, first(client(headers), { query }), query);
  assert.equal(result?.errors?.[0]?.extensions?.code, code, `${query}: ${JSON.stringify(result)}`);
  assert.ok(!JSON.stringify(result).includes('only subscriptions'), JSON.stringify(result));
  console.log(`${code}: ${result.errors[0].message}`);
}

{
  const c = client({ Authorization: `Bearer ${token}` });
  const name = `SSE client ${Date.now()}`;
  const heard = (async () => {
    for await (const result of c.iterate({ query: 'subscription { solutionPublished { name } }' })) {
      if (result.data?.solutionPublished?.name === name) return result;
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    }
    throw new Error('the subscription completed');
  })();
  const before = keepAlives;
  await within(10000, (async () => { while (keepAlives === before) await new Promise((r) => setTimeout(r, 100)); })(),
    'keep-alive comment');
  console.log(`keep-alive: ${keepAlives - before} comment(s) on the idle stream`);
  await publishSolution(httpUrl, token, providerId, name);
  await within(15000, heard, 'the published solution');
  console.log(`subscription heard: ${name}`);
  c.dispose();
}
console.log('graphql-sse client: all checks passed');
process.exit(0);
