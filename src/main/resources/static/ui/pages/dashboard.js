// Coordinator dashboard: choropleth of Länder or Kreise by coverage of an OZG-Leistung or a Themenfeld (by Gemeinden
// or by population), Reifegrad distribution, adoption timeline, top solutions, CSV and XLSX downloads.
import { h, replace, number, percent, date, message, dataTable, tableAlternative } from '../dom.js';
import { gql, label } from '../api.js';
import { loadShapes, mapFigure, coverageClass, COVERAGE_LEGEND } from '../map.js';
import { coverageMap } from './coverage.js';
import { barChart, lineChart } from '../charts.js';
import { definition } from '../labels.js';

const COVERAGE_FIELDS = 'region { ars name } municipalityCount coveredMunicipalities municipalityShare population populationCovered populationShare flaechendeckend';

const SERVICE = `query Auswahl($ozgId: Int!, $level: RegionLevel!, $from: Date!) {
  themenfelder { number name }
  ozgService(ozgId: $ozgId) { ozgId name themenfeld { number } }
  coverage(ozgId: $ozgId, level: $level) { ${COVERAGE_FIELDS} }
  timeline(ozgId: $ozgId, from: $from, interval: QUARTER) { date municipalityCount coveredMunicipalities municipalityShare populationShare }
}`;

const THEMENFELD = `query Themenfeld($themenfeld: Int!, $level: RegionLevel!, $from: Date!) {
  themenfelder { number name }
  themenfeldCoverage(themenfeld: $themenfeld, level: $level) {
    region { ars name } ozgServices municipalityCount population municipalityShare populationShare flaechendeckend
  }
  timeline(from: $from, interval: QUARTER) { date municipalityCount coveredMunicipalities municipalityShare populationShare }
}`;

const REPORTS = `query Berichte($themenfeld: Int) {
  regionReport { at maturity { model level solutions } themenfelder { themenfeld { number name } ozgServices flaechendeckend partly none } }
  topSolutions(themenfeld: $themenfeld, by: ADOPTERS, first: 10) { solution { id name provider { name } } liveAdopters coveredMunicipalities populationServed }
}`;

const TIMELINE_FROM = '2019-01-01';

export async function render(main, _, params) {
  document.title = 'Dashboard – OZG-Registry';
  const basis = params.get('themenfeld') ? 'themenfeld' : 'leistung';
  const ozgId = Number(params.get('ozgId') || 10160);
  const themenfeld = Number(params.get('themenfeld') || 0);
  const level = params.get('ebene') === 'kreise' ? 'kreise' : 'laender';
  const measure = params.get('mass') === 'bevoelkerung' ? 'populationShare' : 'municipalityShare';
  const regionLevel = level === 'kreise' ? 'DISTRICT' : 'STATE';

  let data;
  let problem = null;
  try {
    data = basis === 'themenfeld'
      ? await gql(THEMENFELD, { themenfeld, level: regionLevel, from: TIMELINE_FROM })
      : await gql(SERVICE, { ozgId, level: regionLevel, from: TIMELINE_FROM });
  } catch (error) {
    if (error.code !== 'VALIDATION_FAILED') throw error;
    // an OZG-ID or Themenfeld not in the catalogue: show the form again with the reason
    problem = basis === 'themenfeld' ? `Das Themenfeld ${params.get('themenfeld')} gibt es nicht.` : `Die OZG-ID ${params.get('ozgId')} gibt es im Katalog nicht.`;
    data = { themenfelder: (await gql('{ themenfelder { number name } }')).themenfelder, ozgService: null, coverage: [], timeline: [], themenfeldCoverage: [] };
  }
  const reports = await gql(REPORTS, { themenfeld: basis === 'themenfeld' && !problem ? themenfeld : null });

  // which basis is shown is chosen explicitly; typing an OZG-ID or choosing a Themenfeld selects its basis
  const byService = h('input', { type: 'radio', id: 'nach-leistung', name: 'nach', value: 'leistung', checked: basis === 'leistung' });
  const byField = h('input', { type: 'radio', id: 'nach-themenfeld', name: 'nach', value: 'themenfeld', checked: basis === 'themenfeld' });
  const ozgInput = h('input', { id: 'ozg-id', name: 'ozgId', type: 'number', min: 10000, max: 99999, value: basis === 'leistung' ? ozgId : '', 'aria-describedby': 'ozg-id-hinweis' });
  const fieldSelect = h('select', { id: 'themenfeld', name: 'themenfeld' }, h('option', { value: '' }, '– keines –'),
    data.themenfelder.map((field) => h('option', { value: field.number, selected: basis === 'themenfeld' && field.number === themenfeld }, field.name)));
  const choice = h('p', { id: 'auswahl', class: 'status', role: 'status' });
  const describeChoice = (prefix) => {
    if (byField.checked) {
      const name = fieldSelect.value ? fieldSelect.options[fieldSelect.selectedIndex].textContent : null;
      choice.textContent = name ? `${prefix}: Themenfeld „${name}“ (die OZG-ID wird nicht verwendet).` : 'Bitte ein Themenfeld wählen.';
    } else {
      choice.textContent = ozgInput.value ? `${prefix}: OZG-Leistung mit der OZG-ID ${ozgInput.value} (das Themenfeld wird nicht verwendet).`
        : 'Bitte eine OZG-ID eingeben oder eine Leistung suchen.';
    }
  };
  const changed = () => describeChoice('Beim Anzeigen gilt');
  ozgInput.addEventListener('input', () => { if (ozgInput.value) byService.checked = true; changed(); });
  fieldSelect.addEventListener('change', () => { (fieldSelect.value ? byField : byService).checked = true; changed(); });
  byService.addEventListener('change', changed);
  byField.addEventListener('change', changed);
  const chooseService = (service) => {
    ozgInput.value = service.ozgId;
    byService.checked = true;
    changed();
    ozgInput.focus();
  };

  const form = h('form', { class: 'panel controls-form', method: 'get', action: '/dashboard' },
    h('fieldset', {}, h('legend', {}, 'Abdeckung von'),
      h('ul', { class: 'checks' },
        h('li', {}, byService, h('label', { for: 'nach-leistung' }, 'einer OZG-Leistung')),
        h('li', {}, byField, h('label', { for: 'nach-themenfeld' }, 'einem ganzen Themenfeld'))),
      h('div', { class: 'field' }, h('label', { for: 'ozg-id' }, 'OZG-Leistung (OZG-ID)'), ozgInput,
        h('p', { id: 'ozg-id-hinweis', class: 'hint' }, 'z. B. 10160 (Hundehaltung); die OZG-ID finden Sie auch mit der Suche darunter.')),
      finder(chooseService),
      h('div', { class: 'field' }, h('label', { for: 'themenfeld' }, 'Themenfeld'), fieldSelect),
      choice),
    h('div', { class: 'field' }, h('label', { for: 'ebene' }, 'Ebene'),
      h('select', { id: 'ebene', name: 'ebene' }, h('option', { value: 'laender' }, 'Länder'), h('option', { value: 'kreise', selected: level === 'kreise' }, 'Kreise'))),
    h('div', { class: 'field' }, h('label', { for: 'mass' }, 'Maß'),
      h('select', { id: 'mass', name: 'mass' }, h('option', { value: 'gemeinden' }, 'Anteil der Gemeinden'), h('option', { value: 'bevoelkerung', selected: measure === 'populationShare' }, 'Anteil der Bevölkerung'))),
    h('button', { type: 'submit' }, 'Anzeigen'));
  // only the chosen basis goes into the address: the other field and the choice itself are left out
  form.addEventListener('submit', (event) => {
    if (byField.checked && !fieldSelect.value) {
      event.preventDefault();
      changed();
      fieldSelect.focus();
      return;
    }
    if (byField.checked) ozgInput.disabled = true; else fieldSelect.disabled = true;
    byService.disabled = true;
    byField.disabled = true;
  });
  // a page restored from the back-forward cache keeps disabled fields: enable them again
  window.addEventListener('pageshow', () => { for (const field of [ozgInput, fieldSelect, byService, byField]) field.disabled = false; }, { once: true });

  const mapBox = h('div', { class: 'map-box' });
  const measureText = measure === 'populationShare' ? 'Anteil der Bevölkerung' : 'Anteil der Gemeinden';
  const levelText = level === 'kreise' ? 'Kreisen' : 'Ländern';
  let subject;
  if (problem) {
    subject = null;
  } else if (basis === 'themenfeld') {
    const field = data.themenfelder.find((item) => item.number === themenfeld);
    subject = `Themenfeld „${field ? field.name : themenfeld}“`;
  } else {
    subject = data.ozgService ? `„${data.ozgService.name}“ (OZG-ID ${ozgId})` : null;
  }

  if (subject) choice.textContent = `Angezeigt: ${subject}${basis === 'themenfeld' ? ' (die OZG-ID wird nicht verwendet)' : ''}, nach ${levelText}, ${measureText}.`;
  else describeChoice('Beim Anzeigen gilt');

  const maturity = reports.regionReport.maturity;
  const timeline = data.timeline;
  const top = reports.topSolutions;
  // every export as CSV (German Excel) and XLSX, from the same table; the file names say what is inside
  const themenfeldParam = basis === 'themenfeld' && !problem ? `&themenfeld=${themenfeld}` : '';
  const downloads = basis === 'leistung' && !problem
    ? [[`/export/coverage.{format}?ozgId=${ozgId}&level=${regionLevel}`, `Abdeckung von ${subject} nach ${levelText}`],
      [`/export/timeline.{format}?ozgId=${ozgId}&from=${TIMELINE_FROM}&interval=QUARTER`, `Verlauf von ${subject} je Quartal`]]
    : [[`/export/timeline.{format}?from=${TIMELINE_FROM}&interval=QUARTER`, 'Verlauf aller OZG-Leistungen je Quartal']];
  if (basis === 'themenfeld' && subject) downloads.unshift([`/export/themenfeld-coverage.{format}?themenfeld=${themenfeld}&level=${regionLevel}`, `Abdeckung von ${subject} nach ${levelText}`]);
  downloads.push(['/export/region-report.{format}', 'Stand je Themenfeld (Deutschland)'],
    [`/export/top-solutions.{format}?by=ADOPTERS${themenfeldParam}`, basis === 'themenfeld' && subject ? `Meistgenutzte Lösungen im ${subject}` : 'Meistgenutzte Lösungen'],
    [`/export/duplication-index.{format}${themenfeldParam ? `?${themenfeldParam.slice(1)}` : ''}`,
      basis === 'themenfeld' && subject ? `Mehrfachentwicklungen im ${subject}` : 'Mehrfachentwicklungen (Duplikationsindex)']);

  replace(main,
    h('h1', {}, 'Dashboard für Koordinierende'),
    h('p', { class: 'lead' }, 'Abdeckung der OZG-Leistungen in Ländern und Kreisen, Reifegrade der genutzten Lösungen und Verlauf. Jede Karte und jedes Diagramm hat eine Tabelle.'),
    form,
    h('section', { 'aria-labelledby': 'karte' },
      h('h2', { id: 'karte' }, subject ? `Abdeckung von ${subject}` : 'Abdeckung'),
      subject ? [definition('abgedeckt'), mapBox] : message('error', problem || `Die OZG-ID ${ozgId} gibt es im Katalog nicht.`)),
    h('section', { 'aria-labelledby': 'verlauf' },
      h('h2', { id: 'verlauf' }, basis === 'leistung' ? 'Verlauf der Übernahmen' : 'Verlauf aller Übernahmen'),
      lineChart(`Anteil der Gemeinden mit ${basis === 'leistung' && subject ? subject : 'mindestens einer OZG-Leistung'} live, je Quartal seit 2019`,
        timeline.map((point) => [date(point.date), point.municipalityShare])),
      tableAlternative('Tabelle: Verlauf', 'Abdeckung am Ende jedes Quartals', ['Stichtag', 'abgedeckte Gemeinden', 'Anteil Gemeinden', 'Anteil Bevölkerung'],
        timeline.map((point) => [date(point.date), number(point.coveredMunicipalities), percent(point.municipalityShare), percent(point.populationShare)]))),
    h('section', { 'aria-labelledby': 'reifegrad' },
      h('h2', { id: 'reifegrad' }, 'Reifegrad der genutzten Lösungen'),
      definition('reifegrad'),
      barChart('Lösungen in Live-Nutzung nach Reifegrad (Deutschland)', maturity.map((entry) => [maturityLabel(entry), entry.solutions, number(entry.solutions)])),
      tableAlternative('Tabelle: Reifegrad', `Lösungen in Live-Nutzung nach Reifegrad, Stand ${date(reports.regionReport.at)}`, ['Reifegrad', 'Lösungen'],
        maturity.map((entry) => [maturityLabel(entry), number(entry.solutions)])),
      h('h3', {}, 'Verfügbarkeit je Themenfeld'),
      definition('flaechendeckend'),
      dataTable('OZG-Leistungen je Themenfeld: flächendeckend, teilweise oder nirgends verfügbar (Deutschland)', ['Themenfeld', 'OZG-Leistungen', 'flächendeckend', 'teilweise', 'nirgends'],
        reports.regionReport.themenfelder.map((row) => [h('a', { href: `/dashboard?themenfeld=${row.themenfeld.number}` }, row.themenfeld.name),
          number(row.ozgServices), number(row.flaechendeckend), number(row.partly), number(row.none)]))),
    h('section', { 'aria-labelledby': 'top' },
      h('h2', { id: 'top' }, basis === 'themenfeld' ? 'Meistgenutzte Lösungen im Themenfeld' : 'Meistgenutzte Lösungen'),
      top.length ? [barChart('Lösungen nach Zahl der Nutzer (live)', top.map((entry) => [entry.solution.name, entry.liveAdopters, number(entry.liveAdopters)])),
        tableAlternative('Tabelle: meistgenutzte Lösungen', 'Meistgenutzte Lösungen', ['Lösung', 'Anbieter', 'Nutzer', 'abgedeckte Gemeinden', 'versorgte Einwohner'],
          top.map((entry) => [h('a', { href: `/loesung/${entry.solution.id}` }, entry.solution.name), entry.solution.provider.name, number(entry.liveAdopters),
            number(entry.coveredMunicipalities), number(entry.populationServed)]))]
        : h('p', {}, 'Noch keine Lösung in Live-Nutzung.')),
    h('section', { 'aria-labelledby': 'downloads' },
      h('h2', { id: 'downloads' }, 'Downloads (CSV und Excel)'),
      h('p', { class: 'hint' }, 'CSV für Excel mit deutschen Einstellungen (Semikolon, Dezimalkomma, Anteile in Prozent, Schlüssel wie die ARS als Text); XLSX öffnet sich in jeder Tabellenkalkulation mit Zahlen-, Prozent- und Textzellen.'),
      h('ul', {}, downloads.map(([href, text]) => h('li', {}, `${text}: `,
        h('a', { href: href.replace('{format}', 'csv'), download: true }, 'als CSV'), ' · ',
        h('a', { href: href.replace('{format}', 'xlsx'), download: true }, 'als Excel-Datei (XLSX)'))))));

  if (!subject) return;
  const caption = `Abdeckung von ${subject} nach ${levelText}: ${measureText}`;
  if (basis === 'leistung') {
    await coverageMap(mapBox, { rows: data.coverage, level, measure, caption });
  } else {
    await themenfeldMap(mapBox, data.themenfeldCoverage, level, measure, caption);
  }
}

async function themenfeldMap(box, rows, level, measure, caption) {
  const map = await loadShapes(level);
  const digits = level === 'laender' ? 2 : 5;
  const classes = new Map();
  const titles = new Map();
  for (const row of rows) {
    const code = row.region.ars.slice(0, digits);
    classes.set(code, coverageClass(row[measure]));
    titles.set(code, `${row.region.name}: ${percent(row[measure])}`);
  }
  replace(box,
    mapFigure(map, { caption, classes, titles, legend: COVERAGE_LEGEND }),
    tableAlternative(`Tabelle: ${caption}`, `${caption} (Mittel über die OZG-Leistungen des Themenfelds)`,
      [level === 'laender' ? 'Land' : 'Kreis', 'OZG-Leistungen', 'Gemeinden', 'Einwohner', 'Anteil Gemeinden', 'Anteil Bevölkerung', 'flächendeckend verfügbar'],
      rows.map((row) => [row.region.name, number(row.ozgServices), number(row.municipalityCount), number(row.population), percent(row.municipalityShare),
        percent(row.populationShare), number(row.flaechendeckend)]),
      level === 'laender'));
}

// the same search as the start page (searchAnswer), its OZG-Leistungen in the same order
const FIND_SERVICE = `query Leistungssuche($query: String!) {
  searchAnswer(query: $query) { ozgServices(first: 8) { edges { node { ozgService { ozgId name } } } } }
}`;

/** Finding an OZG-ID by name: the matches become buttons that choose the OZG-Leistung. */
function finder(choose) {
  const input = h('input', { id: 'ozg-name', type: 'text', autocomplete: 'off', maxlength: 200, 'aria-describedby': 'ozg-name-hinweis' });
  const list = h('div', { 'aria-live': 'polite' });
  async function find() {
    const query = input.value.trim();
    if (query.length < 2) { replace(list, h('p', { class: 'hint' }, 'Bitte mindestens zwei Zeichen eingeben.')); return; }
    try {
      const found = (await gql(FIND_SERVICE, { query })).searchAnswer.ozgServices.edges.map((edge) => edge.node.ozgService);
      replace(list, found.length ? h('ul', { class: 'choice-list', 'aria-label': 'Gefundene OZG-Leistungen' }, found.map((service) => h('li', {},
        h('button', { type: 'button', class: 'link', onclick: () => choose(service) }, `${service.name} (${service.ozgId})`))))
        : h('p', {}, `Keine OZG-Leistung zu „${query}“ gefunden.`));
    } catch (error) {
      replace(list, message('error', error.message));
    }
  }
  input.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); find(); } });
  return h('div', { class: 'field' }, h('label', { for: 'ozg-name' }, 'OZG-Leistung suchen'),
    h('p', { id: 'ozg-name-hinweis', class: 'hint' }, 'Wie die Suche der Startseite, z. B. „Hundesteuer“ oder „Wohngeld“.'),
    h('div', { class: 'search-row' }, input, h('button', { type: 'button', onclick: find }, 'Leistung suchen')), list);
}

function maturityLabel(entry) {
  if (entry.level === null) return 'nicht bewertet';
  return `Stufe ${entry.level} (Modell ${entry.model === 'V2_0' ? '2.0' : '1.1'})`;
}
