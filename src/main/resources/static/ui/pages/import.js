// Every import of the registry, one page: adoptions from a spreadsheet (importAdoptions), a solution from its
// publiccode.yml (importPubliccode), the Open-PVOG export (importOpenPvog) and a new version of the OZG catalogue
// (importCatalogue). Each file is checked first (a dry run, its report as a table), then applied: saving sends exactly
// the file and the choices that were checked. A file with a refused row is not applied: the page says which rows and why.
import { h, replace, message, dataTable, number, date } from '../dom.js';
import { gql, session, label, labels } from '../api.js';
import { findOrganizations, organizationLabel } from '../organizations.js';

const REPORT = 'fileName sha256 dryRun applied format encoding separator unreadColumns notes created changed unchanged refused rows(first: 1000) { line outcome message status organizationId organizationName solutionId solutionName ozgId ozgServiceName }';

const VERSION = 'number label publishedOn loadedAt fileName added renamed retired ozgServices';

const IMPORT_ADOPTIONS = `mutation UebernahmenImportieren($input: ImportAdoptionsInput!) {
  importAdoptions(input: $input) { report { ${REPORT} } } }`;

const IMPORT_PUBLICCODE = `mutation PubliccodeImportieren($input: ImportPubliccodeInput!) {
  importPubliccode(input: $input) { report { ${REPORT} } solution { id name } } }`;

const IMPORT_OPEN_PVOG = `mutation OpenPvogImportieren($input: ImportOpenPvogInput!) {
  importOpenPvog(input: $input) { report { ${REPORT} }
    unmatchedHosts { host rows organizations ozgServiceCount ozgServices { ozgId name } exampleUrls } } }`;

const IMPORT_CATALOGUE = `mutation KatalogImportieren($input: ImportCatalogueInput!) {
  importCatalogue(input: $input) { report { ${REPORT} } catalogueVersion { ${VERSION} } } }`;

const CURRENT_VERSION = `query Katalogversion { catalogueVersion { ${VERSION} } }`;

const OUTCOME = { CREATE: 'Neu', CHANGE: 'Änderung', UNCHANGED: 'Unverändert', REFUSED: 'Abgelehnt' };

const SPREADSHEET = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The official terms the explanations use, explained once. */
const TERMS = {
  ars: ['ARS', 'Amtlicher Regionalschlüssel: 12 Ziffern, die eine Gebietskörperschaft bezeichnen (Land, Regierungsbezirk, Kreis, Gemeindeverband, Gemeinde), z. B. 072110000000 für Trier.'],
  ozg: ['OZG-Leistung', 'Eine Verwaltungsleistung des OZG-Umsetzungskatalogs (OZG: Onlinezugangsgesetz), die online angeboten werden soll, mit ihrer fünfstelligen OZG-ID, z. B. 10160 „Hundehaltung“. Sie bündelt meist mehrere LeiKa-Leistungen.'],
  leika: ['LeiKa-Leistung', 'Ein Eintrag des Leistungskatalogs der öffentlichen Verwaltung (LeiKa) mit 14-stelligem LeiKa-Schlüssel, z. B. 99102013000000 „Hundesteuer“.'],
  pvog: ['PVOG, Open-PVOG', 'Der Portalverbund Online-Gateway (PVOG) verbindet die Verwaltungsportale von Bund und Ländern und verzeichnet, unter welcher Adresse eine Gebietskörperschaft eine Leistung online anbietet. Open-PVOG ist der offene Export dieser Daten im Dashboard Digitale Verwaltung, je Gebietskörperschaft.'],
  publiccode: ['publiccode.yml', 'Eine Datei im Repository einer Software, die sie nach einem offenen Standard beschreibt: Name, Zweck, Lizenz, Entwicklungsstand, Betreuung. OpenCoDE, Developers Italia und der EU-Katalog für Open-Source-Software lesen sie.'],
  urlPattern: ['URL-Muster', 'Die Adressen, unter denen eine Lösung läuft, als Host mit optionalem Pfad, z. B. „formulare.example.de/hundesteuer“. Eine Adresse passt, wenn ihr Host der des Musters oder eine Subdomain davon ist und ihr Pfad mit dem des Musters beginnt.'],
};

const ADOPTION_COLUMNS = [
  ['ARS oder AGS oder Organisation (+ Kreis)', 'Die übernehmende Organisation: Amtlicher Regionalschlüssel (12 Ziffern), Amtlicher Gemeindeschlüssel (8 Ziffern) oder der genaue Name, bei mehrdeutigen Namen mit dem Kreis. Fehlt die führende Null (Excel hat den Schlüssel als Zahl gelesen), wird sie ergänzt.', 'Pflicht'],
  ['Lösung', 'ID oder genauer Name der Lösung, wie in der Registry.', 'Pflicht'],
  ['Status', 'Interesse, geplant, in Umsetzung, live oder eingestellt.', 'Pflicht'],
  ['Datum', 'Seit wann der Status gilt: TT.MM.JJJJ oder JJJJ-MM-TT. Ohne Angabe: heute.', 'optional'],
  ['OZG-IDs', 'Die übernommenen OZG-Leistungen, durch Komma oder Leerzeichen getrennt. Ohne Angabe: alle der Lösung.', 'optional'],
  ['Betriebsmodell', 'CENTRAL_SERVICE (zentraler Dienst), OWN_INSTANCE (eigene Instanz) oder FORK.', 'optional'],
  ['Rechtsweg', 'FIT_STORE, GOVDIGITAL_MARKETPLACE, KOMMUNALVERTRETER_MODELL, VERWALTUNGSVEREINBARUNG, DIRECT_CONTRACT oder OPEN_LICENCE.', 'optional'],
];

const PUBLICCODE_RULES = [
  ['Organisation', 'Die Datei muss die veröffentlichende Organisation nennen: in organisation.uri als urn:de:ars:<ARS> (z. B. urn:de:ars:072110000000) oder als Adresse ihrer Website, oder mit ihrem Namen in organisation.name, legal.mainCopyrightOwner oder legal.repoOwner. Sonst wird sie abgelehnt.'],
  ['Lösung', 'Gefunden unter den Lösungen der Organisation über die url der Datei (als Repository-Adresse), sonst über den genauen Namen; gibt es sie nicht, wird sie neu angelegt. Übernommen werden name, die deutsche Beschreibung (sonst die englische), url, landingURL, legal.license, softwareVersion und developmentStatus (als Lebenszyklus); usedBy als unbestätigte Angabe des Anbieters, nie als Übernahme.'],
  ['OZG-Leistungen', 'Die OZG-IDs oben; ohne Angabe die Einträge urn:de:ozg:leistung:<OZG-ID> unter supports. Eine neue Lösung braucht mindestens eine.'],
  ['Nicht übernommen', 'Kontaktpersonen (maintenance: die Registry speichert aus einer Datei keine personenbezogenen Daten), Länderabschnitte wie it und Schlüssel, die der Standard nicht kennt: Der Prüfbericht nennt sie.'],
];

const OPEN_PVOG_COLUMNS = [
  ['leika_key', 'LeiKa-Schlüssel (14 Ziffern); daraus die OZG-Leistung der Übernahme.'],
  ['ars', 'Die Gebietskörperschaft, die den Onlinedienst anbietet (ARS, 12 Ziffern).'],
  ['url', 'Adresse des Onlinedienstes: Sie bestimmt über die URL-Muster die Lösung.'],
  ['online_status, aktiv', 'Nur eine Zeile mit beiden gesetzt (true, 1, ja, x, online, aktiv) ergibt eine Übernahme; andere bleiben unverändert.'],
  ['datenstand_pvog_import', 'Seit wann die Übernahme live ist (das früheste Datum ihrer Zeilen).'],
  ['art_flaechendeckung', 'Nur im Bericht: neben der Abdeckung, die die Registry vor der Datei kennt.'],
  ['leika_name, ozgid, ozg_bezeichnung', 'Zur Kontrolle; es gelten die OZG-Leistung und die Namen des Katalogs.'],
];

const CATALOGUE_COLUMNS = [
  ['ozg_id', 'Die OZG-ID (5 Ziffern).', 'Pflicht'],
  ['ozg_leistung', 'Der Name der OZG-Leistung; ein neuer Name benennt sie um, der frühere bleibt erhalten.', 'Pflicht'],
  ['lebenslage', 'Die Lebenslage; eine neue wird ihrem Themenfeld hinzugefügt.', 'Pflicht'],
  ['themenfeld', 'Eines der 14 Themenfelder.', 'Pflicht'],
  ['katalog_version', 'Der Name der Version, in jeder Zeile derselbe, z. B. 2024-06.', 'Pflicht'],
  ['katalog_stand', 'Das Datum der Fassung: TT.MM.JJJJ oder JJJJ-MM-TT. Ohne Angabe: der Tag des Ladens.', 'optional'],
];

/** What the page offers to import: the mutation, the file expected, and how its report is shown. */
const KINDS = {
  uebernahmen: {
    title: 'Übernahmen aus einer Tabelle',
    choice: 'Welche Organisation welche Lösung übernommen hat, eine Zeile je Übernahme: etwa die Liste, die eine Landeskoordination oder ein IT-Dienstleister führt.',
    document: IMPORT_ADOPTIONS,
    field: 'importAdoptions',
    accept: SPREADSHEET,
    fileLabel: 'Tabelle (CSV oder Excel)',
    fileHint: 'Eine Zeile je Übernahme, die erste Zeile nennt die Spalten. CSV mit Semikolon oder Komma (UTF-8 oder Windows-1252, wie Excel speichert) oder eine Excel-Arbeitsmappe (XLSX, erstes Tabellenblatt).',
    headers: ['Zeile', 'Ergebnis', 'Organisation', 'Lösung', 'Hinweis'],
    cells: (row) => [organizationCell(row), solutionCell(row, true), adoptionHint(row)],
    saving: 'Die Übernahmen werden gespeichert …',
    saveLabel: (report) => `${number(report.created + report.changed)} Übernahmen speichern`,
  },
  publiccode: {
    title: 'Lösung aus publiccode.yml',
    choice: 'Die Beschreibung einer Software in ihrer publiccode.yml wird zu einer Lösung der veröffentlichenden Organisation: neu angelegt oder, wenn es sie schon gibt, aktualisiert.',
    document: IMPORT_PUBLICCODE,
    field: 'importPubliccode',
    accept: '.yml,.yaml,application/yaml,application/x-yaml,text/yaml',
    fileLabel: 'publiccode.yml',
    fileHint: 'Die Datei, wie sie im Repository der Software liegt (YAML in UTF-8, höchstens 256 KB). Sie wird nur gelesen: Nichts, worauf sie verweist, wird aus dem Netz geladen.',
    headers: ['Zeile', 'Ergebnis', 'Organisation', 'Lösung', 'Meldung'],
    cells: (row, report) => [organizationCell(row), solutionCell(row, row.outcome !== 'CREATE' || report.applied), serverMessage(row)],
    saving: 'Die Lösung wird gespeichert …',
    saveLabel: (report) => (report.created ? 'Lösung anlegen' : 'Änderungen der Lösung speichern'),
  },
  'open-pvog': {
    title: 'Open-PVOG-Export',
    choice: 'Der Export des Dashboards Digitale Verwaltung: je Gebietskörperschaft die Onlinedienste, die der PVOG für jede LeiKa-Leistung verlinkt. Eine Adresse, die zu den URL-Mustern einer Lösung passt, wird zur Live-Übernahme dieser Lösung für die OZG-Leistung.',
    document: IMPORT_OPEN_PVOG,
    field: 'importOpenPvog',
    accept: SPREADSHEET,
    fileLabel: 'Open-PVOG-Export (CSV oder Excel)',
    fileHint: 'CSV, wie das Dashboard exportiert (Semikolon oder Komma, UTF-8 oder Windows-1252), oder eine Excel-Arbeitsmappe mit denselben Spalten.',
    headers: ['Zeile', 'Ergebnis', 'Organisation', 'OZG-Leistung', 'Lösung', 'Meldung'],
    cells: (row) => [organizationCell(row), ozgServiceCell(row, true), solutionCell(row, true), serverMessage(row)],
    saving: 'Die Übernahmen werden gespeichert …',
    saveLabel: (report) => `${number(report.created + report.changed)} Übernahmen speichern`,
  },
  katalog: {
    title: 'Neue Version des OZG-Katalogs',
    choice: 'Eine neue Fassung des OZG-Umsetzungskatalogs: neue OZG-Leistungen, neue Namen, stillgelegte Leistungen. Nur die Bundeskoordination und die Administration dürfen sie laden.',
    document: IMPORT_CATALOGUE,
    field: 'importCatalogue',
    accept: SPREADSHEET,
    fileLabel: 'OZG-Katalog (CSV oder Excel)',
    fileHint: 'Der ganze Katalog, eine Zeile je OZG-Leistung, die erste Zeile nennt die Spalten (siehe unten). CSV mit Semikolon oder Komma (UTF-8 oder Windows-1252) oder eine Excel-Arbeitsmappe (XLSX).',
    headers: ['Zeile', 'Ergebnis', 'OZG-Leistung', 'Meldung'],
    cells: (row, report) => [ozgServiceCell(row, row.outcome !== 'CREATE' || report.applied), serverMessage(row)],
    saving: 'Die Katalogversion wird geladen …',
    saveLabel: (report) => `Katalogversion laden (${number(report.created)} neu, ${number(report.changed)} geändert)`,
  },
};

export async function render(main, _, params) {
  document.title = 'Importieren – OZG-Registry';
  if (!session.token()) {
    replace(main, h('h1', {}, 'Daten importieren'),
      message('warning', 'Für den Import ist eine Anmeldung nötig. ', h('a', { href: '/anmelden' }, 'Zur Anmeldung')));
    return;
  }
  let kind = KINDS[params.get('art')] ? params.get('art') : 'uebernahmen';
  const viewer = session.viewer();
  // the publishing organization of a publiccode.yml: the signed-in organization unless another is chosen
  let provider = viewer && viewer.organization ? viewer.organization : null;

  const status = h('div', { 'aria-live': 'polite', id: 'import-status' });
  const result = h('div', { id: 'import-bericht' });
  const fileInput = h('input', { id: 'datei', type: 'file', required: true, 'aria-describedby': 'datei-hinweis' });
  const fileLabel = h('label', { for: 'datei' });
  const fileHint = h('p', { id: 'datei-hinweis', class: 'hint' });
  const help = h('div');

  const kindChoice = h('fieldset', { class: 'kinds' }, h('legend', {}, 'Was möchten Sie importieren?'),
    Object.entries(KINDS).map(([key, spec]) => h('div', { class: 'kind' },
      h('input', { type: 'radio', name: 'art', id: `art-${key}`, value: key, checked: key === kind,
        'aria-describedby': `art-${key}-hinweis`, onchange: () => choose(key) }),
      h('label', { for: `art-${key}` }, spec.title),
      h('p', { id: `art-${key}-hinweis`, class: 'hint' }, spec.choice))));

  const providerShown = h('p', { id: 'anbieter', tabindex: '-1' });
  const providerSearch = h('input', { id: 'anbieter-suche', type: 'text', autocomplete: 'off',
    onkeydown: (event) => { if (event.key === 'Enter') { event.preventDefault(); searchProvider(); } } });
  const providerChoices = h('div', { 'aria-live': 'polite' });
  const ozgIdsInput = h('input', { id: 'ozg-ids', type: 'text', inputmode: 'numeric', autocomplete: 'off',
    'aria-describedby': 'ozg-ids-hinweis', oninput: invalidate });
  const reuseModelSelect = h('select', { id: 'nachnutzungsmodell', 'aria-describedby': 'nachnutzungsmodell-hinweis', onchange: invalidate },
    h('option', { value: '' }, 'wie bisher (neue Lösung: Open Source)'),
    Object.entries(labels.reuseModel).map(([value, text]) => h('option', { value }, text)));
  const publiccodeFields = h('div', { id: 'publiccode-felder' },
    h('fieldset', {}, h('legend', {}, 'Veröffentlichende Organisation (Anbieter der Lösung)'),
      providerShown,
      h('label', { for: 'anbieter-suche' }, 'Andere Organisation suchen (Name)'),
      h('div', { class: 'search-row' }, providerSearch, h('button', { type: 'button', onclick: searchProvider }, 'Organisation suchen')),
      providerChoices),
    h('div', { class: 'field' }, h('label', { for: 'ozg-ids' }, 'OZG-IDs der Lösung (optional)'), ozgIdsInput,
      h('p', { id: 'ozg-ids-hinweis', class: 'hint' }, 'Die OZG-Leistungen, die die Lösung abdeckt, durch Komma oder Leerzeichen getrennt, z. B. „10160, 10173“. Angegeben, ersetzen sie, was die Datei nennt; ohne Angabe gilt die Datei, und eine bestehende Lösung behält sonst ihre.')),
    h('div', { class: 'field' }, h('label', { for: 'nachnutzungsmodell' }, 'Nachnutzungsmodell (optional)'), reuseModelSelect,
      h('p', { id: 'nachnutzungsmodell-hinweis', class: 'hint' }, 'Ohne Angabe wird eine neue Lösung als Open Source eingetragen; eine bestehende behält ihres.')));
  const catalogueBox = h('div', { id: 'katalog-version', 'aria-live': 'polite' });

  const form = h('form', { class: 'panel', onsubmit: async (event) => {
    event.preventDefault();
    await run(true);
  } },
  kindChoice, publiccodeFields, catalogueBox,
  h('div', { class: 'field' }, fileLabel, fileInput, fileHint),
  h('button', { type: 'submit', id: 'pruefen' }, 'Datei prüfen'));

  replace(main, h('h1', {}, 'Daten importieren'),
    h('p', {}, 'Bringen Sie Daten, die Sie schon führen, in die Registry. Jede Datei wird zuerst geprüft: Sie sehen Zeile für Zeile, was angelegt, geändert oder abgelehnt würde, bevor etwas gespeichert wird. Gespeichert wird nur die ganze Datei oder nichts.'),
    form, status, result, help);

  // what was checked last: saving applies exactly that file with those choices, even if another is chosen meanwhile
  let checked = null;
  fileInput.addEventListener('change', invalidate);
  showProvider();
  await choose(kind, false);

  function invalidate() {
    checked = null;
    replace(status);
    replace(result);
  }

  async function choose(key, chosen = true) {
    kind = key;
    const spec = KINDS[key];
    invalidate();
    // the address names the kind chosen, so that a reload or a link opens the same form
    if (chosen) history.replaceState(null, '', `/import?art=${key}`);
    fileInput.value = '';
    fileInput.setAttribute('accept', spec.accept);
    replace(fileLabel, spec.fileLabel);
    replace(fileHint, spec.fileHint);
    publiccodeFields.hidden = key !== 'publiccode';
    catalogueBox.hidden = key !== 'katalog';
    replace(help, helpFor(key));
    if (key === 'katalog') {
      try {
        showVersion((await gql(CURRENT_VERSION)).catalogueVersion, false);
      } catch (error) {
        replace(catalogueBox, message('error', `Die aktuelle Katalogversion ist nicht abrufbar: ${error.message}`));
      }
    }
  }

  function showVersion(version, loaded) {
    replace(catalogueBox, h('p', { class: loaded ? null : 'hint' }, loaded ? 'Jetzt aktuell: ' : 'Aktuell geladen: ', versionText(version),
      ' Eine neue Version muss neuer sein als diese.'));
  }

  function showProvider() {
    replace(providerShown, provider
      ? ['Gewählt: ', h('strong', {}, organizationLabel(provider)),
        viewer && viewer.organization && provider.id === viewer.organization.id ? ' (Ihre Organisation)' : '']
      : 'Noch keine Organisation gewählt: Suchen Sie sie unten.');
  }

  async function searchProvider() {
    if (!providerSearch.value.trim()) return;
    try {
      const found = await findOrganizations(providerSearch.value);
      replace(providerChoices, found.length
        ? h('ul', { class: 'choice-list', 'aria-label': 'Gefundene Organisationen' }, found.map((organization) => h('li', {},
          h('button', { type: 'button', class: 'link', onclick: () => {
            provider = organization;
            showProvider();
            replace(providerChoices);
            providerSearch.value = '';
            invalidate();
            providerShown.focus();
          } }, `${organizationLabel(organization)} wählen`))))
        : message('warning', 'Keine Organisation mit diesem Namen gefunden.'));
    } catch (error) {
      replace(providerChoices, message('error', error.message));
    }
  }

  /** The input fields beyond the file, for the chosen kind; null (and a message) if something is missing. */
  function choices() {
    if (kind !== 'publiccode') return {};
    if (!provider) {
      replace(status, message('error', 'Bitte wählen Sie zuerst die veröffentlichende Organisation.'));
      providerSearch.focus();
      return null;
    }
    const ids = ozgIdsInput.value.split(/[\s,;]+/).filter(Boolean);
    if (ids.some((id) => !/^\d+$/.test(id))) {
      replace(status, message('error', 'OZG-IDs sind Zahlen, z. B. 10160; mehrere durch Komma oder Leerzeichen getrennt.'));
      ozgIdsInput.focus();
      return null;
    }
    return { providerId: provider.id, ozgIds: ids.length ? ids.map(Number) : undefined, reuseModel: reuseModelSelect.value || undefined };
  }

  async function run(dryRun) {
    if (dryRun) {
      const file = fileInput.files[0];
      const extra = file ? choices() : null;
      if (!file || !extra) return;
      checked = { kind, file, extra, provider };
    }
    if (!checked) return;
    const { file, extra } = checked;
    const spec = KINDS[checked.kind];
    replace(status, h('p', {}, dryRun ? 'Die Datei wird geprüft …' : spec.saving));
    try {
      const content = await base64(file);
      const payload = (await gql(spec.document, { input: { ...extra, fileName: file.name, content, dryRun } }))[spec.field];
      const report = payload.report;
      replace(status, summary(checked.kind, payload, checked));
      const savable = report.dryRun && report.refused === 0 && report.created + report.changed > 0;
      replace(result, reportSection(checked.kind, report),
        payload.unmatchedHosts && payload.unmatchedHosts.length ? unmatchedHostsSection(payload.unmatchedHosts, report) : null,
        savable ? h('p', {}, h('button', { type: 'button', id: 'uebernehmen', onclick: () => run(false) }, spec.saveLabel(report))) : null);
      if (payload.catalogueVersion) showVersion(payload.catalogueVersion, true);
    } catch (error) {
      replace(status, message('error', `Der Import ist fehlgeschlagen: ${error.message}`, error.detail ? [' ', h('span', { lang: 'en' }, error.detail)] : ''));
      replace(result);
    }
  }
}

function versionText(version) {
  const stand = version.fileName ? `Stand ${date(version.publishedOn)}, geladen am ${date(version.loadedAt)} aus „${version.fileName}“` : 'mitgelieferter Katalog';
  const changes = version.fileName ? `: ${number(version.added)} neu, ${number(version.renamed)} umbenannt, ${number(version.retired)} stillgelegt` : '';
  return `Version ${version.number} „${version.label}“ (${stand}), ${number(version.ozgServices)} OZG-Leistungen${changes}.`;
}

function summary(kind, payload, checked) {
  const report = payload.report;
  const counts = `${number(report.created)} neu, ${number(report.changed)} geändert, ${number(report.unchanged)} unverändert, ${number(report.refused)} abgelehnt`;
  if (report.refused > 0) {
    return message('error', `„${report.fileName}“: ${counts}. `, report.dryRun
      ? 'Eine Datei mit abgelehnten Zeilen wird nicht gespeichert: Bitte korrigieren Sie die Zeilen unten und prüfen Sie die Datei erneut.'
      : 'Nichts wurde gespeichert. Bitte korrigieren Sie die abgelehnten Zeilen und versuchen Sie es erneut.');
  }
  const source = ` Quelle der Einträge: importiert (SHA-256 ${report.sha256.slice(0, 16)} …).`;
  if (report.applied) {
    switch (kind) {
      case 'publiccode': return message('success', `„${report.fileName}“ wurde übernommen: Die Lösung `,
        h('a', { href: `/loesung/${payload.solution.id}`, id: 'zur-loesung' }, payload.solution.name),
        ` von ${checked.provider.name} ist ${report.created ? 'angelegt' : 'geändert'}.${source}`);
      case 'katalog': return message('success', `„${report.fileName}“ wurde geladen: ${counts}. Katalogversion „${payload.catalogueVersion.label}“ ist jetzt aktuell.`);
      default: return message('success', `„${report.fileName}“ wurde übernommen: ${counts}.${source}`);
    }
  }
  if (report.created + report.changed === 0) {
    if (payload.unmatchedHosts && payload.unmatchedHosts.length) {
      return message('warning', `„${report.fileName}“: ${counts}. Keine Zeile ergibt eine neue oder geänderte Übernahme; ${number(payload.unmatchedHosts.length)} ${payload.unmatchedHosts.length === 1 ? 'Adresse passt' : 'Adressen passen'} zu keiner Lösung (siehe „Nicht zugeordnete Adressen“).`);
    }
    return message('success', `„${report.fileName}“: ${counts}. Alles ist schon so in der Registry; es gibt nichts zu speichern.`);
  }
  return message('warning', `Prüfung von „${report.fileName}“: ${counts}. Noch ist nichts gespeichert.`);
}

function reportSection(kind, report) {
  const spec = KINDS[kind];
  const read = report.format === 'YAML' ? 'Gelesen als YAML (publiccode.yml).'
    : report.format === 'XLSX' ? 'Gelesen als Excel-Arbeitsmappe (erstes Tabellenblatt).'
      : `Gelesen als CSV (${report.encoding === 'UTF-8' ? 'UTF-8' : 'Windows-1252'}, Trennzeichen „${report.separator}“).`;
  const unread = report.unreadColumns.length
    ? ` Nicht gelesen ${report.unreadColumns.length === 1 ? 'wird die Spalte' : 'werden die Spalten'} ${report.unreadColumns.map((column) => `„${column}“`).join(', ')}.` : '';
  const shown = report.rows.length < report.created + report.changed + report.unchanged + report.refused
    ? ` Angezeigt sind die ersten ${number(report.rows.length)} Zeilen.` : '';
  const english = kind === 'uebernahmen' ? '' : ' Die Meldungen der Registry sind englisch.';
  return h('section', { 'aria-labelledby': 'bericht-titel' },
    h('h2', { id: 'bericht-titel' }, report.dryRun ? 'Prüfbericht' : 'Importbericht'),
    h('p', { class: 'hint' }, read, unread, shown, english),
    report.notes.length ? [h('h3', { id: 'hinweise-titel' }, 'Hinweise zur Datei'),
      h('ul', { class: 'notes', 'aria-labelledby': 'hinweise-titel' }, report.notes.map((note) => h('li', { lang: 'en' }, note)))] : null,
    rowsTables(report, (caption, rows) => dataTable(caption, spec.headers, rows.map((row) => [lineCell(row, report),
      h('span', { class: `outcome ${row.outcome.toLowerCase()}` }, OUTCOME[row.outcome] || row.outcome),
      ...spec.cells(row, report)]))));
}

/**
 * The rows that change something or are refused first; the unchanged ones (most of a catalogue, the rows of an
 * Open-PVOG file that match no solution) folded below them, unless nothing else is there.
 */
function rowsTables(report, table) {
  const changing = report.rows.filter((row) => row.outcome !== 'UNCHANGED');
  const unchanged = report.rows.filter((row) => row.outcome === 'UNCHANGED');
  if (!changing.length || !unchanged.length) return table(`Zeilen der Datei „${report.fileName}“`, report.rows);
  return [table(`Neue, geänderte und abgelehnte Zeilen der Datei „${report.fileName}“`, changing),
    h('details', { class: 'alternative', id: 'unveraenderte-zeilen' },
      h('summary', {}, `${number(unchanged.length)} unveränderte ${unchanged.length === 1 ? 'Zeile' : 'Zeilen'} zeigen`),
      table(`Unveränderte Zeilen der Datei „${report.fileName}“`, unchanged))];
}

/** The row's line; 0 is a record the file does not name (an OZG-Leistung a new catalogue version retires). */
function lineCell(row, report) {
  if (row.line !== 0) return String(row.line);
  return ['–', h('span', { class: 'hint line-hint' }, report.applied ? 'nicht in der Datei (stillgelegt)' : 'nicht in der Datei (wird stillgelegt)')];
}

function organizationCell(row) {
  return row.organizationId ? h('a', { href: `/organisation/${row.organizationId}` }, row.organizationName) : none();
}

/** The solution the row names, linked where it exists (not one a dry run would create). */
function solutionCell(row, exists) {
  if (!row.solutionId || !exists) return row.solutionName || none();
  return h('a', { href: `/loesung/${row.solutionId}` }, row.solutionName);
}

/** The OZG-Leistung the row names, linked where it exists (not one a dry run of a catalogue would add). */
function ozgServiceCell(row, exists) {
  if (!row.ozgId) return none();
  const text = `${row.ozgId} ${row.ozgServiceName || ''}`.trim();
  return exists ? h('a', { href: `/leistung/${row.ozgId}` }, text) : text;
}

/** An empty text cell: a dash, aligned as text (a bare dash would be aligned as a number). */
function none() {
  return h('span', {}, '–');
}

/** The registry's message on the row: in English, marked so. */
function serverMessage(row) {
  return h('span', { lang: 'en', class: 'server-message' }, row.message);
}

/** What happens to an adoption row, in German; a refusal's reason as the registry gives it. */
function adoptionHint(row) {
  const status = row.status ? `„${label('status', row.status)}“` : '';
  switch (row.outcome) {
    case 'CREATE': return `Neue Übernahme, Status ${status}.`;
    case 'CHANGE': return `Wechselt zu ${status}.`;
    case 'UNCHANGED': return `Schon so erfasst (${status}).`;
    default: return serverMessage(row);
  }
}

function unmatchedHostsSection(hosts, report) {
  return h('section', { id: 'nicht-zugeordnet', 'aria-labelledby': 'nicht-zugeordnet-titel' },
    h('h2', { id: 'nicht-zugeordnet-titel' }, 'Nicht zugeordnete Adressen'),
    h('p', {}, 'Diese Onlinedienste sind laut PVOG online, aber keine Lösung der Registry nennt ihre Adresse in ihren URL-Mustern. Ihre Zeilen bleiben unverändert und halten den Import nicht auf. ',
      'Tragen Sie bei der Lösung, die unter der Adresse läuft, das URL-Muster ein (Host, ggf. mit Pfad, z. B. „', hosts[0].host, '“) ',
      '– über die API, Feld urlPatterns von updateSolution, etwa in ', h('a', { href: '/graphiql' }, 'GraphiQL'),
      ' –, oder legen Sie die fehlende Lösung an, und prüfen Sie die Datei dann erneut.'),
    dataTable(`Nicht zugeordnete Adressen in „${report.fileName}“, die häufigsten zuerst`,
      ['Host', 'Zeilen', 'Organisationen', 'OZG-Leistungen', 'Beispiel-URLs'],
      hosts.map((host) => [host.host, number(host.rows), number(host.organizations),
        h('span', {}, `${number(host.ozgServiceCount)}: `, host.ozgServices.map((service, index) => [index ? ', ' : '',
          h('a', { href: `/leistung/${service.ozgId}` }, `${service.ozgId} ${service.name}`)]),
        host.ozgServiceCount > host.ozgServices.length ? ', …' : ''),
        h('ul', { class: 'urls' }, host.exampleUrls.map((url) => h('li', {}, url)))])));
}

function helpFor(kind) {
  switch (kind) {
    case 'publiccode': return helpSection('Aufbau der publiccode.yml', [
      h('p', {}, 'Eine Vorlage ist jede Lösung der Registry selbst: Sie steht als publiccode.yml unter /export/solutions/<ID>/publiccode.yml bereit (Version 0.4 des Standards; gelesen werden 0.2 bis 0.4).'),
      definitions(PUBLICCODE_RULES),
      h('p', { class: 'hint' }, 'Sie können nur für Organisationen importieren, für die Sie veröffentlichen dürfen: als Veröffentlicher für Ihre Organisation, als Landeskoordination für die Organisationen Ihres Landes.')],
    ['publiccode', 'ozg', 'ars']);
    case 'open-pvog': return helpSection('Aufbau des Open-PVOG-Exports', [
      h('p', {}, 'Alle Spalten sind Pflicht, weitere werden nicht gelesen. Welche Lösung unter einer Adresse läuft, sagt der Export nicht: Die Registry schließt es aus den URL-Mustern der Lösungen. Zeilen einer Organisation und einer Lösung ergeben eine Übernahme mit allen ihren OZG-Leistungen.'),
      definitions(OPEN_PVOG_COLUMNS),
      h('p', { class: 'hint' }, 'Abgelehnt wird eine Zeile mit unbekanntem ARS oder LeiKa-Schlüssel, einer Adresse, die zu zwei Lösungen gleich gut passt, einer Lösung ohne diese OZG-Leistung oder einer Organisation, für die Sie nicht handeln dürfen (eine Landeskoordination importiert für ihr Land).')],
    ['pvog', 'leika', 'ozg', 'ars', 'urlPattern']);
    case 'katalog': return helpSection('Aufbau der Katalogdatei', [
      h('p', {}, 'Die Datei ist der ganze Katalog: Eine neue OZG-ID wird angelegt, ein geänderter Name, eine andere Lebenslage oder ein anderes Themenfeld ändert die OZG-Leistung, und eine OZG-Leistung, die die Datei nicht nennt, wird stillgelegt (im Bericht Zeile „–“), nie gelöscht: Ihre Lösungen und Übernahmen behalten den Verweis. Die LeiKa-Leistungen bleiben, wie sie sind.'),
      definitions(CATALOGUE_COLUMNS),
      h('p', { class: 'hint' }, 'Abgelehnt werden Zeilen ohne gültige OZG-ID, Namen, Lebenslage oder bekanntes Themenfeld, eine OZG-ID zweimal und eine Datei, die mehr als 10 % der aktuellen OZG-Leistungen stilllegen würde (vermutlich unvollständig). Eine Version, die älter ist als die aktuelle, wird nicht geladen. Nur die Bundeskoordination und die Administration dürfen einen Katalog laden.')],
    ['ozg', 'leika']);
    default: return helpSection('Aufbau der Tabelle', [
      h('p', {}, 'Die Spaltennamen stehen in der ersten Zeile; die Reihenfolge ist beliebig, weitere Spalten werden nicht gelesen. ',
        h('a', { href: '/ui/vorlage-uebernahmen.csv', download: 'vorlage-uebernahmen.csv' }, 'Vorlage herunterladen (CSV)'), '.'),
      definitions(ADOPTION_COLUMNS),
      h('p', { class: 'hint' }, 'Eine bestehende Übernahme kann nur vorwärts wechseln (z. B. von „geplant“ zu „live“); eine Zeile, die zurückgehen würde, wird abgelehnt. Sie können nur für Organisationen importieren, für die Sie handeln dürfen: als Veröffentlicher für Ihre Organisation, als Landeskoordination für Ihr Land.')],
    ['ars', 'ozg']);
  }
}

function helpSection(title, content, terms) {
  return h('section', { class: 'panel', 'aria-labelledby': 'spalten-titel' },
    h('h2', { id: 'spalten-titel' }, title), content,
    h('h3', {}, 'Begriffe'),
    h('dl', { class: 'columns-help terms' }, terms.map((term) => [h('dt', {}, TERMS[term][0]), h('dd', {}, TERMS[term][1])])));
}

/** Columns or rules as a definition list; a third entry says whether a column is required. */
function definitions(entries) {
  return h('dl', { class: 'columns-help' }, entries.map(([term, text, required]) => [
    h('dt', {}, term, required ? [' ', h('span', { class: 'hint' }, `(${required})`)] : null), h('dd', {}, text)]));
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
