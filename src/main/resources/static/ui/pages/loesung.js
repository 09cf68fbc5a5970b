// Solution: provider and vendor, reuse model and legal paths, Reifegrad, licence and links, adopters as list and map, history.
import { h, replace, number, date, message, dataTable } from '../dom.js';
import { gql, label, maturityText, session } from '../api.js';
import { loadShapes, mapFigure } from '../map.js';

const QUERY = `query Loesung($id: ID!) {
  solution(id: $id) {
    id name summary description reuseModel lifecycle licence repositoryUrl landingUrl standards releaseVersion legalPaths
    maturity { level model } source version createdAt updatedAt termsAndCosts contactPerson
    provider { id name } vendor { id name } ozgServices { ozgId name }
    provenance { source illustrative }
    adoptionCount liveAdoptionCount
    adoptions(first: 100) { totalCount edges { node {
      id status operatingModel legalPath confirmation { status }
      organization { id name kind designation ars population }
      statusHistory { status effectiveDate }
    } } }
    history(first: 20) { totalCount edges { node {
      version operation changedAt actorOrganization { name } actorRole changes { field from to }
    } } }
  }
}`;

export async function render(main, id) {
  let data;
  try {
    data = await gql(QUERY, { id });
  } catch (error) {
    if (error.code === 'VALIDATION_FAILED') data = { solution: null }; else throw error;
  }
  const solution = data.solution;
  if (!solution) {
    document.title = 'Lösung nicht gefunden – OZG-Registry';
    replace(main, h('h1', {}, 'Lösung nicht gefunden'), h('p', {}, h('a', { href: '/' }, 'Zur Suche')));
    return;
  }
  document.title = `${solution.name} – Lösung – OZG-Registry`;
  const adoptions = solution.adoptions.edges.map((edge) => edge.node);
  const viewer = session.viewer();
  const mapBox = h('div', { class: 'map-box' });
  const link = (url) => url ? h('a', { href: url, rel: 'noopener' }, url) : '–';

  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '/' }, 'Suche'), ' › ',
      solution.ozgServices.map((service, index) => [index ? ', ' : '', h('a', { href: `/leistung/${service.ozgId}` }, service.name)])),
    h('h1', {}, solution.name),
    h('p', { class: 'lead' }, solution.summary),
    solution.provenance.illustrative ? message('warning', 'Dieser Datensatz gehört zum Demo-Datensatz: illustrativ, nicht real.') : null,
    adoptLink(viewer, solution),
    h('section', { 'aria-labelledby': 'steckbrief' },
      h('h2', { id: 'steckbrief' }, 'Steckbrief'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Anbieter'), h('dd', {}, h('a', { href: `/organisation/${solution.provider.id}` }, solution.provider.name)),
        h('dt', {}, 'Hersteller'), h('dd', {}, solution.vendor ? h('a', { href: `/organisation/${solution.vendor.id}` }, solution.vendor.name) : '–'),
        h('dt', {}, 'Nachnutzungsmodell'), h('dd', {}, label('reuseModel', solution.reuseModel)),
        h('dt', {}, 'Rechtswege der Nachnutzung'), h('dd', {}, solution.legalPaths.map((path) => label('legalPath', path)).join(', ') || '–'),
        h('dt', {}, 'Reifegrad'), h('dd', {}, maturityText(solution.maturity)),
        h('dt', {}, 'Lebenszyklus'), h('dd', {}, label('lifecycle', solution.lifecycle)),
        h('dt', {}, 'Lizenz'), h('dd', {}, solution.licence || '–'),
        h('dt', {}, 'Version'), h('dd', {}, solution.releaseVersion || '–'),
        h('dt', {}, 'Standards'), h('dd', {}, solution.standards.join(', ') || '–'),
        h('dt', {}, 'Website'), h('dd', {}, link(solution.landingUrl)),
        h('dt', {}, 'Quellcode'), h('dd', {}, link(solution.repositoryUrl)),
        h('dt', {}, 'Konditionen'), h('dd', {}, solution.termsAndCosts || 'nur für angemeldete öffentliche Stellen sichtbar oder nicht angegeben'),
        h('dt', {}, 'Ansprechperson'), h('dd', {}, solution.contactPerson || 'nur für angemeldete öffentliche Stellen sichtbar oder nicht angegeben'),
        h('dt', {}, 'Gemeldet'), h('dd', {}, label('source', solution.source)),
        h('dt', {}, 'OZG-Leistungen'), h('dd', {}, solution.ozgServices.map((service, index) => [index ? ', ' : '', h('a', { href: `/leistung/${service.ozgId}` }, `${service.name} (${service.ozgId})`)]))),
      solution.description ? h('p', {}, solution.description) : null),
    h('section', { 'aria-labelledby': 'nutzer' },
      h('h2', { id: 'nutzer' }, `Nutzer (${number(solution.liveAdoptionCount)} live, ${number(solution.adoptionCount)} aktiv)`),
      mapBox,
      adoptions.length ? dataTable(`Übernahmen von ${solution.name}${solution.adoptions.totalCount > adoptions.length ? ` (die neuesten ${adoptions.length} von ${solution.adoptions.totalCount})` : ''}`,
        ['Organisation', 'Art', 'Status', 'seit', 'Betrieb', 'Rechtsweg', 'Anbieter bestätigt'],
        adoptions.map((adoption) => [h('a', { href: `/organisation/${adoption.organization.id}` }, adoption.organization.name),
          adoption.organization.designation || label('organizationKind', adoption.organization.kind), label('status', adoption.status),
          date(adoption.statusHistory[adoption.statusHistory.length - 1].effectiveDate),
          adoption.operatingModel ? label('operatingModel', adoption.operatingModel) : '–', adoption.legalPath ? label('legalPath', adoption.legalPath) : '–',
          adoption.confirmation ? (adoption.confirmation.status === 'CONFIRMED' ? 'bestätigt' : 'bestritten') : '–']))
        : h('p', {}, 'Noch keine Übernahmen erfasst.')),
    h('section', { 'aria-labelledby': 'historie' },
      h('h2', { id: 'historie' }, `Änderungen (${number(solution.history.totalCount)})`),
      h('ol', { class: 'history' }, solution.history.edges.map((edge) => edge.node).map((entry) => h('li', {},
        h('p', {}, h('strong', {}, `Version ${entry.version}: ${label('operation', entry.operation)}`), ` am ${date(entry.changedAt)}`,
          entry.actorOrganization ? ` durch ${entry.actorOrganization.name}` : '', entry.actorRole ? ` (${entry.actorRole.split(',').map((role) => label('role', role)).join(', ')})` : ''),
        entry.changes.length ? h('details', {}, h('summary', {}, `${entry.changes.length} Felder`),
          h('ul', {}, entry.changes.map((change) => h('li', {}, h('code', {}, change.field), `: ${change.from ?? '–'} → ${change.to ?? '–'}`)))) : null)))));

  await adoptersMap(mapBox, solution, adoptions);
}

const FIND_ORGANIZATION = `query Organisationen($name: String!) {
  organizations(filter: { name: $name }, first: 10) { edges { node { id name kind designation land { name } } } }
}`;

/**
 * How to record an adoption of this solution: a publisher goes to its own organization; an admin or a Land's
 * coordinator first chooses the organization it acts for.
 */
function adoptLink(viewer, solution) {
  if (!viewer) {
    return h('p', { class: 'hint' }, h('a', { href: '/anmelden' }, 'Melden Sie sich an'), ', um eine Übernahme dieser Lösung zu erfassen.');
  }
  if (viewer.organization && !viewer.roles.some((role) => role === 'ADMIN' || role === 'STATE_COORDINATOR')) {
    return h('p', {}, h('a', { class: 'button', href: `/organisation/${viewer.organization.id}?loesung=${solution.id}#uebernahme` },
      `Übernahme für ${viewer.organization.name} erfassen`));
  }
  const input = h('input', { id: 'fuer-organisation', type: 'text', autocomplete: 'off', required: true });
  const list = h('div', { 'aria-live': 'polite' });
  return h('form', { class: 'panel', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const found = (await gql(FIND_ORGANIZATION, { name: input.value.trim() })).organizations.edges.map((edge) => edge.node);
      replace(list, found.length ? h('ul', { class: 'choice-list', 'aria-label': 'Gefundene Organisationen' }, found.map((organization) => h('li', {},
        h('a', { href: `/organisation/${organization.id}?loesung=${solution.id}#uebernahme` },
          `Übernahme für ${organization.name} (${organization.designation || label('organizationKind', organization.kind)}${organization.land ? ', ' + organization.land.name : ''}) erfassen`))))
        : message('warning', 'Keine Organisation mit diesem Namen gefunden.'));
    } catch (error) {
      replace(list, message('error', error.message));
    }
  } },
  h('label', { for: 'fuer-organisation' }, 'Übernahme erfassen für (Name der Organisation)'),
  h('div', { class: 'search-row' }, input, h('button', { type: 'submit' }, 'Organisation suchen')), list);
}

/** Kreise with a live adopter (the Kreis itself, a Gemeinde in it, or its whole Land) and those with other active adoptions. */
async function adoptersMap(box, solution, adoptions) {
  const map = await loadShapes('kreise');
  const classes = new Map();
  const titles = new Map();
  const namesByKreis = new Map();
  for (const adoption of adoptions) {
    const ars = adoption.organization.ars;
    if (!ars || adoption.status === 'DISCONTINUED') continue;
    const live = adoption.status === 'LIVE';
    const kreise = adoption.organization.kind === 'STATE' ? map.regions.filter((region) => region.code.startsWith(ars.slice(0, 2))).map((region) => region.code)
      : adoption.organization.kind === 'FEDERAL' ? map.regions.map((region) => region.code) : [ars.slice(0, 5)];
    for (const code of kreise) {
      if (live || classes.get(code) !== 'live') classes.set(code, live ? 'live' : 'active');
      if (!namesByKreis.has(code)) namesByKreis.set(code, []);
      namesByKreis.get(code).push(`${adoption.organization.name} (${label('status', adoption.status)})`);
    }
  }
  for (const region of map.regions) {
    titles.set(region.code, `${region.name}: ${namesByKreis.has(region.code) ? namesByKreis.get(region.code).join(', ') : 'keine Übernahme'}`);
  }
  replace(box, mapFigure(map, { caption: `Wo ${solution.name} genutzt wird (nach Kreisen)`, classes, titles,
    legend: [['live', 'live genutzt'], ['active', 'geplant oder in Einführung'], ['nodata', 'keine Übernahme']] }));
}
