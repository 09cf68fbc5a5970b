// Coordinator dashboard: choropleth of Länder or Kreise by coverage of an OZG-Leistung or a Themenfeld (by Gemeinden
// or by population), Reifegrad distribution, adoption timeline, top solutions, CSV downloads.
import { h, replace, number, percent, date, message, dataTable, tableAlternative } from '../dom.js';
import { gql, label } from '../api.js';
import { loadShapes, mapFigure, coverageClass, COVERAGE_LEGEND } from '../map.js';
import { coverageMap } from './coverage.js';
import { barChart, lineChart } from '../charts.js';

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

  const form = h('form', { class: 'panel controls-form', method: 'get', action: '/dashboard' },
    h('fieldset', {}, h('legend', {}, 'Abdeckung von'),
      h('div', { class: 'field' }, h('label', { for: 'ozg-id' }, 'OZG-Leistung (OZG-ID)'),
        h('input', { id: 'ozg-id', name: 'ozgId', type: 'number', min: 10000, max: 99999, value: basis === 'leistung' ? ozgId : '', 'aria-describedby': 'ozg-id-hinweis' }),
        h('p', { id: 'ozg-id-hinweis', class: 'hint' }, 'z. B. 10160 (Hundehaltung); die OZG-ID finden Sie über die Suche. Leer lassen und ein Themenfeld wählen für ein ganzes Themenfeld.')),
      finder(),
      h('div', { class: 'field' }, h('label', { for: 'themenfeld' }, 'oder Themenfeld'),
        h('select', { id: 'themenfeld', name: 'themenfeld' }, h('option', { value: '' }, '– keines –'),
          data.themenfelder.map((field) => h('option', { value: field.number, selected: basis === 'themenfeld' && field.number === themenfeld }, field.name))))),
    h('div', { class: 'field' }, h('label', { for: 'ebene' }, 'Ebene'),
      h('select', { id: 'ebene', name: 'ebene' }, h('option', { value: 'laender' }, 'Länder'), h('option', { value: 'kreise', selected: level === 'kreise' }, 'Kreise'))),
    h('div', { class: 'field' }, h('label', { for: 'mass' }, 'Maß'),
      h('select', { id: 'mass', name: 'mass' }, h('option', { value: 'gemeinden' }, 'Anteil der Gemeinden'), h('option', { value: 'bevoelkerung', selected: measure === 'populationShare' }, 'Anteil der Bevölkerung'))),
    h('button', { type: 'submit' }, 'Anzeigen'));
  // an OZG-ID wins over a Themenfeld: clear the one not meant
  form.addEventListener('submit', () => {
    const id = form.querySelector('#ozg-id');
    const field = form.querySelector('#themenfeld');
    if (field.value && !id.value) id.disabled = true; else field.disabled = true;
  });

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

  const maturity = reports.regionReport.maturity;
  const timeline = data.timeline;
  const top = reports.topSolutions;
  const csv = basis === 'leistung'
    ? [[`/export/coverage.csv?ozgId=${ozgId}&level=${regionLevel}`, `Abdeckung ${subject} nach ${levelText}`],
      [`/export/timeline.csv?ozgId=${ozgId}&from=${TIMELINE_FROM}&interval=QUARTER`, `Verlauf ${subject} je Quartal`]]
    : [[`/export/timeline.csv?from=${TIMELINE_FROM}&interval=QUARTER`, 'Verlauf aller OZG-Leistungen je Quartal']];
  csv.push(['/export/region-report.csv', 'Stand je Themenfeld (Deutschland)'],
    [`/export/top-solutions.csv?by=ADOPTERS${basis === 'themenfeld' ? `&themenfeld=${themenfeld}` : ''}`, 'Meistgenutzte Lösungen'],
    ['/export/duplication-index.csv', 'Mehrfachentwicklungen (Duplikationsindex)']);

  replace(main,
    h('h1', {}, 'Dashboard für Koordinierende'),
    h('p', { class: 'lead' }, 'Abdeckung der OZG-Leistungen in Ländern und Kreisen, Reifegrade der genutzten Lösungen und Verlauf. Jede Karte und jedes Diagramm hat eine Tabelle.'),
    form,
    h('section', { 'aria-labelledby': 'karte' },
      h('h2', { id: 'karte' }, subject ? `Abdeckung von ${subject}` : 'Abdeckung'),
      subject ? mapBox : message('error', problem || `Die OZG-ID ${ozgId} gibt es im Katalog nicht.`)),
    h('section', { 'aria-labelledby': 'verlauf' },
      h('h2', { id: 'verlauf' }, basis === 'leistung' ? 'Verlauf der Übernahmen' : 'Verlauf aller Übernahmen'),
      lineChart(`Anteil der Gemeinden mit ${basis === 'leistung' && subject ? subject : 'mindestens einer OZG-Leistung'} live, je Quartal seit 2019`,
        timeline.map((point) => [date(point.date), point.municipalityShare])),
      tableAlternative('Tabelle: Verlauf', 'Abdeckung am Ende jedes Quartals', ['Stichtag', 'abgedeckte Gemeinden', 'Anteil Gemeinden', 'Anteil Bevölkerung'],
        timeline.map((point) => [date(point.date), number(point.coveredMunicipalities), percent(point.municipalityShare), percent(point.populationShare)]))),
    h('section', { 'aria-labelledby': 'reifegrad' },
      h('h2', { id: 'reifegrad' }, 'Reifegrad der genutzten Lösungen'),
      barChart('Lösungen in Live-Nutzung nach Reifegrad (Deutschland)', maturity.map((entry) => [maturityLabel(entry), entry.solutions, number(entry.solutions)])),
      tableAlternative('Tabelle: Reifegrad', `Lösungen in Live-Nutzung nach Reifegrad, Stand ${date(reports.regionReport.at)}`, ['Reifegrad', 'Lösungen'],
        maturity.map((entry) => [maturityLabel(entry), number(entry.solutions)])),
      h('h3', {}, 'Verfügbarkeit je Themenfeld'),
      dataTable('OZG-Leistungen je Themenfeld: flächendeckend, teilweise oder nirgends verfügbar (Deutschland)', ['Themenfeld', 'OZG-Leistungen', 'flächendeckend', 'teilweise', 'nirgends'],
        reports.regionReport.themenfelder.map((row) => [h('a', { href: `/dashboard?themenfeld=${row.themenfeld.number}` }, row.themenfeld.name),
          number(row.ozgServices), number(row.flaechendeckend), number(row.partly), number(row.none)]))),
    h('section', { 'aria-labelledby': 'top' },
      h('h2', { id: 'top' }, basis === 'themenfeld' ? 'Meistgenutzte Lösungen im Themenfeld' : 'Meistgenutzte Lösungen'),
      top.length ? [barChart('Lösungen nach Zahl der Live-Nutzer', top.map((entry) => [entry.solution.name, entry.liveAdopters, number(entry.liveAdopters)])),
        tableAlternative('Tabelle: meistgenutzte Lösungen', 'Meistgenutzte Lösungen', ['Lösung', 'Anbieter', 'Live-Nutzer', 'abgedeckte Gemeinden', 'versorgte Einwohner'],
          top.map((entry) => [h('a', { href: `/loesung/${entry.solution.id}` }, entry.solution.name), entry.solution.provider.name, number(entry.liveAdopters),
            number(entry.coveredMunicipalities), number(entry.populationServed)]))]
        : h('p', {}, 'Noch keine Lösung in Live-Nutzung.')),
    h('section', { 'aria-labelledby': 'downloads' },
      h('h2', { id: 'downloads' }, 'Downloads (CSV)'),
      h('ul', {}, csv.map(([href, text]) => h('li', {}, h('a', { href, download: true }, `${text} (CSV)`))))));

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

const FIND_SERVICE = `query Leistungssuche($name: String!) { ozgServices(filter: { name: $name }, first: 8) { edges { node { ozgId name } } } }`;

/** Finding an OZG-ID by name: the matches become buttons that fill in the OZG-ID field. */
function finder() {
  const input = h('input', { id: 'ozg-name', type: 'text', autocomplete: 'off' });
  const list = h('div', { 'aria-live': 'polite' });
  async function find() {
    const name = input.value.trim();
    if (name.length < 2) { replace(list, h('p', { class: 'hint' }, 'Bitte mindestens zwei Zeichen eingeben.')); return; }
    try {
      const found = (await gql(FIND_SERVICE, { name })).ozgServices.edges.map((edge) => edge.node);
      replace(list, found.length ? h('ul', { class: 'choice-list', 'aria-label': 'Gefundene OZG-Leistungen' }, found.map((service) => h('li', {},
        h('button', { type: 'button', class: 'link', onclick: () => {
          const field = document.getElementById('ozg-id');
          field.value = service.ozgId;
          document.getElementById('themenfeld').value = '';
          field.focus();
        } }, `${service.name} (${service.ozgId})`))))
        : h('p', {}, 'Keine OZG-Leistung mit diesem Namen.'));
    } catch (error) {
      replace(list, message('error', error.message));
    }
  }
  input.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); find(); } });
  return h('div', { class: 'field' }, h('label', { for: 'ozg-name' }, 'OZG-Leistung nach Namen suchen'),
    h('div', { class: 'search-row' }, input, h('button', { type: 'button', onclick: find }, 'Leistung suchen')), list);
}

function maturityLabel(entry) {
  if (entry.level === null) return 'nicht bewertet';
  return `Stufe ${entry.level} (Modell ${entry.model === 'V2_0' ? '2.0' : '1.1'})`;
}
