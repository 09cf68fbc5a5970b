// Organization: its adoptions, its solutions, its gaps with the best reuse option each; for a signed-in publisher:
// record an adoption, change its status, publish a solution, with the duplicate-work warning shown before saving.
import { h, replace, number, date, message, dataTable, todayIso } from '../dom.js';
import { gql, label, labels, nextStatuses, session } from '../api.js';
import { requestsSection } from '../reuse.js';
import { nutzer, help } from '../labels.js';

const QUERY = `query Organisation($id: ID!, $signedIn: Boolean!) {
  organization(id: $id) {
    id name kind kinds designation ars ags population website parent { id name designation } land { id name }
    provenance { source illustrative }
    adoptions(first: 50) { totalCount edges { node {
      id status version source solution { id name reuseModel } ozgServices { ozgId name } statusHistory { status effectiveDate }
    } } }
    providedSolutions(first: 50) { totalCount edges { node { id name lifecycle reuseModel liveAdoptionCount ozgServices { ozgId name } } } }
  }
  gaps(organization: $id, first: 25) { totalCount edges { node {
    ozgService { ozgId name } optionCount levels responsibility { basis source }
    bestOption { score solution { id name provider { name } } reasons { liveAdopters liveAdoptersInLand similarSizeAdopters } }
  } } }
  viewer @include(if: $signedIn) { mayActFor(organizationId: $id) }
}`;

/** Why an organization is responsible for a gap (ResponsibilityBasis in the schema). */
const RESPONSIBILITY_BASIS = { LEIKA_TYPE: 'aus dem LeiKa-Typ abgeleitet', CURATED: 'kuratiert', LAND_RULE: 'Regel des Landes', ORGANIZATION_RULE: 'Regel für diese Organisation' };

const FIND_SOLUTIONS = `query Loesungen($name: String!) {
  solutions(filter: { name: $name }, first: 10) { edges { node { id name reuseModel legalPaths provider { id name } ozgServices { ozgId name } } } }
}`;

const SOLUTION = `query GewaehlteLoesung($id: ID!) { solution(id: $id) { id name reuseModel legalPaths provider { id name } ozgServices { ozgId name } } }`;

const REUSE = `query Doppelarbeit($organization: ID!, $ozgId: Int!) {
  ozgService(ozgId: $ozgId) { ozgId name }
  coveredBy(organization: $organization, ozgId: $ozgId) { organization { name } solution { id name lifecycle provider { id name } } }
  reuseOptions(organization: $organization, ozgId: $ozgId, first: 10) {
    score ozgService { ozgId name } solution { id name lifecycle provider { id name } }
    reasons { liveAdopters liveAdoptersInLand }
  }
}`;

const RECORD = `mutation Uebernahme($input: RecordAdoptionInput!) {
  recordAdoption(input: $input) { adoption { id status } reuseCandidates { solution { id name provider { name } } } }
}`;

const UPDATE_STATUS = `mutation Status($input: UpdateAdoptionStatusInput!) { updateAdoptionStatus(input: $input) { adoption { id status version } } }`;

const PUBLISH = `mutation Veroeffentlichen($input: PublishSolutionInput!) {
  publishSolution(input: $input) { solution { id name } reuseCandidates { score solution { id name provider { name } } } }
}`;

export async function render(main, id, params) {
  const signedIn = Boolean(session.token());
  let data;
  try {
    data = await gql(QUERY, { id, signedIn });
  } catch (error) {
    if (error.code === 'VALIDATION_FAILED') data = { organization: null }; else throw error;
  }
  const organization = data.organization;
  if (!organization) {
    document.title = 'Organisation nicht gefunden – OZG-Registry';
    replace(main, h('h1', {}, 'Organisation nicht gefunden'), h('p', {}, h('a', { href: '/' }, 'Zur Suche')));
    return;
  }
  document.title = `${organization.name} – Organisation – OZG-Registry`;
  const mayAct = Boolean(data.viewer && data.viewer.mayActFor);
  const adoptions = organization.adoptions.edges.map((edge) => edge.node);
  const solutions = organization.providedSolutions.edges.map((edge) => edge.node);
  const gaps = data.gaps.edges.map((edge) => edge.node);
  const notice = h('div', { class: 'notice', 'aria-live': 'polite' });
  // reuse requests: shown to those who may see them (the organization, its Land's coordinator, admins)
  const requests = signedIn ? await requestsSection(organization.id, params.get('anfrage')) : null;

  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '/' }, 'Suche'),
      organization.land && organization.land.id !== organization.id ? [' › ', h('a', { href: `/organisation/${organization.land.id}` }, organization.land.name)] : null,
      organization.parent && organization.parent.id !== (organization.land && organization.land.id) ? [' › ', h('a', { href: `/organisation/${organization.parent.id}` }, organization.parent.name)] : null),
    h('h1', {}, organization.name),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Art'), h('dd', {}, organization.designation || label('organizationKind', organization.kind),
        // one record per body: a kreisfreie Stadt is Kreis and Gemeinde, Berlin and Hamburg also Land
        organization.kinds.length > 1 ? ` (zugleich ${organization.kinds.map((kind) => label('organizationKind', kind)).join(', ')})` : ''),
      organization.ars ? [h('dt', {}, 'ARS'), h('dd', {}, organization.ars)] : null,
      organization.population !== null ? [h('dt', {}, 'Einwohner'), h('dd', {}, `${number(organization.population)} (Zensus 2022)`)] : null,
      organization.website ? [h('dt', {}, 'Website'), h('dd', {}, h('a', { href: organization.website, rel: 'noopener' }, organization.website))] : null,
      h('dt', {}, 'Quelle'), h('dd', {}, organization.provenance.source)),
    notice,
    requests,
    h('section', { 'aria-labelledby': 'uebernahmen' },
      h('h2', { id: 'uebernahmen' }, `Übernahmen (${number(organization.adoptions.totalCount)})`),
      adoptions.length ? dataTable(`Übernahmen von ${organization.name}`,
        ['Lösung', 'OZG-Leistungen', 'Status', 'seit', 'Gemeldet', mayAct ? 'Status ändern' : null].filter(Boolean),
        adoptions.map((adoption) => [h('a', { href: `/loesung/${adoption.solution.id}` }, adoption.solution.name),
          h('span', {}, adoption.ozgServices.map((service, index) => [index ? ', ' : '', h('a', { href: `/leistung/${service.ozgId}` }, service.name)])),
          label('status', adoption.status), date(adoption.statusHistory[adoption.statusHistory.length - 1].effectiveDate), label('source', adoption.source),
          mayAct ? statusForm(adoption) : null].filter((cell) => cell !== null)))
        : h('p', {}, 'Noch keine Übernahmen erfasst.')),
    mayAct ? recordForm() : null,
    h('section', { 'aria-labelledby': 'luecken' },
      h('h2', { id: 'luecken' }, `Lücken: zuständig, aber noch nicht live (${number(data.gaps.totalCount)})`),
      gaps.length ? dataTable(`Lücken von ${organization.name} mit der besten Nachnutzungsoption (die ${gaps.length} aussichtsreichsten)`,
        ['OZG-Leistung', 'Zuständig als', 'Optionen', 'Beste Option', 'Anbieter', 'Nutzer für die Leistung', 'davon im Land', 'ähnlich groß'],
        gaps.map((gap) => [h('a', { href: `/leistung/${gap.ozgService.ozgId}` }, gap.ozgService.name),
          h('details', { class: 'responsibility' }, h('summary', {}, gap.levels.map((level) => label('organizationKind', level)).join(', ')),
            h('span', { class: 'hint' }, `${RESPONSIBILITY_BASIS[gap.responsibility.basis] || gap.responsibility.basis}: ${gap.responsibility.source}`)),
          number(gap.optionCount),
          gap.bestOption ? h('a', { href: `/loesung/${gap.bestOption.solution.id}` }, gap.bestOption.solution.name) : 'keine',
          gap.bestOption ? gap.bestOption.solution.provider.name : '–',
          gap.bestOption ? number(gap.bestOption.reasons.liveAdopters) : '–', gap.bestOption ? number(gap.bestOption.reasons.liveAdoptersInLand) : '–',
          gap.bestOption ? number(gap.bestOption.reasons.similarSizeAdopters) : '–']))
        : h('p', {}, ['MUNICIPALITY', 'MUNICIPAL_ASSOCIATION', 'DISTRICT', 'STATE', 'FEDERAL'].includes(organization.kind)
          ? 'Keine Lücken: Jede Leistung, für die diese Organisation zuständig ist, ist für sie live (eigene Übernahme oder über Gemeindeverband, Kreis, Land oder Bund).' : 'Nur Gebietskörperschaften sind für OZG-Leistungen zuständig.')),
    h('section', { 'aria-labelledby': 'eigene' },
      h('h2', { id: 'eigene' }, `Eigene Lösungen (${number(organization.providedSolutions.totalCount)})`),
      solutions.length ? dataTable(`Lösungen, die ${organization.name} anbietet`, ['Lösung', 'OZG-Leistungen', 'Nachnutzung', 'Lebenszyklus', 'Nutzer'],
        solutions.map((solution) => [h('a', { href: `/loesung/${solution.id}` }, solution.name), solution.ozgServices.map((service) => service.name).join(', '),
          label('reuseModel', solution.reuseModel), label('lifecycle', solution.lifecycle), number(solution.liveAdoptionCount)]))
        : h('p', {}, 'Diese Organisation bietet keine eigenen Lösungen an.')),
    mayAct ? publishForm() : (signedIn ? null : h('p', { class: 'hint' }, h('a', { href: '/anmelden' }, 'Melden Sie sich an'), ', um für diese Organisation Übernahmen zu erfassen oder Lösungen zu veröffentlichen.')));

  const saved = { uebernahme: 'Die Übernahme ist gespeichert.', status: 'Der Status ist geändert.' }[params.get('gespeichert')];
  if (saved) {
    replace(notice, message('success', saved));
    // a reload should not announce the same success again
    const clean = new URL(location.href);
    clean.searchParams.delete('gespeichert');
    history.replaceState(null, '', clean.pathname + clean.search + clean.hash);
  }

  if (mayAct && params.get('loesung')) {
    const chosen = (await gql(SOLUTION, { id: params.get('loesung') }).catch(() => ({ solution: null }))).solution;
    if (chosen) document.dispatchEvent(new CustomEvent('ozg-choose-solution', { detail: chosen }));
    if (location.hash === '#uebernahme') document.getElementById('uebernahme').scrollIntoView();
  }

  function statusForm(adoption) {
    const options = nextStatuses(adoption.status);
    if (!options.length) return '–';
    // the current status comes first; the next step forward is preselected, never "beendet" (DISCONTINUED)
    const preselected = options.find((status) => status !== 'DISCONTINUED') || adoption.status;
    const select = h('select', { id: `status-${adoption.id}`, 'aria-label': `Neuer Status für ${adoption.solution.name}` },
      h('option', { value: adoption.status, selected: preselected === adoption.status }, `${label('status', adoption.status)} (aktuell)`),
      options.map((status) => h('option', { value: status, selected: status === preselected }, label('status', status))));
    const confirmBox = h('div', { class: 'confirm', 'aria-live': 'polite' });
    async function save(status) {
      try {
        await gql(UPDATE_STATUS, { input: { id: adoption.id, status, expectedVersion: adoption.version } });
        location.assign(`/organisation/${organization.id}?gespeichert=status`);
      } catch (error) {
        replace(notice, message('error', `Status nicht geändert: ${error.message}`));
      }
    }
    const cancel = () => { replace(confirmBox); select.value = preselected; select.focus(); };
    return h('form', { class: 'row-form', onsubmit: (event) => {
      event.preventDefault();
      if (select.value === adoption.status) {
        replace(confirmBox, h('p', { class: 'hint' }, 'Der Status ist unverändert. Bitte wählen Sie einen neuen Status.'));
        return;
      }
      if (select.value !== 'DISCONTINUED') { save(select.value); return; }
      // ending an adoption cannot be undone in the page: ask in the page, not with window.confirm
      const yes = h('button', { type: 'button', class: 'danger', onclick: () => save('DISCONTINUED') }, 'Ja, beenden');
      replace(confirmBox, h('div', { class: 'message warning', role: 'group', 'aria-labelledby': `beenden-${adoption.id}` },
        h('p', { id: `beenden-${adoption.id}` }, `Die Übernahme von ${adoption.solution.name} wirklich beenden? Danach lässt sich ihr Status nicht mehr ändern.`),
        h('p', { class: 'row-form' }, yes, h('button', { type: 'button', class: 'secondary', onclick: cancel }, 'Abbrechen'))));
      yes.focus();
    } }, select, h('button', { type: 'submit' }, 'Ändern'), confirmBox);
  }

  function recordForm() {
    let solution = null;
    const search = h('input', { id: 'loesung-suche', type: 'text', autocomplete: 'off' });
    const found = h('div', { class: 'choices' });
    const chosenText = h('p', { id: 'gewaehlte-loesung', 'aria-live': 'polite' }, 'Noch keine Lösung gewählt.');
    const status = h('select', { id: 'uebernahme-status', required: true }, ['INTERESTED', 'PLANNED', 'IN_PROGRESS', 'LIVE'].map((value) => h('option', { value }, label('status', value))));
    const effective = h('input', { id: 'uebernahme-datum', type: 'date', value: todayIso(), max: todayIso(), required: true });
    const operating = h('select', { id: 'uebernahme-betrieb' }, h('option', { value: '' }, 'keine Angabe'),
      Object.entries(labels.operatingModel).map(([value, text]) => h('option', { value }, text)));
    const legal = h('select', { id: 'uebernahme-rechtsweg' }, h('option', { value: '' }, 'keine Angabe'));
    const warning = h('div', { 'aria-live': 'polite' });
    const save = h('button', { type: 'submit' }, 'Übernahme speichern');

    function choose(chosen) {
      solution = chosen;
      chosenText.textContent = `Gewählt: ${chosen.name} (${chosen.provider.name}; ${chosen.ozgServices.map((service) => service.name).join(', ')})`;
      replace(legal, h('option', { value: '' }, 'keine Angabe'), chosen.legalPaths.map((path) => h('option', { value: path }, label('legalPath', path))));
      replace(warning);
      replace(found);
    }
    document.addEventListener('ozg-choose-solution', (event) => choose(event.detail));

    async function findSolutions() {
      try {
        const list = (await gql(FIND_SOLUTIONS, { name: search.value.trim() })).solutions.edges.map((edge) => edge.node);
        replace(found, list.length ? h('ul', { class: 'choice-list', 'aria-label': 'Gefundene Lösungen' }, list.map((item) => h('li', {},
          h('button', { type: 'button', class: 'link', onclick: () => { choose(item); save.focus(); } }, `${item.name} (${item.provider.name})`))))
          : message('warning', 'Keine Lösung mit diesem Namen gefunden.'));
      } catch (error) { replace(found, message('error', error.message)); }
    }

    async function submit(confirmed) {
      if (!solution) { replace(warning, message('error', 'Bitte wählen Sie zuerst eine Lösung.')); search.focus(); return; }
      if (!confirmed && solution.reuseModel === 'OWN_DEVELOPMENT') {
        const candidates = await duplicateCandidates(organization.id, solution.ozgServices.map((service) => service.ozgId), solution.provider.id);
        if (candidates.length) {
          replace(warning, duplicateWarning(candidates, 'Sie erfassen eine Eigenentwicklung.',
            h('button', { type: 'button', onclick: () => submit(true) }, 'Trotzdem speichern')));
          return;
        }
      }
      const input = { organizationId: organization.id, solutionId: solution.id, status: status.value, effectiveDate: effective.value };
      if (operating.value) input.operatingModel = operating.value;
      if (legal.value) input.legalPath = legal.value;
      try {
        await gql(RECORD, { input });
        location.assign(`/organisation/${organization.id}?gespeichert=uebernahme`);
      } catch (error) {
        replace(warning, message('error', `Nicht gespeichert: ${error.message}`));
      }
    }

    return h('section', { id: 'uebernahme', 'aria-labelledby': 'uebernahme-titel', class: 'panel' },
      h('h2', { id: 'uebernahme-titel' }, 'Übernahme erfassen'),
      h('div', { class: 'field' }, h('label', { for: 'loesung-suche' }, 'Lösung suchen (Name)'),
        h('div', { class: 'search-row' }, search, h('button', { type: 'button', onclick: findSolutions }, 'Lösung suchen'))),
      found, chosenText,
      h('form', { onsubmit: (event) => { event.preventDefault(); submit(false); } },
        h('div', { class: 'field' }, h('label', { for: 'uebernahme-status' }, 'Status'), status),
        h('div', { class: 'field' }, h('label', { for: 'uebernahme-datum' }, 'Gültig seit'), effective),
        h('div', { class: 'field' }, h('div', { class: 'label-row' }, h('label', { for: 'uebernahme-betrieb' }, 'Betriebsmodell'), help('betriebsmodell')), operating),
        h('div', { class: 'field' }, h('div', { class: 'label-row' }, h('label', { for: 'uebernahme-rechtsweg' }, 'Rechtsweg'), help('rechtsweg')), legal),
        warning, save));
  }

  function publishForm() {
    const name = h('input', { id: 'neu-name', type: 'text', required: true, maxlength: 200 });
    const summary = h('textarea', { id: 'neu-zusammenfassung', required: true, maxlength: 500, rows: 2 });
    const ozgIds = h('input', { id: 'neu-ozg', type: 'text', required: true, inputmode: 'numeric', 'aria-describedby': 'neu-ozg-hinweis' });
    const reuse = h('select', { id: 'neu-modell' }, Object.entries(labels.reuseModel).map(([value, text]) => h('option', { value }, text)));
    const lifecycle = h('select', { id: 'neu-lebenszyklus' }, Object.entries(labels.lifecycle).map(([value, text]) => h('option', { value, selected: value === 'PRODUCTION' }, text)));
    const licence = h('input', { id: 'neu-lizenz', type: 'text', 'aria-describedby': 'neu-lizenz-hinweis' });
    const landing = h('input', { id: 'neu-url', type: 'url' });
    const paths = Object.entries(labels.legalPath).map(([value, text]) => h('li', {},
      h('input', { type: 'checkbox', id: `neu-weg-${value}`, value }), h('label', { for: `neu-weg-${value}` }, text)));
    const warning = h('div', { 'aria-live': 'polite' });
    let checked = null;

    async function submit(event) {
      event.preventDefault();
      const ids = ozgIds.value.split(/[\s,;]+/).filter(Boolean).map(Number);
      if (!ids.length || ids.some((value) => !Number.isInteger(value))) {
        replace(warning, message('error', 'Bitte geben Sie die OZG-IDs als Zahlen an, z. B. „10160“.'));
        ozgIds.focus();
        return;
      }
      const key = ids.join(',');
      if (checked !== key) {
        // the duplicate-work warning comes before saving: existing solutions of others in live production use
        let candidates;
        try {
          candidates = await duplicateCandidates(organization.id, ids, organization.id);
        } catch (error) {
          replace(warning, message('error', error.message));
          return;
        }
        checked = key;
        if (candidates.length) {
          replace(warning, duplicateWarning(candidates, 'Bevor Sie eine eigene Lösung veröffentlichen:',
            h('p', {}, 'Wenn Sie trotzdem veröffentlichen wollen, wählen Sie erneut „Veröffentlichen“.')));
          return;
        }
      }
      const input = { name: name.value.trim(), summary: summary.value.trim(), providerId: organization.id, ozgIds: ids,
        reuseModel: reuse.value, lifecycle: lifecycle.value,
        legalPaths: paths.map((item) => item.querySelector('input')).filter((box) => box.checked).map((box) => box.value) };
      if (licence.value.trim()) input.licence = licence.value.trim();
      if (landing.value.trim()) input.landingUrl = landing.value.trim();
      try {
        const result = (await gql(PUBLISH, { input })).publishSolution;
        location.assign(`/loesung/${result.solution.id}`);
      } catch (error) {
        replace(warning, message('error', `Nicht veröffentlicht: ${error.message}`));
      }
    }

    return h('section', { 'aria-labelledby': 'veroeffentlichen', class: 'panel' },
      h('h2', { id: 'veroeffentlichen' }, 'Lösung veröffentlichen'),
      h('form', { onsubmit: submit },
        h('div', { class: 'field' }, h('label', { for: 'neu-name' }, 'Name'), name),
        h('div', { class: 'field' }, h('label', { for: 'neu-zusammenfassung' }, 'Kurzbeschreibung (ein bis zwei Sätze)'), summary),
        h('div', { class: 'field' }, h('label', { for: 'neu-ozg' }, 'OZG-IDs'), ozgIds, h('p', { id: 'neu-ozg-hinweis', class: 'hint' }, 'Fünfstellig, mehrere durch Komma getrennt, z. B. 10160')),
        h('div', { class: 'field' }, h('div', { class: 'label-row' }, h('label', { for: 'neu-modell' }, 'Nachnutzungsmodell'), help('nachnutzungsmodell')), reuse),
        h('div', { class: 'field' }, h('label', { for: 'neu-lebenszyklus' }, 'Lebenszyklus'), lifecycle),
        h('div', { class: 'field' }, h('label', { for: 'neu-lizenz' }, 'Lizenz (SPDX)'), licence, h('p', { id: 'neu-lizenz-hinweis', class: 'hint' }, 'z. B. EUPL-1.2')),
        h('div', { class: 'field' }, h('label', { for: 'neu-url' }, 'Website'), landing),
        h('fieldset', {}, h('legend', {}, 'Rechtswege der Nachnutzung'), h('ul', { class: 'checks' }, paths)),
        warning,
        h('button', { type: 'submit' }, 'Veröffentlichen')));
  }
}

/** Solutions of other providers in production with live users for these OZG-IDs, ranked for the organization. */
async function duplicateCandidates(organizationId, ozgIds, ownProviderId) {
  const seen = new Map();
  for (const ozgId of ozgIds) {
    const data = await gql(REUSE, { organization: organizationId, ozgId });
    // already covered for it (reuseOptions is then empty): the solutions in live use are the alternatives
    const covering = data.coveredBy.map((cover) => ({ solution: cover.solution, ozgService: data.ozgService, coveredBy: cover.organization.name, score: 1e9 }));
    for (const option of [...covering, ...data.reuseOptions]) {
      if (option.coveredBy) {
        if (option.solution.provider.id !== ownProviderId && !seen.has(option.solution.id)) seen.set(option.solution.id, option);
        continue;
      }
      if (option.solution.provider.id === ownProviderId || option.solution.lifecycle !== 'PRODUCTION' || option.reasons.liveAdopters === 0) continue;
      if (!seen.has(option.solution.id)) seen.set(option.solution.id, option);
    }
  }
  return [...seen.values()].sort((a, b) => b.score - a.score).slice(0, 10);
}

function duplicateWarning(candidates, intro, action) {
  return message('warning',
    h('h3', {}, 'Achtung, mögliche Doppelarbeit'),
    h('p', {}, intro, ' Für dieselben OZG-Leistungen gibt es schon Lösungen anderer Anbieter im Produktivbetrieb, die andere live nutzen:'),
    h('ul', {}, candidates.map((option) => h('li', {}, h('a', { href: `/loesung/${option.solution.id}` }, option.solution.name),
      option.coveredBy ? ` (${option.solution.provider.name}; für Sie schon live über ${option.coveredBy}) für ${option.ozgService.name}`
        : ` (${option.solution.provider.name}; ${nutzer(option.reasons.liveAdopters)} für diese Leistung, davon ${number(option.reasons.liveAdoptersInLand)} im eigenen Land) für ${option.ozgService.name}`))),
    action);
}
