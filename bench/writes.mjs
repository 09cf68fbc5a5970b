// Write amplification (issue 13): how long one status transition takes when an adoption covers many Gemeinden. For
// each round a fresh solution with 3 OZG-Leistungen is published and adopted (PLANNED) by the Bund and by a Land;
// then each adoption is moved to IN_PROGRESS (which changes no coverage: the cost of the request itself), LIVE and
// DISCONTINUED, one request at a time, and each transition is timed.
//
//   node bench/writes.mjs --url http://localhost:18085/graphql --token <admin token> [--rounds 10] [--warmup 20]
//                         [--land 03]
// The warm-up rounds (the JVM compiling the request path, the database connections' first plans) are not timed; a
// server that has answered a few hundred writes is what a registry in use is (with 3 rounds, the p50 of the first
// runs on a fresh server was a third above that of later ones).
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const url = args.url || 'http://localhost:18085/graphql';
const token = args.token || process.env.OZG_ADMIN_TOKEN;
const rounds = Number(args.rounds || 10);
const warmup = Number(args.warmup ?? 20);
const landArs = `${args.land || '03'}0000000000`;
const OZG_IDS = [10160, 10124, 10145];

async function gql(query, variables = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function timed(query, variables) {
  const start = process.hrtime.bigint();
  await gql(query, variables);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const ids = await gql(`{ bund: organizations(filter: { kind: FEDERAL }, first: 1) { edges { node { id } } }
  land: organization(ars: "${landArs}") { id name } }`);
const bund = ids.bund.edges[0].node.id;
const land = ids.land.id;
const PUBLISH = `mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }`;
const RECORD = `mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { adoption { id } } }`;
const STATUS = `mutation($input: UpdateAdoptionStatusInput!) { updateAdoptionStatus(input: $input) { adoption { status } } }`;

const times = { 'Bund IN_PROGRESS': [], 'Bund LIVE': [], 'Bund DISCONTINUED': [], 'Land IN_PROGRESS': [], 'Land LIVE': [],
  'Land DISCONTINUED': [] };
for (let round = 0; round < warmup + rounds; round++) {
  const solution = (await gql(PUBLISH, { input: {
    name: `Bench writes ${Date.now()}-${round}`, summary: 'Benchmark solution (synthetic, not real)', providerId: land,
    ozgIds: OZG_IDS, reuseModel: 'OPEN_SOURCE', lifecycle: 'PRODUCTION', legalPaths: ['OPEN_LICENCE'] } })).publishSolution.solution.id;
  for (const [who, organizationId] of [['Bund', bund], ['Land', land]]) {
    const adoption = (await gql(RECORD, { input: { organizationId, solutionId: solution, status: 'PLANNED' } })).recordAdoption.adoption.id;
    // a transition that changes no coverage: what the request itself costs
    const started = await timed(STATUS, { input: { id: adoption, status: 'IN_PROGRESS' } });
    const live = await timed(STATUS, { input: { id: adoption, status: 'LIVE' } });
    const discontinued = await timed(STATUS, { input: { id: adoption, status: 'DISCONTINUED' } });
    if (round >= warmup) {
      times[`${who} IN_PROGRESS`].push(started);
      times[`${who} LIVE`].push(live);
      times[`${who} DISCONTINUED`].push(discontinued);
    }
  }
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
console.log(`| transition (${rounds} rounds after ${warmup}, 3 OZG-Leistungen, Land ${ids.land.name}) | p50 ms | p95 ms | max ms |`);
console.log('|---|---:|---:|---:|');
for (const [name, values] of Object.entries(times)) {
  console.log(`| ${name} | ${quantile(values, 0.5).toFixed(0)} | ${quantile(values, 0.95).toFixed(0)} | ${Math.max(...values).toFixed(0)} |`);
}
