// OZG-Leistung: description, LeiKa-Leistungen, solutions with adopters, coverage map, "what do towns like mine use".
import { h, replace, number, date, message, dataTable } from '../dom.js';
import { gql, label, maturityText, session } from '../api.js';
import { adopterSummary, nutzer, term, definition, glossary } from '../labels.js';
import { findOrganizations, organizationLabel } from '../organizations.js';
import { coverageMap } from './coverage.js';
import { MAX_COMPARED } from './vergleich.js';

const COVERAGE_FIELDS = 'region { ars name } municipalityCount coveredMunicipalities municipalityShare population populationCovered populationShare flaechendeckend';

const QUERY = `query Leistung($ozgId: Int!) {
  ozgService(ozgId: $ozgId) {
    ozgId name themenfeld { number name } lebenslage { name } provenance { source attribution }
    leikaServices { key name leikaType legalBasis }
    solutions(first: 50) { totalCount edges { node {
      id name summary reuseModel lifecycle licence legalPaths maturity { level model } source
      provider { id name } liveAdoptionCount adopterCounts { status count }
      adoptions(first: 8, status: LIVE) { totalCount edges { node { organization { id name } } } }
    } } }
  }
  laender: coverage(ozgId: $ozgId, level: STATE) { ${COVERAGE_FIELDS} }
}`;

const KREISE = `query KreisAbdeckung($ozgId: Int!) { coverage(ozgId: $ozgId, level: DISTRICT) { ${COVERAGE_FIELDS} } }`;

const REUSE = `query Nachnutzung($organization: ID!, $ozgId: Int!) {
  organization(id: $organization) { name population }
  coveredBy(organization: $organization, ozgId: $ozgId) {
    liveSince organization { id name kind } solution { id name provider { name } }
  }
  reuseOptions(organization: $organization, ozgId: $ozgId, first: 10) {
    score scoreParts { factor points } solution { id name provider { name } reuseModel }
    reasons { liveAdopters liveAdoptersInLand liveAdoptersInKreis similarSizeAdopters populationServed maturityLevel maturityModel lifecycle
      legalPaths { path open via { name } explanation } }
  }
}`;

export async function render(main, ozgIdText) {
  const ozgId = Number(ozgIdText);
  if (!Number.isInteger(ozgId)) return notFound(main);
  let data;
  try {
    data = await gql(QUERY, { ozgId });
  } catch (error) {
    // an OZG-ID outside the catalogue: the coverage in the same query refuses it
    if (error.code === 'VALIDATION_FAILED' && error.field === 'ozgId') return notFound(main);
    throw error;
  }
  const service = data.ozgService;
  if (!service) return notFound(main);
  document.title = `${service.name} (OZG-ID ${service.ozgId}) – OZG-Registry`;

  const solutions = service.solutions.edges.map((edge) => edge.node);
  const mapBox = h('div', { class: 'map-box' });
  const level = h('select', { id: 'karten-ebene' }, h('option', { value: 'laender' }, 'Länder'), h('option', { value: 'kreise' }, 'Kreise'));
  const measure = h('select', { id: 'karten-mass' }, h('option', { value: 'municipalityShare' }, 'Anteil der Gemeinden'), h('option', { value: 'populationShare' }, 'Anteil der Bevölkerung'));
  const reuseBox = h('div', { class: 'reuse' });

  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '/' }, 'Suche'), ' › ', service.themenfeld.name, ' › ', service.lebenslage.name),
    h('h1', {}, service.name),
    h('dl', { class: 'facts' },
      h('dt', {}, 'OZG-ID'), h('dd', {}, String(service.ozgId)),
      h('dt', {}, 'Themenfeld'), h('dd', {}, service.themenfeld.name),
      h('dt', {}, 'Lebenslage'), h('dd', {}, service.lebenslage.name),
      h('dt', {}, 'Lösungen'), h('dd', {}, number(service.solutions.totalCount)),
      h('dt', {}, 'Quelle'), h('dd', {}, service.provenance.source)),
    h('p', {}, h('a', { href: `/dashboard?ozgId=${service.ozgId}` }, 'Im Dashboard ansehen'), ' (Verlauf, Kreise, CSV-Downloads)'),

    h('section', { 'aria-labelledby': 'loesungen' },
      h('h2', { id: 'loesungen' }, `Lösungen für diese Leistung (${number(service.solutions.totalCount)})`),
      solutions.length > 1 ? comparePicker(solutions, service.ozgId) : null,
      solutions.length ? h('ul', { class: 'cards' }, solutions.map(solutionCard)) : h('p', {}, 'Für diese Leistung ist noch keine Lösung veröffentlicht.')),

    h('section', { 'aria-labelledby': 'abdeckung' },
      h('h2', { id: 'abdeckung' }, 'Abdeckung in Deutschland'),
      definition('abgedeckt'), definition('flaechendeckend'),
      h('div', { class: 'controls' },
        h('label', { for: 'karten-ebene' }, 'Ebene'), level,
        h('label', { for: 'karten-mass' }, 'Maß'), measure),
      mapBox),

    h('section', { 'aria-labelledby': 'wie-ich' },
      h('h2', { id: 'wie-ich' }, 'Was nutzen Orte wie meiner?'),
      h('p', {}, 'Wählen Sie Ihre Organisation: Die Registry ordnet die Lösungen danach, wer sie in Ihrem Land und Kreis und in Orten ähnlicher Größe live nutzt, nach Reifegrad und danach, welche Rechtswege Ihnen offenstehen.'),
      reuseBox),

    h('section', { 'aria-labelledby': 'leika' },
      h('h2', { id: 'leika' }, `LeiKa-Leistungen (${service.leikaServices.length})`),
      h('details', {}, h('summary', {}, 'LeiKa-Leistungen anzeigen'),
        dataTable(`LeiKa-Leistungen der OZG-Leistung ${service.name}`, ['Leistung', 'LeiKa-Schlüssel', 'LeiKa-Typ', 'Rechtsgrundlage'],
          service.leikaServices.map((leika) => [leika.name, leika.key || 'nicht im LeiKa', leika.leikaType || '–', leika.legalBasis || '–'])))));

  const coverage = { laender: data.laender, kreise: null };
  async function drawMap() {
    const chosen = level.value;
    if (!coverage[chosen]) {
      replace(mapBox, h('p', {}, 'Karte wird geladen …'));
      coverage[chosen] = (await gql(KREISE, { ozgId })).coverage;
    }
    const measureText = measure.value === 'populationShare' ? 'Anteil der Bevölkerung' : 'Anteil der Gemeinden';
    await coverageMap(mapBox, { rows: coverage[chosen], level: chosen, measure: measure.value,
      caption: `Abdeckung von „${service.name}“ nach ${chosen === 'laender' ? 'Ländern' : 'Kreisen'}: ${measureText}` });
  }
  level.addEventListener('change', () => drawMap().catch(showError(mapBox)));
  measure.addEventListener('change', () => drawMap().catch(showError(mapBox)));
  await drawMap();
  renderReuse(reuseBox, ozgId);
}

/**
 * The comparison: a checkbox "vergleichen" on each card (at most MAX_COMPARED), and a link to /vergleich with the
 * chosen ones. The checkboxes are found by their class in the cards drawn after it.
 */
function comparePicker(solutions, ozgId) {
  const link = h('a', { id: 'vergleichen', class: 'button', 'aria-disabled': 'true' }, 'Ausgewählte vergleichen');
  const status = h('span', { id: 'vergleich-status', 'aria-live': 'polite' }, `Wählen Sie zwei bis ${MAX_COMPARED} Lösungen.`);
  const update = () => {
    const boxes = [...document.querySelectorAll('input.compare')];
    const chosen = boxes.filter((box) => box.checked).map((box) => box.value);
    for (const box of boxes) box.disabled = !box.checked && chosen.length >= MAX_COMPARED;
    if (chosen.length >= 2) {
      link.setAttribute('href', `/vergleich?leistung=${ozgId}&loesungen=${chosen.join(',')}`);
      link.removeAttribute('aria-disabled');
    } else {
      link.removeAttribute('href');
      link.setAttribute('aria-disabled', 'true');
    }
    replace(link, `Ausgewählte vergleichen (${chosen.length})`);
    replace(status, chosen.length >= MAX_COMPARED ? `Höchstens ${MAX_COMPARED} Lösungen: heben Sie eine Auswahl auf, um eine andere zu wählen.`
      : `${chosen.length} von höchstens ${MAX_COMPARED} gewählt.`);
  };
  document.addEventListener('change', (event) => { if (event.target.classList && event.target.classList.contains('compare')) update(); });
  return h('div', { class: 'compare-bar no-print' }, link, ' ', status);
}

function solutionCard(solution) {
  const adopters = solution.adoptions.edges.map((edge) => edge.node);
  return h('li', { class: 'card' },
    h('h3', {}, h('a', { href: `/loesung/${solution.id}` }, solution.name)),
    h('p', {}, solution.summary),
    h('p', { class: 'compare-choice no-print' }, h('input', { type: 'checkbox', class: 'compare', id: `vergleich-${solution.id}`, value: solution.id }),
      ' ', h('label', { for: `vergleich-${solution.id}` }, `${solution.name} vergleichen`)),
    h('dl', { class: 'facts compact' },
      h('dt', {}, 'Anbieter'), h('dd', {}, solution.provider.name),
      h('dt', {}, term('nachnutzungsmodell', 'Nachnutzung')), h('dd', {}, label('reuseModel', solution.reuseModel)),
      h('dt', {}, term('reifegrad')), h('dd', {}, maturityText(solution.maturity)),
      h('dt', {}, 'Lebenszyklus'), h('dd', {}, label('lifecycle', solution.lifecycle)),
      h('dt', {}, term('rechtsweg', 'Rechtswege')), h('dd', {}, solution.legalPaths.map((path) => label('legalPath', path)).join(', ') || '–'),
      h('dt', {}, 'Nutzer'), h('dd', {}, adopterSummary(solution.adopterCounts))),
    adopters.length ? h('p', { class: 'adopters' }, 'Nutzer, zuletzt erfasst: ',
      adopters.map((adoption, index) => [index ? ', ' : '', h('a', { href: `/organisation/${adoption.organization.id}` }, adoption.organization.name)]),
      solution.adoptions.totalCount > adopters.length ? ` und ${number(solution.adoptions.totalCount - adopters.length)} weitere` : '') : null,
    solution.source === 'ILLUSTRATIVE' ? h('p', { class: 'illustrative' }, 'Demo-Datensatz: illustrativ, nicht real.') : null);
}

function renderReuse(box, ozgId) {
  const input = h('input', { id: 'meine-organisation', type: 'text', autocomplete: 'organization', required: true });
  const choices = h('div', { class: 'choices' });
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const found = await findOrganizations(input.value);
      if (!found.length) { replace(choices, message('warning', 'Keine Organisation mit diesem Namen gefunden.')); return; }
      replace(choices, h('ul', { class: 'choice-list', 'aria-label': 'Gefundene Organisationen' }, found.map((organization) => h('li', {},
        h('button', { type: 'button', class: 'link', onclick: () => show(organization.id) },
          organizationLabel(organization))))));
    } catch (error) { replace(choices, message('error', error.message)); }
  } },
  h('label', { for: 'meine-organisation' }, 'Ihre Organisation (Name)'), input, h('button', { type: 'submit' }, 'Organisation suchen'));
  replace(box, form, choices, result);
  const viewer = session.viewer();
  if (viewer && viewer.organization) show(viewer.organization.id);

  async function show(organizationId) {
    replace(result, h('p', {}, 'Wird berechnet …'));
    try {
      const data = await gql(REUSE, { organization: organizationId, ozgId });
      if (data.coveredBy.length) {
        replace(result, coveredText(data.organization, data.coveredBy, organizationId));
        return;
      }
      const options = data.reuseOptions;
      replace(result,
        h('h3', {}, `Nachnutzungsoptionen für ${data.organization.name} (${number(data.organization.population)} Einwohner)`),
        options.length ? [dataTable(`Nachnutzungsoptionen für ${data.organization.name}, beste zuerst`,
          ['Lösung', 'Punkte', 'Nutzer für diese Leistung', 'davon im eigenen Land', 'im eigenen Kreis', 'ähnlich groß', 'versorgte Einwohner', 'Reifegrad', 'offene Rechtswege'],
          options.map((option) => [h('a', { href: `/loesung/${option.solution.id}` }, option.solution.name),
            points(option.score), number(option.reasons.liveAdopters), number(option.reasons.liveAdoptersInLand),
            number(option.reasons.liveAdoptersInKreis), number(option.reasons.similarSizeAdopters), number(Math.round(option.reasons.populationServed)),
            option.reasons.maturityLevel === null ? '–' : String(option.reasons.maturityLevel),
            option.reasons.legalPaths.filter((path) => path.open).map((path) => label('legalPath', path.path) + (path.via ? ` über ${path.via.name}` : '')).join(', ') || 'keiner'])),
          glossary(['reifegrad', 'rechtsweg']),
          h('h4', {}, 'So kommen die Punkte zustande'),
          h('ul', { class: 'score-explanations' }, options.map((option) => h('li', {},
            h('details', {}, h('summary', {}, `${option.solution.name}: ${points(option.score)} Punkte`),
              h('ul', {}, option.scoreParts.map((part) => h('li', {}, `${scoreReason(part, option.reasons)}: ${signed(part.points)}`)))))))]
          : h('p', {}, 'Für diese Leistung gibt es noch keine Lösung, die Sie nachnutzen könnten.'));
    } catch (error) {
      replace(result, message('error', error.message));
    }
  }
}

/** "Already covered": who covers the organization for this Leistung, with which solution, since when. */
function coveredText(organization, covers, organizationId) {
  return [h('h3', {}, `${organization.name} hat diese Leistung bereits`),
    h('ul', { class: 'covered-by' }, covers.map((cover) => h('li', {},
      cover.organization.id === organizationId ? 'Eigene Übernahme: '
        : [`Über ${label('organizationKind', cover.organization.kind)} `, h('a', { href: `/organisation/${cover.organization.id}` }, cover.organization.name), ': '],
      h('a', { href: `/loesung/${cover.solution.id}` }, cover.solution.name), ` (${cover.solution.provider.name}), live seit ${date(cover.liveSince)}`))),
    h('p', {}, 'Eine Live-Übernahme deckt sie ab, wie in der Abdeckungskarte gezählt. Deshalb werden keine Nachnutzungsoptionen angeboten.')];
}

const points = (value) => value.toFixed(1).replace('.', ',');

const signed = (value) => (value < 0 ? '−' : '+') + Math.abs(value).toFixed(2).replace('.', ',');

/** One part of the score in words (the factors of ScoreFactor in the schema). */
function scoreReason(part, reasons) {
  switch (part.factor) {
    case 'LIVE_ADOPTERS': return `${nutzer(reasons.liveAdopters)} für diese Leistung insgesamt`;
    case 'LIVE_ADOPTERS_IN_LAND': return `${number(reasons.liveAdoptersInLand)} davon in Ihrem Land`;
    case 'LIVE_ADOPTERS_IN_KREIS': return `${number(reasons.liveAdoptersInKreis)} davon in Ihrem Kreis`;
    case 'SIMILAR_SIZE_ADOPTERS': return `${number(reasons.similarSizeAdopters)} Nutzer ähnlicher Größe (halb bis doppelt so viele Einwohner)`;
    case 'POPULATION_SERVED': return `${number(Math.round(reasons.populationServed))} versorgte Einwohner`;
    case 'MATURITY': return `Reifegrad ${reasons.maturityLevel}`;
    case 'LIFECYCLE': return `Lebenszyklus „${label('lifecycle', reasons.lifecycle)}“`;
    case 'CONFIRMED_ADOPTIONS': return 'Anteil der vom Anbieter bestätigten Nutzungen';
    case 'LEGAL_PATH': return part.points > 0 ? 'Ein Rechtsweg steht Ihnen offen' : 'Kein Rechtsweg steht Ihnen offen';
    default: return part.factor;
  }
}

function showError(box) {
  return (error) => replace(box, message('error', error.message));
}

function notFound(main) {
  document.title = 'OZG-Leistung nicht gefunden – OZG-Registry';
  replace(main, h('h1', {}, 'OZG-Leistung nicht gefunden'), h('p', {}, h('a', { href: '/' }, 'Zur Suche')));
}
