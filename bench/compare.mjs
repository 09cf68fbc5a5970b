// Our registry against PostGraphile v4 on the same database, same machine, same run (see bench/compare.sh, which
// sets both up). Node.js only, no packages.
//
//   node bench/compare.mjs --ours http://localhost:18085/graphql --ours-pid PID
//        --theirs http://localhost:5004/graphql --theirs-pid PID --fixtures FILE --token ADMIN_TOKEN
//        [--clients 1,16,64] [--seconds 8] [--rounds 3] [--warmup 150] [--out bench/results/compare.json]
//        [--only name,name] [--uncached http://localhost:18086/graphql --uncached-pid PID]
//
// Operations expressible in both are sent as equivalent documents (same rows, same page sizes) to both servers;
// our own (search, reuseOptions, nationalCoverage, recordAdoption) only to ours. For every operation and number of
// connections the rounds alternate between the two servers (who goes first alternates too), each run a fixed time
// with every connection sending its next request as soon as the previous one is answered. An error is an HTTP
// status other than 200, a GraphQL `errors` array or a response without data. Memory is the peak resident set
// (VmRSS) of each server's process, sampled every 100 ms during the runs; CPU is the server process's user and system
// time per answered request (what the request costs the server, whatever else runs on the machine).
import http from 'node:http';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map(a => a.trim().split(/\s+/)).map(([k, v]) => [k, v]));
const ours = { name: 'ours', url: new URL(args.ours), pid: args['ours-pid'] };
const theirs = { name: 'postgraphile', url: new URL(args.theirs), pid: args['theirs-pid'] };
// optional: a second instance of ours on the same database with its read caches off (every request executed)
const uncached = args.uncached ? { name: 'uncached', url: new URL(args.uncached), pid: args['uncached-pid'] } : null;
const connectionCounts = (args.clients ?? '1,16,64').split(',').map(Number);
const seconds = Number(args.seconds ?? 8);
const rounds = Number(args.rounds ?? 3);
const warmup = Number(args.warmup ?? 150);
const token = args.token;
const fixtures = JSON.parse(fs.readFileSync(args.fixtures, 'utf8'));
const only = args.only ? new Set(args.only.split(',')) : null;
const here = fileURLToPath(new URL('.', import.meta.url));

function post(server, agent, query, variables, headers = {}) {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = http.request(server.url, { method: 'POST', agent, headers: { ...headers,
      'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200) return reject(new Error('HTTP ' + res.statusCode + ' ' + text.slice(0, 300)));
        let json;
        try { json = JSON.parse(text); } catch (e) { return reject(new Error('not JSON: ' + text.slice(0, 300))); }
        if (json.errors) return reject(new Error(JSON.stringify(json.errors).slice(0, 300)));
        if (!json.data) return reject(new Error('no data: ' + text.slice(0, 300)));
        resolve(json.data);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The operations. Comparable ones fetch the same rows and fields from both; where the generic schema cannot express
// a field of ours (the Land of an organization as an organization), ours does the larger work.
// ---------------------------------------------------------------------------------------------------------------

const OURS_THEMENFELD = `query Themenfeld($t: Int!) { ozgServices(filter: { themenfeld: $t }, first: 100) {
  edges { node { ozgId name solutions(first: 20) { edges { node { id name liveAdoptionCount } } } } } } }`;
const THEIRS_THEMENFELD = `query Themenfeld($t: Int!) { allOzgServices(condition: { themenfeld: $t }, first: 100,
  orderBy: OZG_ID_ASC) { nodes { ozgId name solutionOzgServicesByOzgId(first: 20) { nodes { solutionBySolutionId {
  id name adoptionsBySolutionId(condition: { status: "LIVE" }) { totalCount } } } } } } }`;

const OURS_SOLUTION = `query SolutionAdopters($id: ID!) { solution(id: $id) { id name provider { id name }
  adoptions(first: 50) { edges { node { id status organization { id name ars land { name } } } } } } }`;
const THEIRS_SOLUTION = `query SolutionAdopters($id: UUID!) { solutionById(id: $id) { id name
  organizationByProviderId { id name } adoptionsBySolutionId(first: 50, orderBy: [CREATED_AT_DESC, ID_DESC]) {
  nodes { id status organizationByOrganizationId { id name ars landCode } } } } }`;

const OURS_KREIS = `query KreisAdoptions($ars: String!) { organizations(filter: { parentArs: $ars }, first: 100) {
  edges { node { id name adoptions(first: 20, status: LIVE) { edges { node { id status solution { id name } } } } } } } }`;
const THEIRS_KREIS = `query KreisAdoptions($id: UUID!) { allOrganizations(condition: { parentId: $id }, first: 100,
  orderBy: [NAME_ASC, ID_ASC]) { nodes { id name adoptionsByOrganizationId(condition: { status: "LIVE" }, first: 20,
  orderBy: [CREATED_AT_DESC, ID_DESC]) { nodes { id status solutionBySolutionId { id name } } } } } }`;

const OURS_PAGE = `query AdoptionPage($after: String) { adoptions(first: 100, after: $after) { edges { cursor node {
  id status createdAt organization { id name } solution { id name } } } pageInfo { hasNextPage endCursor } } }`;
const THEIRS_PAGE = `query AdoptionPage($after: Cursor) { allAdoptions(first: 100, after: $after,
  orderBy: [CREATED_AT_DESC, ID_DESC]) { edges { cursor node { id status createdAt organizationByOrganizationId {
  id name } solutionBySolutionId { id name } } } pageInfo { hasNextPage endCursor } } }`;

const SEARCH = `query Search($q: String!) { search(query: $q, first: 10) { totalCount edges { node { score highlight
  item { __typename ... on OzgService { ozgId name } ... on LeikaService { key name } ... on Solution { id name }
  ... on Organization { ars name } } } } } }`;
const REUSE = `query Reuse($org: ID!, $ozg: Int!) { reuseOptions(organization: $org, ozgId: $ozg, first: 5) { score
  solution { name } reasons { liveAdopters liveAdoptersInLand liveAdoptersInKreis populationServed
  legalPaths { path open } } } }`;
const COVERAGE = `query NationalCoverage($o: Int!) { coverage(ozgId: $o, level: STATE) { region { ars name }
  municipalityCount coveredMunicipalities population populationCovered populationShare flaechendeckend } }`;
const RECORD = `mutation Record($o: ID!, $s: ID!) { recordAdoption(input: { organizationId: $o, solutionId: $s,
  status: PLANNED }) { adoption { id status } } }`;

const searchQueries = fs.readFileSync(here + '../src/test/resources/search/relevance.csv', 'utf8').split('\n')
  .slice(1).filter(Boolean).map(line => line.startsWith('"') ? line.slice(1, line.indexOf('"', 1)) : line.split(',')[0]);
const auth = { authorization: 'Bearer ' + token };
let pair = 0; // recordAdoption: every call a new (Gemeinde, solution) pair, so every call succeeds

// paging: the cursors of the first 100 pages (10,000 adoptions), each system its own native cursors
async function cursors(server, query, field) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const list = [null];
  while (list.length < 100) {
    const data = await post(server, agent, query, { after: list[list.length - 1] });
    list.push(data[field].pageInfo.endCursor);
  }
  agent.destroy();
  return list;
}
const ourCursors = await cursors(ours, OURS_PAGE, 'adoptions');
const theirCursors = await cursors(theirs, THEIRS_PAGE, 'allAdoptions');

const f = fixtures;
const operations = [
  { name: 'typename', label: '`{ __typename }` (ceiling)',
    ours: () => ['{ __typename }', {}], theirs: () => ['{ __typename }', {}] },
  { name: 'themenfeld', label: 'OZG-Leistungen of a Themenfeld, solutions, adopter counts',
    ours: i => [OURS_THEMENFELD, { t: f.themenfelder[i % f.themenfelder.length] }],
    theirs: i => [THEIRS_THEMENFELD, { t: f.themenfelder[i % f.themenfelder.length] }] },
  { name: 'solutionAdopters', label: 'a solution, its provider, 50 adopters with their Land',
    ours: i => [OURS_SOLUTION, { id: f.solutions[i % f.solutions.length] }],
    theirs: i => [THEIRS_SOLUTION, { id: f.solutions[i % f.solutions.length] }] },
  { name: 'kreis', label: 'organizations of a Kreis with their live adoptions',
    ours: i => [OURS_KREIS, { ars: f.kreise[i % f.kreise.length].ars }],
    theirs: i => [THEIRS_KREIS, { id: f.kreise[i % f.kreise.length].id }] },
  { name: 'adoptionPages', label: '10,000 adoptions in pages of 100 (one page per request)',
    ours: i => [OURS_PAGE, { after: ourCursors[i % 100] }],
    theirs: i => [THEIRS_PAGE, { after: theirCursors[i % 100] }] },
  { name: 'search', label: '`search` (ours only)',
    ours: i => [SEARCH, { q: searchQueries[i % searchQueries.length] }] },
  { name: 'reuseOptions', label: '`reuseOptions` (ours only)',
    ours: i => [REUSE, { org: f.municipalities[i % f.municipalities.length], ozg: f.ozgIds[(i * 7) % f.ozgIds.length] }] },
  { name: 'nationalCoverage', label: 'national coverage of one OZG-Leistung (ours only)',
    ours: i => [COVERAGE, { o: f.ozgIds[i % f.ozgIds.length] }] },
  { name: 'recordAdoption', label: '`recordAdoption` (ours only)',
    ours: () => { const [o, s] = f.pairs[pair++ % f.pairs.length]; return [RECORD, { o, s }, auth]; } },
].filter(op => !only || only.has(op.name));

function rss(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
  } catch { return NaN; }
}

// CPU time (user + system) of a process so far, in ms (clock ticks of 10 ms)
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch { return NaN; }
}

async function run(server, make, connections, durationSeconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const messages = [];
  let errors = 0;
  let counter = 0;
  let peak = rss(server.pid);
  const sampler = setInterval(() => { peak = Math.max(peak, rss(server.pid)); }, 100);
  const cpuBefore = cpuMs(server.pid);
  const end = Date.now() + durationSeconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < end) {
      const [query, variables, headers] = make(counter++);
      const start = process.hrtime.bigint();
      try {
        await post(server, agent, query, variables, headers);
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      } catch (e) {
        errors++;
        if (messages.length < 3) messages.push(e.message);
      }
    }
  }));
  clearInterval(sampler);
  agent.destroy();
  peak = Math.max(peak, rss(server.pid));
  return { latencies, errors, messages, seconds: durationSeconds, peakRssMb: peak, cpuMs: cpuMs(server.pid) - cpuBefore };
}

function summary(runs) {
  const latencies = runs.flatMap(r => r.latencies).sort((a, b) => a - b);
  const at = p => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
  const time = runs.reduce((s, r) => s + r.seconds, 0);
  return { requests: latencies.length, errors: runs.reduce((s, r) => s + r.errors, 0),
    rps: latencies.length / time, p50: at(0.5), p99: at(0.99),
    peakRssMb: Math.max(...runs.map(r => r.peakRssMb)),
    cpuMsPerRequest: runs.reduce((s, r) => s + r.cpuMs, 0) / Math.max(1, latencies.length), messages: runs.flatMap(r => r.messages).slice(0, 3) };
}

// Warm-up: both servers, every operation, at 16 connections, in turns, for about `warmup` seconds in all.
const servers = [ours, ...(uncached ? [uncached] : []), theirs];
const documentsOf = (op, server) => op[server === theirs ? 'theirs' : 'ours'];
const slots = operations.flatMap(op => servers.filter(s => documentsOf(op, s)).map(s => [op, s]));
const warmEach = Math.max(1, warmup / slots.length);
console.error(`warm-up: ${warmup} s over ${slots.length} operation/server pairs`);
for (let pass = 0; pass < 2; pass++) {
  for (const [op, server] of slots) {
    const r = await run(server, documentsOf(op, server), 16, warmEach / 2);
    if (r.errors) console.error(`warm-up ${op.name} ${server.name}: ${r.errors} errors: ${r.messages.join(' | ')}`);
  }
}

const raw = {};
for (let round = 0; round < rounds; round++) {
  console.error(`round ${round + 1} of ${rounds}`);
  for (const op of operations) {
    for (const connections of connectionCounts) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        const make = documentsOf(op, server);
        if (!make) continue;
        const r = await run(server, make, connections, seconds);
        const key = `${op.name}|${connections}|${server.name}`;
        (raw[key] ??= []).push(r);
        if (r.errors) console.error(`${key}: ${r.errors} errors: ${r.messages.join(' | ')}`);
      }
    }
  }
}

const results = [];
for (const op of operations) {
  for (const connections of connectionCounts) {
    const row = { operation: op.name, label: op.label, connections };
    for (const server of servers) {
      const runs = raw[`${op.name}|${connections}|${server.name}`];
      if (runs) row[server.name] = summary(runs);
    }
    results.push(row);
  }
}
const ceiling = Object.fromEntries(connectionCounts.map(c =>
  [c, results.find(r => r.operation === 'typename' && r.connections === c)?.ours?.rps]));

const fmt = (n, d = 0) => Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d,
  minimumFractionDigits: d }) : '–';
const lines = [];
const u = uncached ? ' | ours, caches off req/s' : '';
lines.push(`| operation | conn. | ours req/s${u} | PostGraphile req/s | **ours / PG**${uncached ? ' | caches off / PG' : ''} `
  + `| p50 / p99 ms ours${uncached ? ' | caches off' : ''} | PostGraphile | errors ours${uncached ? ' / off' : ''} / PG `
  + `| peak RSS MB ours${uncached ? ' / off' : ''} / PG | CPU ms/req ours${uncached ? ' / off' : ''} / PG `
  + `| share of our ceiling |`);
lines.push('|---|' + '---:|'.repeat(lines[0].split(' | ').length - 1));
const ratio = (a, b) => a && b ? fmt(a.rps / b.rps, 2) : '–';
const lat = x => x ? `${fmt(x.p50, 1)} / ${fmt(x.p99, 1)}` : '–';
for (const r of results) {
  const o = r.ours, n = r.uncached, t = r.postgraphile;
  const each = f => [o, ...(uncached ? [n] : []), t].map(x => x ? f(x) : '–').join(' / ');
  lines.push(`| ${r.label} | ${r.connections} | ${fmt(o?.rps)} | ${uncached ? fmt(n?.rps) + ' | ' : ''}${t ? fmt(t.rps) : '–'} `
    + `| **${ratio(o, t)}** | ${uncached ? ratio(n, t) + ' | ' : ''}${lat(o)} | ${uncached ? lat(n) + ' | ' : ''}${lat(t)} `
    + `| ${each(x => x.errors)} | ${each(x => fmt(x.peakRssMb))} | ${each(x => fmt(x.cpuMsPerRequest, 2))} `
    + `| ${r.operation === 'typename' ? '100 %' : fmt(100 * o?.rps / ceiling[r.connections]) + ' %'} |`);
}
const table = lines.join('\n');

const date = new Date().toISOString();
const out = args.out ?? `bench/results/compare-${date.replace(/[:.]/g, '-')}.json`;
fs.mkdirSync(out.replace(/\/[^/]*$/, ''), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ date, seconds, rounds, warmup, connectionCounts, ceiling, results,
  raw: Object.fromEntries(Object.entries(raw).map(([k, runs]) => [k, runs.map(r => ({ requests: r.latencies.length,
    errors: r.errors, seconds: r.seconds, peakRssMb: r.peakRssMb, cpuMs: r.cpuMs, messages: r.messages }))])) }, null, 1));
console.log(`\n${date}: ${rounds} interleaved rounds of ${seconds} s per operation, server and connection count, `
  + `after ${warmup} s warm-up; raw results in ${out}\n`);
console.log(table);
