// Load benchmark: N concurrent clients, each sending its next request as soon as the previous one is answered, for
// a fixed time per operation after a warm-up. Node.js only, no packages. Suites: discovery (search, reuseOptions,
// gaps) and statistics (coverage, region report, timeline, top solutions); both start with { __typename }, the
// ceiling of the server, client and network. The suite heap (bench/heap.sh) instead runs everything at once: N
// clients cycling through expensive but allowed queries and --attackers clients sending the probe's 50-alias
// amplification document, and counts answers, refusals (QUERY_TOO_COMPLEX, RATE_LIMITED) and errors.
//
//   node bench/load.mjs --suite discovery|statistics|heap [--url http://localhost:8080/graphql] [--clients 32]
//        [--seconds 20] [--warmup 10] [--attackers 4]
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
const agent = new http.Agent({ keepAlive: true, maxSockets: clients + Number(args.attackers ?? 4) });

// every request gives up after a minute: a server that ran out of memory may never answer
function post(query, variables, raw = false) {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 60000 }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (raw) return resolve({ status: res.statusCode, bytes: Buffer.byteLength(text), text });
        if (res.statusCode !== 200) return reject(new Error('HTTP ' + res.statusCode + ' ' + text.slice(0, 200)));
        const json = JSON.parse(text);
        if (json.errors) return reject(new Error(JSON.stringify(json.errors).slice(0, 200)));
        resolve(json.data);
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
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
/** A past date for request i: the first of a month in the last three years (a different date for each i mod 36). */
const pastDate = i => { const d = new Date(); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() - 1 - (i % 36));
  return d.toISOString().slice(0, 10); };
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
  // the reports issue 13 names: every OZG-Leistung over five years, and the reports on a past date
  nationalTimeline: () => [`query($f: Date!) { timeline(from: $f) { date coveredMunicipalities populationCovered
    coveragePairs } }`, { f: fiveYearsAgo }],
  pastNationalReport: i => [`query($at: Date) { regionReport(at: $at) { themenfelder { themenfeld { name }
    ozgServices flaechendeckend partly none } maturity { model level solutions } } }`, { at: pastDate(i) }],
  pastCoverage: i => [`query($o: Int!, $w: String, $at: Date) { coverage(ozgId: $o, level: DISTRICT, within: $w, at: $at) {
    region { ars name } coveredMunicipalities populationShare flaechendeckend } }`,
    { o: topOzg[i % topOzg.length], w: lands[i % lands.length], at: pastDate(i) }],
  pastTopSolutions: i => [`query($at: Date, $w: String) { topSolutions(within: $w, at: $at, first: 20) { solution { name }
    liveAdopters coveredMunicipalities populationServed } }`, { at: pastDate(i), w: i % 2 ? lands[i % lands.length] : null }],
  duplication: i => [`query($at: Date) { duplicationIndex(at: $at, first: 20) { ozgService { ozgId } solutionsInUse
    providers } }`, { at: i % 2 ? pastDate(i) : null }],
} };
const operations = suites[suite];

// The probe's document (issue 11): 50 aliases of the Gemeinde-level coverage of the whole country.
const AMPLIFICATION = '{ ' + Array.from({ length: 50 }, (_, i) => `c${i}: coverage(ozgId: 10000, level: MUNICIPALITY) `
  + '{ region { ars name } coveredMunicipalities population populationCovered }').join(' ') + ' }';
const COVERAGE_FIELDS = 'region { ars name } municipalityCount coveredMunicipalities municipalityShare population '
  + 'populationCovered populationShare flaechendeckend';
// expensive but allowed: what the web front end and a coordinator's script ask for, at their largest
const EXPENSIVE = [
  i => [`query($o: Int!, $w: String) { coverage(ozgId: $o, level: MUNICIPALITY, within: $w) { ${COVERAGE_FIELDS} } }`,
    { o: ozgIds[i % ozgIds.length], w: ['07', '09', '01', '06', '05', '08', '03', '14'][i % 8] }],
  i => [`query($o: Int!) { coverage(ozgId: $o, level: DISTRICT) { ${COVERAGE_FIELDS} } }`, { o: ozgIds[i % ozgIds.length] }],
  () => [`{ solutions(first: 100) { totalCount edges { node { id name summary provider { name } vendor { name }
    ozgServices { ozgId name leikaServices { key } } adoptionCount liveAdoptionCount
    adoptions(first: 5) { edges { node { status organization { name parent { name } } statusHistory { status effectiveDate } } } }
    } } } }`, {}],
  i => [`query($q: String!) { search(query: $q, first: 40) { totalCount edges { node { highlight item { __typename
    ... on OzgService { ozgId name themenfeld { name } } ... on Solution { id name summary provider { name } }
    ... on Organization { id name kind ars } ... on LeikaService { key name } } } } facets { name values { value label count } } } }`,
    { q: queries[i % queries.length] }],
  i => [`query($o: Int!) { timeline(ozgId: $o, from: "2019-01-01") { date municipalityCount coveredMunicipalities
    municipalityShare population populationCovered populationShare coveragePairs } }`, { o: ozgIds[i % ozgIds.length] }],
];

/** Sends one request and sorts its answer into ok, refused (with the code) or error. */
async function outcome(query, variables) {
  try {
    const { status, bytes, text } = await post(query, variables, true);
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    const code = json?.errors?.[0]?.extensions?.code;
    // the request timeout answers QUERY_TOO_COMPLEX too, but after the work: counted apart from the limits
    if (/took longer than/.test(json?.errors?.[0]?.message ?? '')) return { kind: 'timeouts', code: 'timeout', bytes };
    if (status === 429 || code === 'QUERY_TOO_COMPLEX' || code === 'RATE_LIMITED') return { kind: 'refused', code, bytes };
    if (status !== 200 || !json || json.errors) return { kind: 'error', code: code ?? 'HTTP ' + status, bytes };
    return { kind: 'ok', bytes };
  } catch (e) {
    return { kind: 'error', code: e.message.slice(0, 60), bytes: 0 };
  }
}

async function heap() {
  const attackers = Number(args.attackers ?? 4);
  const stats = {};
  const end = Date.now() + seconds * 1000;
  let counter = 0;
  const loop = async (name, make) => {
    const s = stats[name] ??= { requests: 0, ok: 0, refused: 0, timeouts: 0, errors: 0, bytes: 0, latencies: [], codes: {} };
    while (Date.now() < end) {
      const [query, variables] = make(counter++);
      const start = process.hrtime.bigint();
      const r = await outcome(query, variables);
      s.latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      s.requests++; s[r.kind === 'error' ? 'errors' : r.kind]++; s.bytes += r.bytes;
      if (r.code) s.codes[r.code] = (s.codes[r.code] ?? 0) + 1;
    }
  };
  await Promise.all([
    ...Array.from({ length: clients }, (_, c) => loop('expensive', i => EXPENSIVE[(i + c) % EXPENSIVE.length](i))),
    ...Array.from({ length: attackers }, () => loop('amplification', () => [AMPLIFICATION, {}])),
  ]);
  console.log(`${clients} clients of expensive queries and ${attackers} sending the amplification document`
    + ` (${AMPLIFICATION.length} characters) for ${seconds} s, against ${url}`);
  console.log('kind            requests     ok refused timeouts errors   req/s   p50 ms   p99 ms   MB received  codes');
  for (const [name, s] of Object.entries(stats)) {
    s.latencies.sort((a, b) => a - b);
    const at = p => s.latencies.length ? s.latencies[Math.min(s.latencies.length - 1, Math.floor(p * s.latencies.length))] : NaN;
    console.log(`${name.padEnd(15)} ${String(s.requests).padStart(8)} ${String(s.ok).padStart(6)} `
      + `${String(s.refused).padStart(7)} ${String(s.timeouts).padStart(8)} ${String(s.errors).padStart(6)} ${(s.requests / seconds).toFixed(1).padStart(7)} `
      + `${at(0.5).toFixed(0).padStart(8)} ${at(0.99).toFixed(0).padStart(8)} ${(s.bytes / 1e6).toFixed(1).padStart(13)}  `
      + JSON.stringify(s.codes));
  }
}

if (suite === 'heap') {
  await heap();
  agent.destroy();
  process.exit(0);
}

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
