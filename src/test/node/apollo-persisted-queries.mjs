// Apollo Client with its persisted-query link against the registry: the first run of a query sends only its hash,
// gets PERSISTED_QUERY_NOT_FOUND, sends the query with its hash; the second run sends only the hash.
//   node apollo-persisted-queries.mjs <url> <post|get> <nonce>
// Prints every HTTP exchange (method, whether it carried the query and the hash, status, error codes, ETag) and the
// number of Themenfelder each run returned, as one JSON object.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { createHash } from 'node:crypto';

const [url, mode, nonce] = process.argv.slice(2);
const exchanges = [];

async function recordingFetch(input, init = {}) {
  const target = new URL(typeof input === 'string' ? input : input.url);
  const sent = init.body ? JSON.parse(init.body) : {
    query: target.searchParams.get('query') ?? undefined,
    extensions: JSON.parse(target.searchParams.get('extensions') ?? '{}'),
  };
  const response = await fetch(input, init);
  const received = await response.clone().json();
  exchanges.push({
    method: init.method ?? 'GET',
    query: typeof sent.query === 'string' && sent.query.length > 0,
    hash: sent.extensions?.persistedQuery?.sha256Hash ?? null,
    status: response.status,
    codes: (received.errors ?? []).map((error) => error.extensions?.code),
    messages: (received.errors ?? []).map((error) => error.message),
    etag: response.headers.get('etag'),
    cacheControl: response.headers.get('cache-control'),
  });
  return response;
}

const link = new PersistedQueryLink({
  sha256: (text) => createHash('sha256').update(text).digest('hex'),
  useGETForHashedQueries: mode === 'get',
}).concat(new HttpLink({ uri: url, fetch: recordingFetch }));
const client = new ApolloClient({ link, cache: new InMemoryCache() });
const query = gql(`query ApolloPersisted { t${nonce}: themenfelder { name } }`);
const runs = [];
for (let run = 0; run < 2; run++) {
  const result = await client.query({ query, fetchPolicy: 'network-only' });
  runs.push(result.data[`t${nonce}`].length);
}
console.log(JSON.stringify({ exchanges, runs }));
