// The measuring half of bench/federation.sh: waits until the new node has taken over the source's feed (bootstrap,
// timed from the node's readiness), then publishes solutions on the source one at a time and times until each is
// visible on the node (polled every 10 ms).
//
//   node bench/federation.mjs --source <graphql url> --node <graphql url> --token <admin token> --entries <n>
//                             [--writes 30]
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const writes = Number(args.writes || 30);

async function gql(url, query, variables = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${args.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

const started = Date.now();
let status;
for (;;) {
  status = (await gql(args.node, '{ federation { peers { nodeId state lagEntries appliedCount lastError } } }'))
    .federation.peers.find(peer => peer.nodeId === 'source');
  if (status && status.state === 'OK' && status.lagEntries === 0) break;
  if (Date.now() - started > 1_800_000) throw new Error('no bootstrap within 30 minutes: ' + JSON.stringify(status));
  await sleep(200);
}
const bootstrap = (Date.now() - started) / 1000;
const counts = async url => (await gql(url, '{ solutions(first: 1) { totalCount } adoptions(first: 1) { totalCount } }'));
const [onSource, onNode] = [await counts(args.source), await counts(args.node)];
console.log(`bootstrap: ${args.entries} entries in ${bootstrap.toFixed(1)} s (${status.appliedCount} applied);`
  + ` solutions ${onNode.solutions.totalCount} of ${onSource.solutions.totalCount},`
  + ` adoptions ${onNode.adoptions.totalCount} of ${onSource.adoptions.totalCount}`);

const provider = (await gql(args.source, '{ organization(ars: "064110000000") { id } }')).organization.id;
const times = [];
for (let i = 0; i < writes; i++) {
  const id = (await gql(args.source, `mutation($input: PublishSolutionInput!) { publishSolution(input: $input) {
    solution { id } } }`, { input: { name: `Bench federation ${Date.now()}-${i}`, summary: 'Benchmark (synthetic)',
    providerId: provider, ozgIds: [10042], reuseModel: 'OPEN_SOURCE', lifecycle: 'PRODUCTION',
    legalPaths: ['OPEN_LICENCE'] } })).publishSolution.solution.id;
  const written = Date.now();
  for (;;) {
    if ((await gql(args.node, 'query($id: ID!) { solution(id: $id) { id } }', { id })).solution) break;
    if (Date.now() - written > 60_000) throw new Error('not visible within 60 s');
    await sleep(10);
  }
  times.push(Date.now() - written);
  await sleep(200);
}
const sorted = [...times].sort((a, b) => a - b);
const q = p => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
console.log(`write on the source visible on the node (${writes} writes): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${sorted.at(-1)} ms`);
