// Load benchmark: N concurrent clients, each sending its next request as soon as the previous one is answered, for
// a fixed time per operation after a warm-up. Node.js only, no packages. Suites: discovery (search, reuseOptions,
// gaps) and statistics (coverage, region report, timeline, top solutions); both start with { __typename }, the
// ceiling of the server, client and network.
//
//   node bench/load.mjs --suite discovery|statistics [--url http://localhost:8080/graphql] [--clients 32]
//        [--seconds 20] [--warmup 10]
//
// Prints, per operation, requests, errors, throughput and latency percentiles (ms).
import http from 'node:http';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map(a => a.trim().split(/\s+/)).map(([k, v]) => [k, v]));
const url = new URL(args.url ?? 'http://localhost:8080/graphql');
const clients = Number(args.clients ?? 32);
const seconds = Number(args.seconds ?? 20);
const warmup = Number(args.warmup ?? 10);
const suite = args.suite ?? 'discovery';
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });

function post(query, variables) {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200) return reject(new Error('HTTP ' + res.statusCode + ' ' + text.slice(0, 200)));
        const json = JSON.parse(text);
        if (json.errors) return reject(new Error(JSON.stringify(json.errors).slice(0, 200)));
        resolve(json.data);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const here = fileURLToPath(new URL('.', import.meta.url));
const queries = fs.readFileSync(here + '../src/test/resources/search/relevance.csv', 'utf8').split('\n').slice(1)
  .filter(Boolean).map(line => line.startsWith('"') ? line.slice(1, line.indexOf('"', 1)) : line.split(',')[0]);

const SEARCH = `query($q: String!) { search(query: $q, first: 10) { totalCount edges { node { score highlight
  item { __typename ... on OzgService { ozgId name } ... on LeikaService { key name } ... on Solution { id name }
  ... on Organization { ars name } } } } } }`;
const REUSE = `query($org: ID!, $ozg: Int!) { reuseOptions(organization: $org, ozgId: $ozg, first: 5) { score
  solution { name } reasons { liveAdopters liveAdoptersInLand liveAdoptersInKreis populationServed
  legalPaths { path open } } } }`;
const GAPS = `query($org: ID!) { gaps(organization: $org, first: 20) { totalCount edges { node {
  ozgService { ozgId name } optionCount bestOption { score solution { name } } } } } }`;

const orgs = [];
for (const land of suite === 'discovery' ? ['06', '07', '10', '05', '09'] : []) {
  const data = await post(`query($land: String) { organizations(filter: { kind: MUNICIPALITY, land: $land }, first: 40)
    { edges { node { id } } } }`, { land });
  orgs.push(...data.organizations.edges.map(e => e.node.id));
}
const solutions = await post('{ solutions(first: 100) { edges { node { ozgServices { ozgId } } } } }');
const ozgIds = [...new Set(solutions.solutions.edges.flatMap(e => e.node.ozgServices.map(o => o.ozgId)))];
// the top OZG-Leistungen and Länder are fetched above for the statistics suite

const topOzg = suite === 'statistics'
  ? (await post('{ duplicationIndex(first: 20) { ozgService { ozgId } } }')).duplicationIndex.map(e => e.ozgService.ozgId)
  : [];
const lands = ['01', '03', '05', '06', '07', '08', '09', '12', '14', '16'];
const fiveYearsAgo = new Date(Date.now() - 5 * 365 * 86400000).toISOString().slice(0, 10);
const suites = { discovery: {
  // the ceiling: the cheapest possible request through the same server, client and network
  typename: () => ['{ __typename }', {}],
  search: i => [SEARCH, { q: queries[i % queries.length] }],
  reuseOptions: i => [REUSE, { org: orgs[i % orgs.length], ozg: ozgIds[(i * 7) % ozgIds.length] }],
  gaps: i => [GAPS, { org: orgs[(i * 13) % orgs.length] }],
}, statistics: {
  typename: () => ['{ __typename }', {}],
  nationalCoverage: i => [`query($o: Int!) { coverage(ozgId: $o, level: STATE) { region { ars name }
    municipalityCount coveredMunicipalities population populationCovered populationShare flaechendeckend } }`,
    { o: topOzg[i % topOzg.length] }],
  kreisCoverage: i => [`query($o: Int!, $w: String) { coverage(ozgId: $o, level: DISTRICT, within: $w) {
    region { ars name } coveredMunicipalities populationShare flaechendeckend } }`,
    { o: topOzg[i % topOzg.length], w: lands[i % lands.length] }],
  regionReport: i => [`query($w: String) { regionReport(within: $w) { themenfelder { themenfeld { name }
    ozgServices flaechendeckend partly none } maturity { model level solutions } } }`, { w: lands[i % lands.length] }],
  timeline: i => [`query($o: Int!, $f: Date!) { timeline(ozgId: $o, from: $f) { date coveredMunicipalities
    populationCovered } }`, { o: topOzg[i % topOzg.length], f: fiveYearsAgo }],
  topSolutions: i => [`query($by: SolutionRanking) { topSolutions(by: $by, first: 20) { solution { name }
    liveAdopters coveredMunicipalities populationServed } }`, { by: i % 2 ? 'POPULATION' : 'ADOPTERS' }],
} };
const operations = suites[suite];

async function run(name, make, durationSeconds) {
  const latencies = [];
  let errors = 0;
  let counter = 0;
  const end = Date.now() + durationSeconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (Date.now() < end) {
      const [query, variables] = make(counter++);
      const start = process.hrtime.bigint();
      try {
        await post(query, variables);
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      } catch (e) {
        errors++;
        if (errors <= 3) console.error(name, e.message);
      }
    }
  }));
  latencies.sort((a, b) => a - b);
  const at = p => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
  return { name, requests: latencies.length, errors, rps: latencies.length / durationSeconds,
    p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

console.log(`${clients} clients, ${seconds} s per operation after ${warmup} s warm-up, against ${url}`);
console.log('operation     requests errors   req/s    p50 ms   p95 ms   p99 ms');
for (const [name, make] of Object.entries(operations)) {
  await run(name, make, warmup);
  const r = await run(name, make, seconds);
  console.log(`${name.padEnd(13)} ${String(r.requests).padStart(8)} ${String(r.errors).padStart(6)} `
    + `${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} `
    + `${r.p99.toFixed(1).padStart(8)}`);
}
agent.destroy();
