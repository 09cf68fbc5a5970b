// Our registry against PostGraphile v4 and v5 on the same database, same machine, same run (see bench/compare.sh,
// which sets them up). Node.js only, no packages.
//
//   node bench/compare.mjs --ours http://localhost:18085/graphql --ours-pid PID
//        --theirs http://localhost:5004/graphql --theirs-pid PID --fixtures FILE --token ADMIN_TOKEN
//        [--v5 http://localhost:15005/graphql --v5-pid PID]
//        [--uncached http://localhost:18086/graphql --uncached-pid PID]
//        [--clients 1,16,64] [--seconds 8] [--rounds 3] [--warmup 150] [--out bench/results/compare.json]
//        [--only name,name] [--check] [--mixed]
//
// Operations expressible in PostGraphile are sent as equivalent documents (same rows, same page sizes) to every
// server, v4 and v5 each with documents in its own naming; our own (search, reuseOptions, nationalCoverage,
// recordAdoption) only to ours. For every operation and number of connections the rounds alternate between the
// servers (the order reverses every round), each run a fixed time with every connection sending its next request as
// soon as the previous one is answered. An error is an HTTP status other than 200, a GraphQL `errors` array or a
// response without data. Memory is the peak resident set (VmRSS) of each server's process, sampled every 100 ms during
// the runs; CPU is the server process's user and system time per answered request (what the request costs the
// server, whatever else runs on the machine).
//
// --check: sends every variable set of the comparable operations to v4 and v5 and compares their data, then exits
// (non-zero if any differs); v5's `rowId` and `solutionByRowId` are read as v4's `id` and `solutionById`, timestamps
// without trailing zeros in their fraction, cursors left out (each has its own).
// --mixed: one run per server and connection count is a mix: the four comparable reads in turn (ours also `search`,
// `reuseOptions` and national coverage), 20 % of our requests with the admin token (the response cache serves them
// compiled answers only), while a writer sends 10 writes/s (by the clock) through our API during every server's turn
// (alternately a live adoption discontinued with updateAdoptionStatus and a new one with recordAdoption); ours'
// response-cache hit rate is read from its Prometheus metrics.
import http from 'node:http';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map(a => a.trim().split(/\s+/)).map(([k, v]) => [k, v ?? true]));
// `docs` names the documents a server gets: ours, PostGraphile v4's naming or v5's
const ours = { name: 'ours', url: new URL(args.ours), pid: args['ours-pid'], docs: 'ours' };
const theirs = { name: 'postgraphile', url: new URL(args.theirs), pid: args['theirs-pid'], docs: 'theirs' };
// optional: PostGraphile v5, and a second instance of ours with its read caches off (every request executed)
const v5 = args.v5 ? { name: 'postgraphile5', url: new URL(args.v5), pid: args['v5-pid'], docs: 'v5' } : null;
const uncached = args.uncached
  ? { name: 'uncached', url: new URL(args.uncached), pid: args['uncached-pid'], docs: 'ours' } : null;
const mixed = Boolean(args.mixed);
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

// PostGraphile v5 with its "amber" preset: a column `id` is `rowId` (`id` is the Relay node ID), hence
// `solutionByRowId(rowId:)` and `ROW_ID_*` orders; the rest is named as in v4
const V5_THEMENFELD = `query Themenfeld($t: Int!) { allOzgServices(condition: { themenfeld: $t }, first: 100,
  orderBy: OZG_ID_ASC) { nodes { ozgId name solutionOzgServicesByOzgId(first: 20) { nodes { solutionBySolutionId {
  rowId name adoptionsBySolutionId(condition: { status: "LIVE" }) { totalCount } } } } } } }`;
const V5_SOLUTION = `query SolutionAdopters($id: UUID!) { solutionByRowId(rowId: $id) { rowId name
  organizationByProviderId { rowId name } adoptionsBySolutionId(first: 50, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) {
  nodes { rowId status organizationByOrganizationId { rowId name ars landCode } } } } }`;
const V5_KREIS = `query KreisAdoptions($id: UUID!) { allOrganizations(condition: { parentId: $id }, first: 100,
  orderBy: [NAME_ASC, ROW_ID_ASC]) { nodes { rowId name adoptionsByOrganizationId(condition: { status: "LIVE" },
  first: 20, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) { nodes { rowId status solutionBySolutionId { rowId name } } }
  } } }`;
const V5_PAGE = `query AdoptionPage($after: Cursor) { allAdoptions(first: 100, after: $after,
  orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) { edges { cursor node { rowId status createdAt organizationByOrganizationId {
  rowId name } solutionBySolutionId { rowId name } } } pageInfo { hasNextPage endCursor } } }`;

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
const DISCONTINUE = `mutation Discontinue($id: ID!) { updateAdoptionStatus(input: { id: $id, status: DISCONTINUED }) {
  adoption { id status } } }`;

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
const v5Cursors = v5 ? await cursors(v5, V5_PAGE, 'allAdoptions') : [];

const f = fixtures;
const operations = [
  // `sets`: how many different variable sets an operation sends (all of them in --check)
  { name: 'typename', label: '`{ __typename }` (ceiling)', sets: 1,
    ours: () => ['{ __typename }', {}], theirs: () => ['{ __typename }', {}], v5: () => ['{ __typename }', {}] },
  { name: 'themenfeld', label: 'OZG-Leistungen of a Themenfeld, solutions, adopter counts', sets: f.themenfelder.length,
    ours: i => [OURS_THEMENFELD, { t: f.themenfelder[i % f.themenfelder.length] }],
    theirs: i => [THEIRS_THEMENFELD, { t: f.themenfelder[i % f.themenfelder.length] }],
    v5: i => [V5_THEMENFELD, { t: f.themenfelder[i % f.themenfelder.length] }] },
  { name: 'solutionAdopters', label: 'a solution, its provider, 50 adopters with their Land', sets: f.solutions.length,
    ours: i => [OURS_SOLUTION, { id: f.solutions[i % f.solutions.length] }],
    theirs: i => [THEIRS_SOLUTION, { id: f.solutions[i % f.solutions.length] }],
    v5: i => [V5_SOLUTION, { id: f.solutions[i % f.solutions.length] }] },
  { name: 'kreis', label: 'organizations of a Kreis with their live adoptions', sets: f.kreise.length,
    ours: i => [OURS_KREIS, { ars: f.kreise[i % f.kreise.length].ars }],
    theirs: i => [THEIRS_KREIS, { id: f.kreise[i % f.kreise.length].id }],
    v5: i => [V5_KREIS, { id: f.kreise[i % f.kreise.length].id }] },
  { name: 'adoptionPages', label: '10,000 adoptions in pages of 100 (one page per request)', sets: 100,
    ours: i => [OURS_PAGE, { after: ourCursors[i % 100] }],
    theirs: i => [THEIRS_PAGE, { after: theirCursors[i % 100] }],
    v5: i => [V5_PAGE, { after: v5Cursors[i % 100] }] },
  { name: 'search', label: '`search` (ours only)',
    ours: i => [SEARCH, { q: searchQueries[i % searchQueries.length] }] },
  { name: 'reuseOptions', label: '`reuseOptions` (ours only)',
    ours: i => [REUSE, { org: f.municipalities[i % f.municipalities.length], ozg: f.ozgIds[(i * 7) % f.ozgIds.length] }] },
  { name: 'nationalCoverage', label: 'national coverage of one OZG-Leistung (ours only)',
    ours: i => [COVERAGE, { o: f.ozgIds[i % f.ozgIds.length] }] },
  { name: 'recordAdoption', label: '`recordAdoption` (ours only)',
    ours: () => { const [o, s] = f.pairs[pair++ % f.pairs.length]; return [RECORD, { o, s }, auth]; } },
].filter(op => !only || only.has(op.name));

// --check: v4 and v5 answer every variable set of every comparable operation with the same data
if (args.check) {
  if (!v5) throw new Error('--check needs --v5');
  // timestamps: v5 writes "2023-07-19T00:00:00.000000+00:00" where v4 writes "2023-07-19T00:00:00+00:00"
  const same = v => Array.isArray(v) ? v.map(same) : v && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'cursor' && k !== 'endCursor')
      .map(([k, x]) => [k === 'rowId' ? 'id' : k.replace(/ByRowId$/, 'ById'), same(x)]))
    : typeof v === 'string' ? v.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d*?)0*)?(?=[+-]\d\d:\d\d$|Z$)/,
      (m, time, fraction) => fraction ? `${time}.${fraction}` : time) : v;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let matched = 0, differing = 0;
  for (const op of operations.filter(op => op.theirs && op.v5)) {
    let opMatched = 0;
    for (let i = 0; i < op.sets; i++) {
      const [a, b] = [op.theirs(i), op.v5(i)];
      const [x, y] = [JSON.stringify(same(await post(theirs, agent, a[0], a[1]))),
        JSON.stringify(same(await post(v5, agent, b[0], b[1])))];
      if (x === y) { matched++; opMatched++; continue; }
      differing++;
      const at = [...x].findIndex((c, n) => c !== y[n]);
      console.log(`${op.name} ${JSON.stringify(a[1])}: v4 …${x.slice(Math.max(0, at - 80), at + 80)}…\n`
        + `  v5 …${y.slice(Math.max(0, at - 80), at + 80)}…`);
    }
    console.log(`${op.name}: ${opMatched} of ${op.sets} variable sets with the same data in v4 and v5`);
  }
  agent.destroy();
  console.log(`${matched} variable sets matched, ${differing} differ`);
  process.exit(differing ? 1 : 0);
}

// --mixed: the comparable reads in turn (ours: also its own three), every fifth request of ours with the admin
// token (signed-in requests get no answer of the engine from the response cache)
const mix = (makes, tokenEvery) => i => {
  const [query, variables] = makes[i % makes.length](Math.floor(i / makes.length));
  return [query, variables, tokenEvery && i % tokenEvery === tokenEvery - 1 ? auth : undefined];
};
const reads = operations.filter(op => op.theirs && op.name !== 'typename');
const ourReads = [...reads,
  ...operations.filter(op => ['search', 'reuseOptions', 'nationalCoverage'].includes(op.name))];
const plan = !mixed ? operations : [{ name: 'mixed', label: `mixed: ${ourReads.map(op => op.name).join(', ')} `
    + '(PostGraphile the first four), 10 writes/s', ours: mix(ourReads.map(op => op.ours), 5),
  theirs: mix(reads.map(op => op.theirs)), v5: mix(reads.map(op => op.v5)) }];

// the writer of --mixed: 10 writes/s through our API, alternately a live adoption discontinued and a new adoption
const live = [...(f.live ?? [])];
let writeCount = 0;
function nextWrite() {
  if (writeCount++ % 2 === 0) return [DISCONTINUE, { id: live.pop() }];
  const [o, s] = f.pairs[pair++ % f.pairs.length];
  return [RECORD, { o, s }];
}
function startWriter() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  const stats = { ok: 0, failed: 0, skipped: 0, messages: [] };
  let inFlight = 0;
  // paced by the clock, not by the timer's ticks: a tick that comes late (the event loop busy with the readers) sends
  // the writes that were due since, so that every server's turn gets 10 writes/s
  const start = Date.now();
  let due = 0;
  const timer = setInterval(() => {
    for (const until = Math.floor((Date.now() - start) / 100); due < until; due++) {
      if (inFlight >= 10) { stats.skipped++; continue; } // more than a second behind: this write is not sent
      const [query, variables] = nextWrite();
      inFlight++;
      post(ours, agent, query, variables, auth).then(() => stats.ok++, e => {
        stats.failed++;
        if (stats.messages.length < 3) stats.messages.push(e.message);
      }).finally(() => inFlight--);
    }
  }, 20);
  return async () => {
    clearInterval(timer);
    while (inFlight) await new Promise(r => setTimeout(r, 10));
    agent.destroy();
    return stats;
  };
}

// ours' response cache: anonymous queries answered from it (hit) or not (miss), from its Prometheus metrics
async function cacheCounts() {
  const text = await (await fetch(new URL('/actuator/prometheus', ours.url), { headers: auth })).text();
  const count = result => Number(new RegExp(
    `^ozg_response_cache_requests_total\\{[^}]*result="${result}"[^}]*\\} (\\S+)`, 'm').exec(text)?.[1]);
  return { hits: count('hit'), misses: count('miss') };
}

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

// one server's turn: in --mixed with the writer running, and for ours its response cache's hits and misses
// (and the CPU both instances of ours use meanwhile: the writes' cost, in PostGraphile's turns too)
const ourInstances = [ours, uncached].filter(Boolean);
async function turn(server, make, connections, durationSeconds) {
  const stopWriter = mixed ? startWriter() : null;
  const before = mixed && server === ours ? await cacheCounts() : null;
  const ourCpu = ourInstances.map(s => cpuMs(s.pid));
  const r = await run(server, make, connections, durationSeconds);
  if (mixed) r.oursCores = ourInstances.map((s, n) => (cpuMs(s.pid) - ourCpu[n]) / 1000 / durationSeconds);
  if (before) {
    const after = await cacheCounts();
    Object.assign(r, { cacheHits: after.hits - before.hits, cacheMisses: after.misses - before.misses });
  }
  if (stopWriter) r.writes = await stopWriter();
  return r;
}

function summary(runs) {
  const latencies = runs.flatMap(r => r.latencies).sort((a, b) => a - b);
  const at = p => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
  const time = runs.reduce((s, r) => s + r.seconds, 0);
  const sum = key => runs.reduce((s, r) => s + (key(r) ?? 0), 0);
  return { requests: latencies.length, errors: sum(r => r.errors),
    rps: latencies.length / time, p50: at(0.5), p99: at(0.99),
    peakRssMb: Math.max(...runs.map(r => r.peakRssMb)),
    cpuMsPerRequest: sum(r => r.cpuMs) / Math.max(1, latencies.length),
    ...(mixed ? { cacheHitRate: sum(r => r.cacheHits) / sum(r => r.cacheHits + r.cacheMisses),
      writesOk: sum(r => r.writes?.ok), writesFailed: sum(r => r.writes?.failed),
      writesSkipped: sum(r => r.writes?.skipped),
      oursCores: ourInstances.map((s, n) => sum(r => r.oursCores[n] * r.seconds) / time) } : {}),
    messages: [...runs.flatMap(r => r.messages), ...runs.flatMap(r => r.writes?.messages ?? [])].slice(0, 3) };
}

// Warm-up: every server, every operation, at 16 connections, in turns, for about `warmup` seconds in all.
const servers = [ours, uncached, theirs, v5].filter(Boolean);
const documentsOf = (op, server) => op[server.docs];
const slots = plan.flatMap(op => servers.filter(s => documentsOf(op, s)).map(s => [op, s]));
const warmEach = Math.max(1, warmup / slots.length);
console.error(`warm-up: ${warmup} s over ${slots.length} operation/server pairs`);
for (let pass = 0; pass < 2; pass++) {
  for (const [op, server] of slots) {
    const r = await turn(server, documentsOf(op, server), 16, warmEach / 2);
    if (r.errors) console.error(`warm-up ${op.name} ${server.name}: ${r.errors} errors: ${r.messages.join(' | ')}`);
  }
}

const raw = {};
for (let round = 0; round < rounds; round++) {
  console.error(`round ${round + 1} of ${rounds}`);
  for (const op of plan) {
    for (const connections of connectionCounts) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        const make = documentsOf(op, server);
        if (!make) continue;
        const r = await turn(server, make, connections, seconds);
        const key = `${op.name}|${connections}|${server.name}`;
        (raw[key] ??= []).push(r);
        if (r.errors || r.writes?.failed) console.error(`${key}: ${r.errors} errors, ${r.writes?.failed ?? 0} `
          + `failed writes: ${[...r.messages, ...(r.writes?.messages ?? [])].join(' | ')}`);
      }
    }
  }
}

const results = [];
for (const op of plan) {
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
const short = { ours: 'ours', uncached: 'caches off', postgraphile: 'v4', postgraphile5: 'v5' };
const present = new Set(servers.map(s => s.name));
const ratios = [['ours', 'postgraphile5'], ['uncached', 'postgraphile5'], ['ours', 'postgraphile'],
  ['uncached', 'postgraphile'], ['postgraphile5', 'postgraphile']].filter(([a, b]) => present.has(a) && present.has(b));
const names = servers.map(s => short[s.name]).join(' / ');
const columns = [
  ['operation', r => r.label], ['conn.', r => r.connections],
  ...servers.map(s => [`${short[s.name]} req/s`, r => fmt(r[s.name]?.rps)]),
  ...ratios.map(([a, b], n) => [n ? `${short[a]} / ${short[b]}` : `**${short[a]} / ${short[b]}**`,
    r => r[a] && r[b] ? (n ? '' : '**') + fmt(r[a].rps / r[b].rps, 2) + (n ? '' : '**') : '–']),
  ...servers.map(s => [`p50 / p99 ms ${short[s.name]}`,
    r => r[s.name] ? `${fmt(r[s.name].p50, 1)} / ${fmt(r[s.name].p99, 1)}` : '–']),
  [`errors ${names}`, r => servers.map(s => r[s.name]?.errors ?? '–').join(' / ')],
  [`peak RSS MB ${names}`, r => servers.map(s => fmt(r[s.name]?.peakRssMb)).join(' / ')],
  [`CPU ms/req ${names}`, r => servers.map(s => fmt(r[s.name]?.cpuMsPerRequest, 2)).join(' / ')],
  ...(mixed ? [['response-cache hits ours', r => fmt(100 * r.ours?.cacheHitRate) + ' %'],
    [`writes ok / failed / not sent (behind) during ${names}`, r => servers.map(s => r[s.name] ?
      `${r[s.name].writesOk} / ${r[s.name].writesFailed} / ${r[s.name].writesSkipped}` : '–').join(', ')],
    [`cores used by ${ourInstances.map(s => short[s.name]).join(' + ')} during ${names}`, r => servers.map(s =>
      r[s.name] ? r[s.name].oursCores.map(c => fmt(c, 2)).join(' + ') : '–').join(', ')]]
    : [['share of our ceiling', r => r.operation === 'typename' ? '100 %'
      : fmt(100 * r.ours?.rps / ceiling[r.connections]) + ' %']]),
];
const table = [`| ${columns.map(c => c[0]).join(' | ')} |`, '|---|' + '---:|'.repeat(columns.length - 1),
  ...results.map(r => `| ${columns.map(c => c[1](r)).join(' | ')} |`)].join('\n');

const date = new Date().toISOString();
const out = args.out ?? `bench/results/compare-${mixed ? 'mixed-' : ''}${date.replace(/[:.]/g, '-')}.json`;
fs.mkdirSync(out.replace(/\/[^/]*$/, ''), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ date, mixed, seconds, rounds, warmup, connectionCounts, ceiling, results,
  raw: Object.fromEntries(Object.entries(raw).map(([k, runs]) => [k, runs.map(r => ({ requests: r.latencies.length,
    errors: r.errors, seconds: r.seconds, peakRssMb: r.peakRssMb, cpuMs: r.cpuMs, messages: r.messages,
    cacheHits: r.cacheHits, cacheMisses: r.cacheMisses, writes: r.writes, oursCores: r.oursCores }))])) }, null, 1));
console.log(`\n${date}: ${rounds} interleaved rounds of ${seconds} s per operation, server and connection count, `
  + `after ${warmup} s warm-up${mixed ? ', mixed reads with 10 writes/s' : ''}; raw results in ${out}\n`);
console.log(table);
