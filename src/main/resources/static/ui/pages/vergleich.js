// Comparison of up to four solutions side by side (/vergleich?loesungen=<id>,<id>&leistung=<OZG-ID>&fuer=<org ID>):
// one column per solution, one row per fact. The rows "for you" come from reuseOptions for the signed-in
// organization (or the one named by ?fuer=), the same reasons the Leistung page ranks by.
import { h, replace, number, date, message } from '../dom.js';
import { gql, label, maturityText, session } from '../api.js';
import { adopterSummary, liveCount } from '../labels.js';

export const MAX_COMPARED = 4;

const SOLUTION_FIELDS = `id name summary reuseModel lifecycle licence legalPaths standards maturity { level model } source
  provider { id name contactEmail } vendor { name } termsAndCosts landingUrl repositoryUrl updatedAt
  ozgServices { ozgId name } liveAdoptionCount adopterCounts { status count }
  live: adoptions(first: 100, status: LIVE) { totalCount edges { node { operatingModel } } }`;

const REASONS = `query VergleichFuer($organization: ID!, $ozgId: Int!) {
  organization(id: $organization) { id name population }
  coveredBy(organization: $organization, ozgId: $ozgId) { organization { name } solution { name } }
  reuseOptions(organization: $organization, ozgId: $ozgId, first: 100) {
    solution { id }
    reasons { liveAdoptersInLand similarSizeAdopters populationServed legalPaths { path open via { name } } }
  }
}`;

/** Production solutions with live users first, then by live users; retired ones last. */
const LIFECYCLE_RANK = { PRODUCTION: 0, PILOT: 1, IN_DEVELOPMENT: 2, PLANNED: 3, RETIRED: 4 };

const ORDERS = {
  empfohlen: {
    text: 'Empfohlen (Produktivbetrieb mit Nutzern zuerst, eingestellte zuletzt)',
    compare: (a, b) => (a.solution.lifecycle === 'RETIRED') - (b.solution.lifecycle === 'RETIRED')
      || (liveFirst(a) - liveFirst(b))
      || (b.solution.liveAdoptionCount - a.solution.liveAdoptionCount)
      || (LIFECYCLE_RANK[a.solution.lifecycle] - LIFECYCLE_RANK[b.solution.lifecycle])
      || a.solution.name.localeCompare(b.solution.name, 'de'),
  },
  nutzer: { text: 'Live-Nutzer', compare: (a, b) => b.solution.liveAdoptionCount - a.solution.liveAdoptionCount },
  einwohner: { text: 'Versorgte Einwohner (Ihre Auswahl)', compare: (a, b) => (b.reasons ? b.reasons.populationServed : -1) - (a.reasons ? a.reasons.populationServed : -1) },
  reifegrad: { text: 'Reifegrad', compare: (a, b) => (b.solution.maturity ? b.solution.maturity.level : -1) - (a.solution.maturity ? a.solution.maturity.level : -1) },
  name: { text: 'Name', compare: (a, b) => a.solution.name.localeCompare(b.solution.name, 'de') },
};

const liveFirst = (entry) => (entry.solution.lifecycle === 'PRODUCTION' && entry.solution.liveAdoptionCount > 0 ? 0 : 1);

export async function render(main, _, params) {
  document.title = 'Lösungen vergleichen – OZG-Registry';
  const ids = [...new Set((params.get('loesungen') || '').split(',').map((id) => id.trim()).filter(Boolean))];
  if (!ids.length) {
    replace(main, h('h1', {}, 'Lösungen vergleichen'),
      h('p', {}, 'Wählen Sie auf der Seite einer OZG-Leistung bis zu vier Lösungen aus und vergleichen Sie sie hier.'),
      h('p', {}, h('a', { href: '/' }, 'Zur Suche')));
    return;
  }
  if (ids.length > MAX_COMPARED) {
    replace(main, h('h1', {}, 'Lösungen vergleichen'),
      message('error', `Es lassen sich höchstens ${MAX_COMPARED} Lösungen vergleichen; gewählt sind ${ids.length}.`));
    return;
  }
  const variables = Object.fromEntries(ids.map((id, index) => [`s${index}`, id]));
  const query = `query Vergleich(${ids.map((_, index) => `$s${index}: ID!`).join(', ')}) {
    ${ids.map((_, index) => `s${index}: solution(id: $s${index}) { ${SOLUTION_FIELDS} }`).join('\n')} }`;
  const data = await gql(query, variables);
  const solutions = ids.map((_, index) => data[`s${index}`]).filter(Boolean);
  if (!solutions.length) {
    replace(main, h('h1', {}, 'Lösungen vergleichen'), message('error', 'Keine der gewählten Lösungen ist in der Registry.'));
    return;
  }
  const missing = ids.length - solutions.length;
  const ozgId = Number(params.get('leistung')) || commonOzgService(solutions);
  const service = solutions.flatMap((solution) => solution.ozgServices).find((entry) => entry.ozgId === ozgId);
  const viewer = session.viewer();
  const organizationId = params.get('fuer') || (viewer && viewer.organization ? viewer.organization.id : null);
  const forYou = organizationId && ozgId ? await gql(REASONS, { organization: organizationId, ozgId }) : null;
  const reasons = new Map(forYou ? forYou.reuseOptions.map((option) => [option.solution.id, option.reasons]) : []);
  const entries = solutions.map((solution) => ({ solution, reasons: reasons.get(solution.id) || null }));

  const order = h('select', { id: 'sortierung' },
    Object.entries(ORDERS).map(([value, entry]) => h('option', { value }, entry.text)));
  const table = h('div');
  const draw = () => {
    const sorted = [...entries].sort(ORDERS[order.value].compare);
    replace(table, comparisonTable(sorted, forYou, service));
  };
  order.addEventListener('change', draw);

  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '/' }, 'Suche'), service ? [' › ', h('a', { href: `/leistung/${service.ozgId}` }, service.name)] : null, ' › Vergleich'),
    h('h1', {}, service ? `Lösungen für ${service.name} im Vergleich` : 'Lösungen im Vergleich'),
    missing ? message('warning', `${missing === 1 ? 'Eine gewählte Lösung ist' : `${missing} gewählte Lösungen sind`} nicht (mehr) in der Registry.`) : null,
    forYouNote(forYou, organizationId, ozgId),
    h('div', { class: 'controls no-print' }, h('label', { for: 'sortierung' }, 'Sortieren nach'), order),
    table);
  draw();
}

/** The OZG-Leistung all compared solutions share (the first one), or null. */
function commonOzgService(solutions) {
  const first = solutions[0].ozgServices.map((service) => service.ozgId);
  return first.find((ozgId) => solutions.every((solution) => solution.ozgServices.some((service) => service.ozgId === ozgId))) || null;
}

function forYouNote(forYou, organizationId, ozgId) {
  if (!organizationId) {
    return h('p', { class: 'hint' }, 'Melden Sie sich an, um zu sehen, wer die Lösungen in Ihrem Land und in Orten Ihrer Größe nutzt und welche Rechtswege Ihnen offenstehen: ',
      h('a', { href: `/anmelden?zurueck=${encodeURIComponent(location.pathname + location.search)}` }, 'Anmelden'), '.');
  }
  if (!ozgId) return h('p', { class: 'hint' }, 'Die gewählten Lösungen haben keine gemeinsame OZG-Leistung: die Angaben für Ihre Organisation fehlen deshalb.');
  if (forYou && forYou.coveredBy.length) {
    const cover = forYou.coveredBy[0];
    return message('warning', `${forYou.organization.name} ist für diese Leistung bereits abgedeckt (${cover.solution.name} über ${cover.organization.name}). Die Angaben „für Sie“ entfallen deshalb.`);
  }
  return forYou ? h('p', {}, `Angaben „für Sie“ gelten für ${forYou.organization.name} (${number(forYou.organization.population)} Einwohner).`) : null;
}

function comparisonTable(entries, forYou, service) {
  const rows = [
    ['Anbieter', (e) => e.solution.provider.name + (e.solution.vendor ? ` (Hersteller: ${e.solution.vendor.name})` : '')],
    ['Nachnutzungsmodell', (e) => label('reuseModel', e.solution.reuseModel)],
    ['Reifegrad', (e) => maturityText(e.solution.maturity)],
    ['Lebenszyklus', (e) => label('lifecycle', e.solution.lifecycle)],
    ['Live-Nutzer insgesamt', (e) => adopterSummary(e.solution.adopterCounts)],
    ['davon in Ihrem Land', (e) => forYouValue(e, forYou, (r) => number(r.liveAdoptersInLand))],
    ['Nutzer ähnlicher Größe', (e) => forYouValue(e, forYou, (r) => number(r.similarSizeAdopters))],
    ['Versorgte Einwohner', (e) => forYouValue(e, forYou, (r) => number(Math.round(r.populationServed)))],
    ['Rechtswege', (e) => legalPaths(e)],
    ['Lizenz', (e) => e.solution.licence || '–'],
    ['Standards und Schnittstellen', (e) => e.solution.standards.join(', ') || '–'],
    ['Betriebsmodelle der Nutzer', (e) => operatingModels(e.solution)],
    ['Bedingungen und Kosten', (e) => e.solution.termsAndCosts || (session.viewer() ? 'nicht angegeben' : 'nur für angemeldete Behörden sichtbar')],
    ['Kontakt', (e) => e.solution.provider.contactEmail ? h('a', { href: `mailto:${e.solution.provider.contactEmail}` }, e.solution.provider.contactEmail) : '–'],
    ['Zuletzt geändert', (e) => date(e.solution.updatedAt)],
    ['Nachnutzung', (e) => e.solution.lifecycle === 'RETIRED' ? 'eingestellt'
      : h('a', { href: `/loesung/${e.solution.id}#anfragen`, class: 'button' }, `Nachnutzung von ${e.solution.name} anfragen`)],
  ];
  // wider than a phone: the box scrolls, with the hint of tables.js
  return h('div', { class: 'table-scroll comparison' },
    h('table', {},
      h('caption', {}, service ? `Vergleich der Lösungen für ${service.name}` : 'Vergleich der Lösungen'),
      h('thead', {}, h('tr', {}, h('td', {}), entries.map((e) => h('th', { scope: 'col' },
        h('a', { href: `/loesung/${e.solution.id}` }, e.solution.name),
        e.solution.source === 'ILLUSTRATIVE' ? h('span', { class: 'illustrative' }, ' (Demo-Datensatz)') : null)))),
      h('tbody', {}, rows.map(([name, cell]) => h('tr', {}, h('th', { scope: 'row' }, name),
        entries.map((e) => h('td', {}, cell(e))))))));
}

function forYouValue(entry, forYou, format) {
  if (!forYou || forYou.coveredBy.length) return '–';
  if (entry.solution.lifecycle === 'RETIRED') return 'eingestellt';
  return entry.reasons ? format(entry.reasons) : 'keine Option für Sie';
}

/** The solution's legal paths; with an organization, which are open to it and through whom. */
function legalPaths(entry) {
  if (entry.reasons) {
    const paths = entry.reasons.legalPaths;
    if (!paths.length) return 'keine angegeben';
    return h('ul', { class: 'plain' }, paths.map((path) => h('li', {},
      `${label('legalPath', path.path)}: ${path.open ? 'offen für Sie' : 'nicht offen'}${path.open && path.via ? ` (über ${path.via.name})` : ''}`)));
  }
  return entry.solution.legalPaths.map((path) => label('legalPath', path)).join(', ') || 'keine angegeben';
}

/** How the live users run it: "Eigene Instanz: 3, Mitnutzung eines zentralen Dienstes: 12". */
function operatingModels(solution) {
  const counts = new Map();
  for (const edge of solution.live.edges) {
    const model = edge.node.operatingModel || 'UNKNOWN';
    counts.set(model, (counts.get(model) || 0) + 1);
  }
  if (!counts.size) return 'keine Live-Nutzer';
  const text = [...counts.entries()].sort((a, b) => b[1] - a[1])
    .map(([model, count]) => `${model === 'UNKNOWN' ? 'nicht angegeben' : label('operatingModel', model)}: ${number(count)}`).join(', ');
  return solution.live.totalCount > solution.live.edges.length
    ? `${text} (die ${number(solution.live.edges.length)} zuletzt erfassten von ${number(liveCount(solution.adopterCounts))})` : text;
}
