// Import of a spreadsheet of adoptions (importAdoptions): choose the file, check it (a dry run, its report as a
// table), then apply it. A file with a refused row is not applied: the page says which rows and why.
import { h, replace, message, dataTable, number } from '../dom.js';
import { gql, session, label } from '../api.js';

const IMPORT = `mutation Importieren($input: ImportAdoptionsInput!) { importAdoptions(input: $input) { report {
  fileName sha256 dryRun applied format encoding separator unreadColumns created changed unchanged refused
  rows(first: 1000) { line outcome message status organizationId organizationName solutionId solutionName } } } }`;

const OUTCOME = { CREATE: 'Neu', CHANGE: 'Änderung', UNCHANGED: 'Unverändert', REFUSED: 'Abgelehnt' };

const COLUMNS = [
  ['ARS oder AGS oder Organisation (+ Kreis)', 'Die übernehmende Organisation: Amtlicher Regionalschlüssel (12 Ziffern), Amtlicher Gemeindeschlüssel (8 Ziffern) oder der genaue Name, bei mehrdeutigen Namen mit dem Kreis. Fehlt die führende Null (Excel hat den Schlüssel als Zahl gelesen), wird sie ergänzt.', 'Pflicht'],
  ['Lösung', 'ID oder genauer Name der Lösung, wie in der Registry.', 'Pflicht'],
  ['Status', 'Interesse, geplant, in Umsetzung, live oder eingestellt.', 'Pflicht'],
  ['Datum', 'Seit wann der Status gilt: TT.MM.JJJJ oder JJJJ-MM-TT. Ohne Angabe: heute.', 'optional'],
  ['OZG-IDs', 'Die übernommenen OZG-Leistungen, durch Komma oder Leerzeichen getrennt. Ohne Angabe: alle der Lösung.', 'optional'],
  ['Betriebsmodell', 'CENTRAL_SERVICE (zentraler Dienst), OWN_INSTANCE (eigene Instanz) oder FORK.', 'optional'],
  ['Rechtsweg', 'FIT_STORE, GOVDIGITAL_MARKETPLACE, KOMMUNALVERTRETER_MODELL, VERWALTUNGSVEREINBARUNG, DIRECT_CONTRACT oder OPEN_LICENCE.', 'optional'],
];

export async function render(main) {
  document.title = 'Übernahmen importieren – OZG-Registry';
  if (!session.token()) {
    replace(main, h('h1', {}, 'Übernahmen importieren'),
      message('warning', 'Für den Import ist eine Anmeldung nötig. ', h('a', { href: '/anmelden' }, 'Zur Anmeldung')));
    return;
  }
  const status = h('div', { 'aria-live': 'polite', id: 'import-status' });
  const result = h('div', { id: 'import-bericht' });
  const fileInput = h('input', { id: 'datei', type: 'file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', required: true, 'aria-describedby': 'datei-hinweis' });

  const form = h('form', { class: 'panel', onsubmit: async (event) => {
    event.preventDefault();
    await run(true);
  } },
  h('div', { class: 'field' }, h('label', { for: 'datei' }, 'Tabelle (CSV oder Excel)'), fileInput,
    h('p', { id: 'datei-hinweis', class: 'hint' }, 'Eine Zeile je Übernahme, die erste Zeile nennt die Spalten. CSV mit Semikolon oder Komma (UTF-8 oder Windows-1252, wie Excel speichert) oder eine Excel-Arbeitsmappe (XLSX, erstes Tabellenblatt).')),
  h('button', { type: 'submit', id: 'pruefen' }, 'Datei prüfen'));

  replace(main, h('h1', {}, 'Übernahmen importieren'),
    h('p', {}, 'Bringen Sie Übernahmen aus einer Tabelle in die Registry, die Sie schon führen. Die Datei wird zuerst geprüft: Sie sehen Zeile für Zeile, was angelegt, geändert oder abgelehnt würde, bevor etwas gespeichert wird. Gespeichert wird nur die ganze Datei oder nichts.'),
    form, status, result, help());

  // the file checked last: saving applies exactly that one, even if another is chosen meanwhile
  let checkedFile = null;
  fileInput.addEventListener('change', () => {
    checkedFile = null;
    replace(status);
    replace(result);
  });

  async function run(dryRun) {
    const file = dryRun ? fileInput.files[0] : checkedFile;
    if (!file) return;
    if (dryRun) checkedFile = file;
    replace(status, h('p', {}, dryRun ? 'Die Datei wird geprüft …' : 'Die Übernahmen werden gespeichert …'));
    try {
      const content = await base64(file);
      const data = await gql(IMPORT, { input: { fileName: file.name, content, dryRun } });
      const report = data.importAdoptions.report;
      replace(status, summary(report));
      replace(result, rowsTable(report), !report.dryRun || report.refused > 0 || report.created + report.changed === 0 ? null
        : h('p', {}, h('button', { type: 'button', id: 'uebernehmen', onclick: () => run(false) },
          `${number(report.created + report.changed)} Übernahmen speichern`)));
    } catch (error) {
      replace(status, message('error', `Der Import ist fehlgeschlagen: ${error.message}`, error.detail ? ` ${error.detail}` : ''));
      replace(result);
    }
  }
}

function summary(report) {
  const counts = `${number(report.created)} neu, ${number(report.changed)} geändert, ${number(report.unchanged)} unverändert, ${number(report.refused)} abgelehnt`;
  if (report.refused > 0) {
    return message('error', `„${report.fileName}“: ${counts}. `, report.dryRun
      ? 'Eine Datei mit abgelehnten Zeilen wird nicht gespeichert: Bitte korrigieren Sie die Zeilen unten und prüfen Sie die Datei erneut.'
      : 'Nichts wurde gespeichert. Bitte korrigieren Sie die abgelehnten Zeilen und versuchen Sie es erneut.');
  }
  if (report.applied) {
    return message('success', `„${report.fileName}“ wurde übernommen: ${counts}. Quelle der Einträge: importiert (SHA-256 ${report.sha256.slice(0, 16)} …).`);
  }
  if (report.created + report.changed === 0) {
    return message('success', `„${report.fileName}“: ${counts}. Alles ist schon so in der Registry; es gibt nichts zu speichern.`);
  }
  return message('warning', `Prüfung von „${report.fileName}“: ${counts}. Noch ist nichts gespeichert.`);
}

function rowsTable(report) {
  const read = report.format === 'XLSX' ? 'Gelesen als Excel-Arbeitsmappe (erstes Tabellenblatt).'
    : `Gelesen als CSV (${report.encoding === 'UTF-8' ? 'UTF-8' : 'Windows-1252'}, Trennzeichen „${report.separator}“).`;
  const unread = report.unreadColumns.length
    ? ` Nicht gelesen ${report.unreadColumns.length === 1 ? 'wird die Spalte' : 'werden die Spalten'} ${report.unreadColumns.map((column) => `„${column}“`).join(', ')}.` : '';
  const shown = report.rows.length < report.created + report.changed + report.unchanged + report.refused
    ? ` Angezeigt sind die ersten ${number(report.rows.length)} Zeilen.` : '';
  return h('section', { 'aria-labelledby': 'bericht-titel' },
    h('h2', { id: 'bericht-titel' }, report.dryRun ? 'Prüfbericht' : 'Importbericht'),
    h('p', { class: 'hint' }, read, unread, shown),
    dataTable(`Zeilen der Datei „${report.fileName}“`, ['Zeile', 'Ergebnis', 'Organisation', 'Lösung', 'Hinweis'],
      report.rows.map((row) => [String(row.line),
        h('span', { class: `outcome ${row.outcome.toLowerCase()}` }, OUTCOME[row.outcome] || row.outcome),
        row.organizationId ? h('a', { href: `/organisation/${row.organizationId}` }, row.organizationName) : '–',
        row.solutionId ? h('a', { href: `/loesung/${row.solutionId}` }, row.solutionName) : '–',
        hint(row)])));
}

/** What happens to the row, in German; a refusal's reason as the registry gives it. */
function hint(row) {
  const status = row.status ? `„${label('status', row.status)}“` : '';
  switch (row.outcome) {
    case 'CREATE': return `Neue Übernahme, Status ${status}.`;
    case 'CHANGE': return `Wechselt zu ${status}.`;
    case 'UNCHANGED': return `Schon so erfasst (${status}).`;
    default: return h('span', { lang: 'en' }, row.message);
  }
}

function help() {
  return h('section', { class: 'panel', 'aria-labelledby': 'spalten-titel' },
    h('h2', { id: 'spalten-titel' }, 'Aufbau der Tabelle'),
    h('p', {}, 'Die Spaltennamen stehen in der ersten Zeile; die Reihenfolge ist beliebig, weitere Spalten werden nicht gelesen. ',
      h('a', { href: '/ui/vorlage-uebernahmen.csv', download: 'vorlage-uebernahmen.csv' }, 'Vorlage herunterladen (CSV)'), '.'),
    h('dl', { class: 'columns-help' }, COLUMNS.map(([column, text, required]) => [
      h('dt', {}, column, ' ', h('span', { class: 'hint' }, `(${required})`)), h('dd', {}, text)])),
    h('p', { class: 'hint' }, 'Eine bestehende Übernahme kann nur vorwärts wechseln (z. B. von „geplant“ zu „live“); eine Zeile, die zurückgehen würde, wird abgelehnt. Sie können nur für Organisationen importieren, für die Sie handeln dürfen: als Veröffentlicher für Ihre Organisation, als Landeskoordination für Ihr Land.'));
}

/** The file's bytes, base64-encoded (as the API takes them). */
async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}
