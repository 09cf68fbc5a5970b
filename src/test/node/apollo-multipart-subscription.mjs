// Apollo Client's HttpLink subscribing over HTTP multipart (no WebSocket link): the subscription hears a solution
// published meanwhile; a subscription that fails validation gets its coded error; an idle stream gets heartbeats.
//   node apollo-multipart-subscription.mjs <http-url> <token> <provider-id>
// Prints one line per check; exits 1 when one fails.
import assert from 'node:assert/strict';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { publishSolution, within } from './publish.mjs';

const [httpUrl, token, providerId] = process.argv.slice(2);
let heartbeats = 0;

/** fetch, counting the heartbeat parts ({}) Apollo Client itself skips, and checking the content type. */
async function countingFetch(input, init) {
  const response = await fetch(input, init);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/mixed') || !response.body) return response;
  const decoder = new TextDecoder();
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      heartbeats += (decoder.decode(chunk, { stream: true }).match(/\r\n\r\n\{\}/g) ?? []).length;
      controller.enqueue(chunk);
    },
  }));
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
}

const client = new ApolloClient({
  link: new HttpLink({ uri: httpUrl, fetch: countingFetch, headers: { Authorization: `Bearer ${token}` } }),
  cache: new InMemoryCache(),
});

// a subscription that hears a solution published while it runs
const name = `Multipart ${Date.now()}`;
const heard = new Promise((resolve, reject) => {
  const subscription = client.subscribe({ query: gql`subscription { solutionPublished { id name } }` }).subscribe({
    next: (result) => {
      if (result.data?.solutionPublished?.name === name) {
        subscription.unsubscribe();
        resolve(result.data.solutionPublished);
      }
    },
    error: reject,
  });
});
// let the stream open and idle past a heartbeat before publishing
await new Promise((resolve) => setTimeout(resolve, 2500));
await publishSolution(httpUrl, token, providerId, name);
const solution = await within(20000, heard, 'no solutionPublished over multipart');
assert.equal(solution.name, name);
console.log(`subscription heard ${solution.name} over multipart`);
assert.ok(heartbeats >= 1, `heartbeats on the idle stream: ${heartbeats}`);
console.log(`${heartbeats} heartbeat(s) on the idle stream`);

// a subscription that fails validation: its coded error, not a transport failure
const refused = await within(10000, new Promise((resolve) => {
  client.subscribe({ query: gql`subscription { solutionPublished { noSuchField } }` }).subscribe({
    next: (result) => resolve(result.error ?? result),
    error: (error) => resolve(error),
  });
}), 'no answer to an invalid subscription');
const codes = JSON.stringify(refused);
assert.match(codes, /VALIDATION_FAILED|GRAPHQL_VALIDATION_FAILED/, codes);
console.log('invalid subscription: VALIDATION_FAILED');
process.exit(0);
