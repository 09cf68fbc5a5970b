// Start and search: one field with type-ahead, facets, results grouped by kind.
import { h, replace, highlight, number } from '../dom.js';
import { gql, label } from '../api.js';

const SEARCH = `query Suche($query: String!, $filter: SearchFilter) {
  search(query: $query, filter: $filter, first: 40) {
    totalCount
    edges { node { highlight item { __typename
      ... on OzgService { ozgId name themenfeld { name } }
      ... on LeikaService { key name ozgService { ozgId name } }
      ... on Solution { id name summary reuseModel lifecycle provider { name } }
      ... on Organization { id name kind designation ars }
    } } }
    facets { name values { value label count } }
  }
}`;

const KIND_ORDER = ['OzgService', 'Solution', 'Organization', 'LeikaService'];
const KIND_HEADINGS = { OzgService: 'OZG-Leistungen', Solution: 'Lösungen', Organization: 'Organisationen', LeikaService: 'LeiKa-Leistungen' };
const FACET_FILTER = { kind: 'kinds', themenfeld: 'themenfeld', land: 'land', maturity: 'minMaturity', reuseModel: 'reuseModel', lifecycle: 'lifecycle', openLicence: 'openLicence' };

export async function render(main, _, params) {
  document.title = 'Suche – OZG-Registry';
  const filter = {};
  const input = h('input', { id: 'suche', type: 'search', name: 'q', autocomplete: 'off', required: true, minlength: 1, maxlength: 200,
    'aria-describedby': 'suche-hinweis', value: params.get('q') || '' });
  const status = h('p', { id: 'suche-status', role: 'status', 'aria-live': 'polite', class: 'status' });
  const facetsBox = h('div', { class: 'facets' });
  const results = h('div', { class: 'results' });
  const form = h('form', { role: 'search', class: 'search', onsubmit: (event) => { event.preventDefault(); run(); } },
    h('label', { for: 'suche' }, 'Was suchen Sie?'),
    h('p', { id: 'suche-hinweis', class: 'hint' }, 'Leistung, Lösung, Gemeinde oder Schlüssel (OZG-ID, LeiKa-Schlüssel, ARS), z. B. „Hundesteuer“, „Wohngeld“ oder „Darmstadt“.'),
    h('div', { class: 'search-row' }, input, h('button', { type: 'submit' }, 'Suchen')));

  replace(main,
    h('h1', {}, 'OZG-Leistungen und Lösungen finden'),
    h('p', { class: 'lead' }, 'Finden Sie heraus, welche Online-Dienste es für eine Verwaltungsleistung schon gibt, wer sie nutzt und wie Sie sie nachnutzen können.'),
    form, status,
    h('div', { class: 'search-layout' }, h('section', { 'aria-labelledby': 'filter-titel', class: 'facet-panel' }, h('h2', { id: 'filter-titel' }, 'Filter'), facetsBox), results),
    h('section', { class: 'intro', 'aria-labelledby': 'einstieg' },
      h('h2', { id: 'einstieg' }, 'Einstiege'),
      h('ul', {},
        h('li', {}, h('a', { href: '/dashboard' }, 'Dashboard für Koordinierende'), ': Abdeckung nach Ländern und Kreisen, Reifegrade, Verlauf, Downloads'),
        h('li', {}, h('a', { href: '/anmelden' }, 'Anmelden'), ' mit einem API-Token, um Übernahmen zu erfassen und Lösungen zu veröffentlichen'))));

  let timer = null;
  let sequence = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 220);
  });
  performance.mark('ozg-usable');
  if (input.value) run();

  async function run() {
    const query = input.value.trim();
    const current = ++sequence;
    if (query.length < 2) {
      replace(results);
      replace(facetsBox);
      status.textContent = query.length ? 'Bitte mindestens zwei Zeichen eingeben.' : '';
      return;
    }
    history.replaceState(null, '', `/?q=${encodeURIComponent(query)}`);
    let data;
    try {
      data = await gql(SEARCH, { query, filter: Object.keys(filter).length ? filter : null });
    } catch (error) {
      if (current === sequence) status.textContent = error.message;
      return;
    }
    if (current !== sequence) return;
    const search = data.search;
    status.textContent = search.totalCount === 0 ? `Keine Treffer für „${query}“.`
      : `${number(search.totalCount)} Treffer für „${query}“${search.totalCount > search.edges.length ? `, die ${search.edges.length} besten werden gezeigt` : ''}.`;
    renderResults(search.edges.map((edge) => edge.node));
    renderFacets(search.facets);
  }

  function renderResults(hits) {
    const groups = new Map();
    for (const hit of hits) {
      const kind = hit.item.__typename;
      if (!groups.has(kind)) groups.set(kind, []);
      groups.get(kind).push(hit);
    }
    // groups in the order of their best hit, so the group of the best match comes first
    const order = [...groups.keys()].sort((a, b) => hits.findIndex((hit) => hit.item.__typename === a) - hits.findIndex((hit) => hit.item.__typename === b)
      || KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b));
    const best = hits[0];
    replace(results,
      best ? h('section', { class: 'best-hit', 'aria-labelledby': 'bester-treffer' }, h('h2', { id: 'bester-treffer' }, 'Bester Treffer'),
        h('ul', { class: 'result-list' }, resultItem(best))) : null,
      order.map((kind) => h('section', { class: 'result-group', 'aria-labelledby': `gruppe-${kind}` },
      h('h2', { id: `gruppe-${kind}` }, `${KIND_HEADINGS[kind]} (${groups.get(kind).length})`),
      h('ul', { class: 'result-list' }, groups.get(kind).map(resultItem)))));
  }

  function renderFacets(facets) {
    replace(facetsBox, facets.filter((facet) => facet.values.length).map((facet) => h('fieldset', { class: 'facet' },
      h('legend', {}, label('facet', facet.name)),
      h('ul', {}, facet.values.slice(0, 8).map((value) => {
        const key = FACET_FILTER[facet.name];
        const typed = facetValue(facet.name, value.value);
        const active = key === 'kinds' ? (filter.kinds || []).includes(typed) : filter[key] === typed;
        const text = value.label || facetLabel(facet.name, value.value);
        return h('li', {}, h('button', { type: 'button', class: 'facet-value', 'aria-pressed': String(active),
          onclick: () => { toggle(key, typed, active); run(); } }, `${text} (${number(value.count)})`));
      })))));
  }

  function toggle(key, value, active) {
    if (key === 'kinds') {
      const kinds = (filter.kinds || []).filter((kind) => kind !== value);
      if (!active) kinds.push(value);
      if (kinds.length) filter.kinds = kinds; else delete filter.kinds;
    } else if (active) {
      delete filter[key];
    } else {
      filter[key] = value;
    }
  }
}

function facetValue(name, value) {
  if (name === 'themenfeld' || name === 'maturity') return Number(value);
  if (name === 'openLicence') return value === 'true';
  return value;
}

function facetLabel(name, value) {
  if (name === 'kind') return label('kind', value);
  if (name === 'reuseModel') return label('reuseModel', value);
  if (name === 'lifecycle') return label('lifecycle', value);
  if (name === 'maturity') return `ab Stufe ${value}`;
  if (name === 'openLicence') return value === 'true' ? 'ja' : 'nein';
  return value;
}

function resultItem(hit) {
  const item = hit.item;
  switch (item.__typename) {
    case 'OzgService':
      return h('li', {}, h('a', { href: `/leistung/${item.ozgId}` }, highlight(hit.highlight)),
        h('span', { class: 'meta' }, ` OZG-ID ${item.ozgId} · ${item.themenfeld.name}`));
    case 'LeikaService':
      return h('li', {}, item.ozgService ? h('a', { href: `/leistung/${item.ozgService.ozgId}` }, highlight(hit.highlight)) : h('span', {}, highlight(hit.highlight)),
        h('span', { class: 'meta' }, ` LeiKa ${item.key || '(nicht im LeiKa)'}${item.ozgService ? ` · gehört zu ${item.ozgService.name}` : ''}`));
    case 'Solution':
      return h('li', {}, h('a', { href: `/loesung/${item.id}` }, highlight(hit.highlight)),
        h('span', { class: 'meta' }, ` ${item.provider.name} · ${label('reuseModel', item.reuseModel)} · ${label('lifecycle', item.lifecycle)}`));
    default:
      return h('li', {}, h('a', { href: `/organisation/${item.id}` }, highlight(hit.highlight)),
        h('span', { class: 'meta' }, ` ${item.designation || label('organizationKind', item.kind)}${item.ars ? ` · ARS ${item.ars}` : ''}`));
  }
}
