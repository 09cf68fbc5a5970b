// Solution: provider and vendor, reuse model and legal paths, Reifegrad, licence and links, its Nutzer and other
// adopters (all of them, paged, filtered by Land and status) with a Kreis map from the API's per-Kreis use, history.
import { h, replace, number, percent, date, message, dataTable, tableAlternative } from '../dom.js';
import { gql, label, maturityText, session } from '../api.js';
import { loadShapes, mapFigure, coverageClass } from '../map.js';
import { adoptionStatus, adopterCount, adopterSummary, nutzer, otherAdopters, term, glossary } from '../labels.js';
import { findOrganizations, organizationLabel } from '../organizations.js';
import { requestSection } from '../reuse.js';

const COUNTS = 'adopterCounts { status count }';

const QUERY = `query Loesung($id: ID!, $viewer: ID, $signedIn: Boolean!) {
  solution(id: $id) {
    id name summary description reuseModel lifecycle licence repositoryUrl landingUrl standards releaseVersion legalPaths
    maturity { level model } source version createdAt updatedAt termsAndCosts contactPerson
    provider { id name } vendor { id name } ozgServices { ozgId name }
    provenance { source illustrative }
    liveAdoptionCount ${COUNTS}
    laender: useByRegion(level: STATE) { code liveAdopters ${COUNTS} }
    kreise: useByRegion(level: DISTRICT) { code region { name } liveAdopters ${COUNTS} municipalityCount coveredMunicipalities municipalityShare }
    history(first: 20) { totalCount edges { node {
      version operation changedAt actorOrganization { name } actorRole changes { field from to }
    } } }
  }
  laender: organizations(filter: { kind: STATE }, first: 16) { edges { node { ars name } } }
  viewerOrganization: organization(id: $viewer) @include(if: $signedIn) { ars contactEmail land { ars } }
}`;

/** One page of the adopters, in the API's order (most recently recorded first). */
const ADOPTERS = `query Uebernahmen($id: ID!, $land: String, $status: AdoptionStatus, $after: String) {
  solution(id: $id) { adoptions(first: 100, after: $after, land: $land, status: $status) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      id status operatingModel legalPath confirmation { status }
      organization { id name kind designation ars land { name } }
      statusHistory { status effectiveDate }
    } }
  } }
}`;

export async function render(main, id) {
  const viewer = session.viewer();
  const viewerId = viewer && viewer.organization ? viewer.organization.id : null;
  let data;
  try {
    data = await gql(QUERY, { id, viewer: viewerId, signedIn: Boolean(viewerId) });
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
  const mapBox = h('div', { class: 'map-box' });
  const adoptersBox = h('div', { class: 'adopters-list' });
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
        h('dt', {}, term('nachnutzungsmodell')), h('dd', {}, label('reuseModel', solution.reuseModel)),
        h('dt', {}, term('rechtsweg', 'Rechtswege der Nachnutzung')), h('dd', {}, solution.legalPaths.map((path) => label('legalPath', path)).join(', ') || '–'),
        h('dt', {}, term('reifegrad')), h('dd', {}, maturityText(solution.maturity)),
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
    requestSection(solution, data.viewerOrganization),
    h('section', { 'aria-labelledby': 'nutzer' },
      h('h2', { id: 'nutzer' }, 'Nutzer: ', h('span', { id: 'nutzer-zahl' }, number(solution.liveAdoptionCount))),
      h('p', { id: 'nutzer-text' }, `${nutzer(solution.liveAdoptionCount)}: Organisationen, die ${solution.name} live einsetzen.`,
        otherAdopters(solution.adopterCounts) ? ` Außerdem ${otherAdopters(solution.adopterCounts)}.` : ''),
      mapBox,
      adoptersBox),
    h('section', { 'aria-labelledby': 'historie' },
      h('h2', { id: 'historie' }, `Änderungen (${number(solution.history.totalCount)})`),
      h('ol', { class: 'history' }, solution.history.edges.map((edge) => edge.node).map((entry) => h('li', {},
        h('p', {}, h('strong', {}, `Version ${entry.version}: ${label('operation', entry.operation)}`), ` am ${date(entry.changedAt)}`,
          entry.actorOrganization ? ` durch ${entry.actorOrganization.name}` : '', entry.actorRole ? ` (${entry.actorRole.split(',').map((role) => label('role', role)).join(', ')})` : ''),
        entry.changes.length ? h('details', {}, h('summary', {}, `${entry.changes.length} Felder`),
          h('ul', {}, entry.changes.map((change) => h('li', {}, h('code', {}, change.field), `: ${change.from ?? '–'} → ${change.to ?? '–'}`)))) : null)))));

  await Promise.all([adoptersMap(mapBox, solution), adopterList(adoptersBox, solution, data.laender.edges.map((edge) => edge.node), viewerLand(data.viewerOrganization))]);
}

/** The 2-digit code of the viewer's Land, if the viewer's organization belongs to one. */
function viewerLand(organization) {
  const ars = organization && (organization.land ? organization.land.ars : organization.ars);
  const code = ars ? ars.slice(0, 2) : null;
  return code && code >= '01' && code <= '16' ? code : '';
}

/**
 * Every adopter, filtered by Land (preselected with the viewer's) and status, 100 per page with "Weitere laden".
 * The counts in the choices are the API's (useByRegion, adopterCounts), so they equal the list's totals.
 */
async function adopterList(box, solution, laender, ownLand) {
  const byLand = new Map(solution.laender.map((use) => [use.code, use]));
  const land = h('select', { id: 'filter-land' },
    h('option', { value: '', 'data-name': 'allen Ländern' }, `Alle Länder: ${nutzer(solution.liveAdoptionCount)}`),
    laender.map((node) => {
      const code = node.ars.slice(0, 2);
      const use = byLand.get(code);
      return h('option', { value: code, selected: code === ownLand, 'data-name': node.name }, `${node.name}: ${use ? nutzer(use.liveAdopters) : 'keine Übernahme'}`);
    }));
  const status = h('select', { id: 'filter-status' },
    h('option', { value: '' }, 'alle Status'),
    solution.adopterCounts.map((entry) => h('option', { value: entry.status }, adopterCount(entry))));
  const count = h('p', { id: 'uebernahmen-stand', role: 'status', 'aria-live': 'polite' });
  const list = h('div', {});
  // the button is only in the page while there is more to load
  const more = h('button', { type: 'button', id: 'weitere-uebernahmen' }, 'Weitere Übernahmen laden');
  const moreSlot = h('p', {});
  let rows = [];
  let cursor = null;
  let total = 0;
  let request = 0;

  async function load(reset) {
    const mine = ++request;
    if (reset) { rows = []; cursor = null; }
    more.disabled = true;
    try {
      const page = (await gql(ADOPTERS, { id: solution.id, land: land.value || null, status: status.value || null, after: cursor })).solution.adoptions;
      if (mine !== request) return;
      rows = rows.concat(page.edges.map((edge) => edge.node));
      cursor = page.pageInfo.endCursor;
      total = page.totalCount;
      draw(page.pageInfo.hasNextPage);
    } catch (error) {
      replace(list, message('error', error.message));
    } finally {
      more.disabled = false;
    }
  }

  function draw(hasMore) {
    const where = land.selectedOptions[0].dataset.name;
    const which = status.value ? `Status „${adoptionStatus(status.value)}“` : 'alle Status';
    replace(count, `${number(rows.length)} von ${number(total)} Übernahmen angezeigt (${where}, ${which}).`);
    replace(list, rows.length ? dataTable(`Übernahmen von ${solution.name} in ${where}, ${which}, die zuletzt erfassten zuerst`,
      ['Organisation', 'Art', 'Land', 'Status', 'seit', 'Betrieb', 'Rechtsweg', 'Anbieter bestätigt'],
      rows.map((adoption) => [h('a', { href: `/organisation/${adoption.organization.id}` }, adoption.organization.name),
        adoption.organization.designation || label('organizationKind', adoption.organization.kind),
        adoption.organization.land ? adoption.organization.land.name : '–', adoptionStatus(adoption.status),
        date(adoption.statusHistory[adoption.statusHistory.length - 1].effectiveDate),
        adoption.operatingModel ? label('operatingModel', adoption.operatingModel) : '–', adoption.legalPath ? label('legalPath', adoption.legalPath) : '–',
        adoption.confirmation ? (adoption.confirmation.status === 'CONFIRMED' ? 'bestätigt' : 'bestritten') : '–']))
      : h('p', {}, land.value || status.value ? 'Keine Übernahmen mit dieser Auswahl.' : 'Noch keine Übernahmen erfasst.'));
    replace(more, `Weitere ${number(Math.min(100, total - rows.length))} Übernahmen laden`);
    if (hasMore) replace(moreSlot, more); else replace(moreSlot);
  }

  land.addEventListener('change', () => load(true));
  status.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));
  replace(box,
    h('h3', {}, 'Alle Übernahmen'),
    h('div', { class: 'controls' },
      h('label', { for: 'filter-land' }, 'Land'), land,
      h('label', { for: 'filter-status' }, 'Status'), status),
    glossary(['betriebsmodell', 'rechtsweg']),
    count, list, moreSlot);
  await load(true);
}

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
      const found = await findOrganizations(input.value);
      replace(list, found.length ? h('ul', { class: 'choice-list', 'aria-label': 'Gefundene Organisationen' }, found.map((organization) => h('li', {},
        h('a', { href: `/organisation/${organization.id}?loesung=${solution.id}#uebernahme` },
          `Übernahme für ${organizationLabel(organization)} erfassen`))))
        : message('warning', 'Keine Organisation mit diesem Namen gefunden.'));
    } catch (error) {
      replace(list, message('error', error.message));
    }
  } },
  h('label', { for: 'fuer-organisation' }, 'Übernahme erfassen für (Name der Organisation)'),
  h('div', { class: 'search-row' }, input, h('button', { type: 'submit' }, 'Organisation suchen')), list);
}

/**
 * The Kreise by the share of their Gemeinden that live adoptions cover (their own, their Kreis's, or their Land's),
 * and those with adopters that do not use it live yet; from the API's per-Kreis use of all adopters.
 */
async function adoptersMap(box, solution) {
  const map = await loadShapes('kreise');
  const byKreis = new Map(solution.kreise.map((use) => [use.code, use]));
  const classes = new Map();
  const titles = new Map();
  for (const region of map.regions) {
    const use = byKreis.get(region.code);
    if (!use) {
      titles.set(region.code, `${region.name}: keine Übernahme`);
      continue;
    }
    const active = use.adopterCounts.some((entry) => entry.count > 0 && entry.status !== 'LIVE' && entry.status !== 'DISCONTINUED');
    classes.set(region.code, use.coveredMunicipalities > 0 ? coverageClass(use.municipalityShare) : active ? 'active' : 'nodata');
    titles.set(region.code, `${region.name}: ${describe(use)}`);
  }
  const legend = [['c1', 'unter 20 % der Gemeinden'], ['c2', '20 bis unter 40 %'], ['c3', '40 bis unter 60 %'], ['c4', '60 bis unter 80 %'],
    ['c5', '80 bis unter 100 %'], ['c6', '100 % der Gemeinden'], ['active', 'noch keine Nutzer: interessiert, in Planung oder in Umsetzung'], ['nodata', 'keine Übernahme']];
  replace(box,
    mapFigure(map, { caption: `Wo ${solution.name} genutzt wird: Anteil der Gemeinden je Kreis, die eine Live-Übernahme abdeckt`, classes, titles, legend }),
    tableAlternative(`Tabelle: ${number(solution.kreise.length)} Kreise mit Übernahmen`, `Nutzung von ${solution.name} nach Kreisen`,
      ['Kreis', 'Nutzer', 'weitere Übernahmen', 'abgedeckte Gemeinden', 'Anteil der Gemeinden'],
      solution.kreise.map((use) => [use.region.name, number(use.liveAdopters), otherAdopters(use.adopterCounts) || '–',
        `${number(use.coveredMunicipalities)} von ${number(use.municipalityCount)}`, percent(use.municipalityShare)])));
}

function describe(use) {
  const covered = use.coveredMunicipalities > 0 ? `; ${percent(use.municipalityShare)} der Gemeinden abgedeckt` : '';
  return `${adopterSummary(use.adopterCounts)}${covered}`;
}
