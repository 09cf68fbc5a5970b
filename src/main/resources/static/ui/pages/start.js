// Start and search: one field with type-ahead, facets, and the grouped answer (searchAnswer): OZG-Leistungen with
// their solutions and matching LeiKa-Leistungen first, then solutions and organizations; every list pages on.
import { h, replace, highlight, number } from '../dom.js';
import { gql, label, maturityText, session } from '../api.js';
import { nutzer, help } from '../labels.js';

const GROUP = `highlight matchesAllWords ozgService { ozgId name themenfeld { name } }
  leikaServices(first: 5, after: $leikaAfter) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { highlight item { ... on LeikaService { key } } } } }
  solutions(first: 5, after: $solutionsAfter) { totalCount pageInfo { hasNextPage endCursor } edges { node {
    liveAdoptersInViewerLand
    solution { id name liveAdoptionCount reuseModel lifecycle maturity { level model } provider { name } } } } }`;
const HIT = `highlight item { __typename
  ... on Solution { id name reuseModel lifecycle liveAdoptionCount provider { name } }
  ... on Organization { id name kind designation ars } }`;
const PAGE = 'totalCount pageInfo { hasNextPage endCursor }';

const SEARCH = `query Suche($query: String!, $filter: SearchFilter, $leikaAfter: String, $solutionsAfter: String) {
  searchAnswer(query: $query, filter: $filter) {
    sectionOrder
    ozgServices(first: 10) { ${PAGE} edges { cursor node { ${GROUP} } } }
    solutions(first: 10) { ${PAGE} edges { node { ${HIT} } } }
    organizations(first: 10) { ${PAGE} edges { node { ${HIT} } } }
    facets { name values { value label count } }
  }
}`;
// the next page of one section
const MORE_GROUPS = `query MehrLeistungen($query: String!, $filter: SearchFilter, $after: String, $leikaAfter: String, $solutionsAfter: String) {
  searchAnswer(query: $query, filter: $filter) { ozgServices(first: 10, after: $after) { ${PAGE} edges { cursor node { ${GROUP} } } } } }`;
const MORE_HITS = (section) => `query Mehr($query: String!, $filter: SearchFilter, $after: String) {
  searchAnswer(query: $query, filter: $filter) { ${section}(first: 10, after: $after) { ${PAGE} edges { node { ${HIT} } } } } }`;
// the next page of a list under one OZG-Leistung: that OZG-Leistung is the one after `groupAfter`
const MORE_IN_GROUP = `query MehrInLeistung($query: String!, $filter: SearchFilter, $groupAfter: String, $leikaAfter: String, $solutionsAfter: String) {
  searchAnswer(query: $query, filter: $filter) { ozgServices(first: 1, after: $groupAfter) { edges { node { ${GROUP} } } } } }`;

const SECTIONS = {
  OZG_SERVICE: { id: 'leistungen', heading: 'OZG-Leistungen', list: 'ozgServices' },
  SOLUTION: { id: 'loesungen', heading: 'Lösungen', list: 'solutions' },
  ORGANIZATION: { id: 'organisationen', heading: 'Organisationen', list: 'organizations' },
};
const FACET_FILTER = { kind: 'kinds', themenfeld: 'themenfeld', land: 'land', maturity: 'minMaturity', reuseModel: 'reuseModel', lifecycle: 'lifecycle', openLicence: 'openLicence' };
/** The facets whose name is an official term: their explanation toggle. */
const FACET_HELP = { maturity: 'reifegrad', reuseModel: 'nachnutzungsmodell' };

export async function render(main, _, params) {
  document.title = 'Suche – OZG-Registry';
  const filter = {};
  const signedIn = Boolean(session.token());
  const input = h('input', { id: 'suche', type: 'search', name: 'q', autocomplete: 'off', required: true, minlength: 1, maxlength: 200,
    'aria-describedby': 'suche-hinweis', value: params.get('q') || '' });
  const status = h('p', { id: 'suche-status', role: 'status', 'aria-live': 'polite', class: 'status' });
  const facetsBox = h('div', { class: 'facets', id: 'filter-inhalt' });
  const facetCount = h('span', { class: 'facet-active' });
  const toggleCount = h('span', { class: 'facet-active' });
  // beside the results on a wide screen; on a phone (style.css) only the button "Filter" above the results, the
  // facets opened by it, so that the results start at the top
  const facetToggle = h('button', { type: 'button', class: 'facet-toggle', 'aria-expanded': 'false', 'aria-controls': 'filter-inhalt' }, 'Filter', toggleCount);
  const facetPanel = h('section', { 'aria-labelledby': 'filter-titel', class: 'facet-panel', hidden: true },
    h('h2', { id: 'filter-titel' }, 'Filter', facetCount), facetToggle, facetsBox);
  facetToggle.addEventListener('click', () => {
    const open = facetToggle.getAttribute('aria-expanded') !== 'true';
    facetToggle.setAttribute('aria-expanded', String(open));
    facetPanel.classList.toggle('open', open);
  });
  const results = h('div', { class: 'results answer' });
  const form = h('form', { role: 'search', class: 'search', onsubmit: (event) => { event.preventDefault(); run(); } },
    h('label', { for: 'suche' }, 'Was suchen Sie?'),
    h('p', { id: 'suche-hinweis', class: 'hint' }, 'Leistung in Ihren Worten, Lösung, Gemeinde oder Schlüssel (OZG-ID, LeiKa-Schlüssel, ARS), z. B. „Hundesteuer“, „Auto ummelden“ oder „Darmstadt“.'),
    h('div', { class: 'search-row' }, input, h('button', { type: 'submit' }, 'Suchen')));

  replace(main,
    h('h1', {}, 'OZG-Leistungen und Lösungen finden'),
    h('p', { class: 'lead' }, 'Finden Sie heraus, welche Online-Dienste es für eine Verwaltungsleistung schon gibt, wer sie nutzt und wie Sie sie nachnutzen können.'),
    form, status,
    h('div', { class: 'search-layout' }, facetPanel, results),
    h('section', { class: 'intro', 'aria-labelledby': 'einstieg' },
      h('h2', { id: 'einstieg' }, 'Einstiege'),
      h('ul', {},
        h('li', {}, h('a', { href: '/dashboard' }, 'Dashboard für Koordinierende'), ': Abdeckung nach Ländern und Kreisen, Reifegrade, Verlauf, Downloads'),
        h('li', {}, h('a', { href: '/anmelden' }, 'Anmelden'), ' mit einem API-Token, um Übernahmen zu erfassen, Lösungen zu veröffentlichen und Nutzer in Ihrem Land zu sehen'))));

  let timer = null;
  let sequence = 0;
  let current = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 220);
  });
  performance.mark('ozg-usable');
  if (input.value) run();

  async function run() {
    const query = input.value.trim();
    const mine = ++sequence;
    if (query.length < 2) {
      replace(results);
      replace(facetsBox);
      facetPanel.hidden = true;
      main.classList.remove('has-answer');
      status.textContent = query.length ? 'Bitte mindestens zwei Zeichen eingeben.' : '';
      return;
    }
    history.replaceState(null, '', `/?q=${encodeURIComponent(query)}`);
    const variables = { query, filter: Object.keys(filter).length ? { ...filter } : null };
    let data;
    try {
      data = await gql(SEARCH, variables);
    } catch (error) {
      if (mine === sequence) status.textContent = error.message;
      return;
    }
    if (mine !== sequence) return;
    current = variables;
    const answer = data.searchAnswer;
    const counts = Object.values(SECTIONS).map((section) => answer[section.list].totalCount);
    const total = counts.reduce((a, b) => a + b, 0);
    status.textContent = total === 0 ? `Keine Treffer für „${query}“.`
      : `${number(total)} Treffer für „${query}“: ${plural(counts[0], 'OZG-Leistung', 'OZG-Leistungen')}, ${plural(counts[1], 'Lösung', 'Lösungen')}, ${plural(counts[2], 'Organisation', 'Organisationen')}.`;
    // on a phone the introduction steps aside once there is an answer (style.css)
    main.classList.add('has-answer');
    replace(results, answer.sectionOrder.map((kind) => section(kind, answer[SECTIONS[kind].list])));
    // the first answer of the first section is the best hit
    const best = results.querySelector('.answer-groups > li, .result-list > li');
    if (best) best.classList.add('best-hit');
    renderFacets(answer.facets);
  }

  function section(kind, connection) {
    const { id, heading } = SECTIONS[kind];
    const list = h('ol', { class: kind === 'OZG_SERVICE' ? 'answer-groups' : 'result-list' });
    const more = h('p', { class: 'more' });
    const box = h('section', { class: 'result-group', 'aria-labelledby': `gruppe-${id}` },
      h('h2', { id: `gruppe-${id}` }, `${heading} (${number(connection.totalCount)})`), list, more);
    let lastCursor = null;
    const add = (page) => {
      for (const edge of page.edges) {
        list.append(kind === 'OZG_SERVICE' ? group(edge.node, lastCursor) : hitItem(edge.node));
        if (edge.cursor) lastCursor = edge.cursor;
      }
      const shown = list.children.length;
      replace(more, page.pageInfo.hasNextPage
        ? moreButton(`Weitere ${heading} laden (${number(shown)} von ${number(page.totalCount)} gezeigt)`, async () => {
          const data = await gql(kind === 'OZG_SERVICE' ? MORE_GROUPS : MORE_HITS(SECTIONS[kind].list),
            { ...current, after: page.pageInfo.endCursor });
          add(data.searchAnswer[SECTIONS[kind].list]);
        })
        : null);
    };
    add(connection);
    return box;
  }

  /** One OZG-Leistung: its solutions with provider, Reifegrad and users, and its matching LeiKa-Leistungen folded. */
  function group(node, groupAfter) {
    const service = node.ozgService;
    const solutions = h('ul', { class: 'answer-solutions' });
    const solutionsMore = h('p', { class: 'more' });
    const leika = h('ul', { class: 'result-list' });
    const leikaMore = h('p', { class: 'more' });
    const addSolutions = (page) => {
      for (const edge of page.edges) solutions.append(solutionUse(edge.node));
      replace(solutionsMore, page.pageInfo.hasNextPage
        ? moreButton(`Weitere Lösungen für ${service.name} laden (${number(solutions.children.length)} von ${number(page.totalCount)})`, async () => {
          const data = await gql(MORE_IN_GROUP, { ...current, groupAfter, solutionsAfter: page.pageInfo.endCursor });
          addSolutions(data.searchAnswer.ozgServices.edges[0].node.solutions);
        })
        : null);
    };
    const addLeika = (page) => {
      for (const edge of page.edges) {
        leika.append(h('li', {}, highlight(edge.node.highlight), h('span', { class: 'meta' }, ` LeiKa ${edge.node.item.key || '(nicht im LeiKa)'}`)));
      }
      replace(leikaMore, page.pageInfo.hasNextPage
        ? moreButton(`Weitere LeiKa-Leistungen laden (${number(leika.children.length)} von ${number(page.totalCount)})`, async () => {
          const data = await gql(MORE_IN_GROUP, { ...current, groupAfter, leikaAfter: page.pageInfo.endCursor });
          addLeika(data.searchAnswer.ozgServices.edges[0].node.leikaServices);
        })
        : null);
    };
    addSolutions(node.solutions);
    addLeika(node.leikaServices);
    const headingId = `leistung-${service.ozgId}`;
    return h('li', { class: 'answer-group' },
      h('article', { 'aria-labelledby': headingId },
        h('h3', { id: headingId }, h('a', { href: `/leistung/${service.ozgId}` }, highlight(node.highlight))),
        h('p', { class: 'meta' }, `OZG-ID ${service.ozgId} · ${service.themenfeld.name}${node.matchesAllWords ? '' : ' · ähnlicher Treffer (nicht alle Suchwörter gefunden)'}`),
        node.solutions.totalCount
          ? [h('p', { class: 'answer-label' }, `${number(node.solutions.totalCount)} ${node.solutions.totalCount === 1 ? 'Lösung' : 'Lösungen'}:`), solutions, solutionsMore]
          : h('p', { class: 'answer-label' }, 'Noch keine Lösung in der Registry.'),
        node.leikaServices.totalCount
          ? h('details', { class: 'answer-leika' },
            h('summary', {}, `${number(node.leikaServices.totalCount)} passende LeiKa-${node.leikaServices.totalCount === 1 ? 'Leistung' : 'Leistungen'}`),
            leika, leikaMore)
          : null));
  }

  function solutionUse(use) {
    const solution = use.solution;
    const facts = [solution.provider.name, maturityText(solution.maturity), label('lifecycle', solution.lifecycle)];
    const users = nutzer(solution.liveAdoptionCount);
    return h('li', {},
      h('a', { href: `/loesung/${solution.id}` }, solution.name),
      h('span', { class: 'meta' }, ` ${facts.join(' · ')}`),
      h('span', { class: 'answer-users' }, ` ${users}${signedIn && use.liveAdoptersInViewerLand !== null ? `, davon ${number(use.liveAdoptersInViewerLand)} in Ihrem Land` : ''}`));
  }

  function renderFacets(facets) {
    const active = Object.keys(filter).length;
    facetCount.textContent = active ? ` (${active} aktiv)` : '';
    toggleCount.textContent = facetCount.textContent;
    facetPanel.hidden = !facets.some((facet) => facet.values.length);
    replace(facetsBox, facets.filter((facet) => facet.values.length).map((facet) => h('fieldset', { class: 'facet' },
      h('legend', {}, label('facet', facet.name)),
      FACET_HELP[facet.name] ? help(FACET_HELP[facet.name]) : null,
      h('ul', {}, facet.values.slice(0, 8).map((value) => {
        const key = FACET_FILTER[facet.name];
        const typed = facetValue(facet.name, value.value);
        const pressed = key === 'kinds' ? (filter.kinds || []).includes(typed) : filter[key] === typed;
        const text = value.label || facetLabel(facet.name, value.value);
        return h('li', {}, h('button', { type: 'button', class: 'facet-value', 'aria-pressed': String(pressed),
          onclick: () => { toggle(key, typed, pressed); run(); } }, `${text} (${number(value.count)})`));
      })))));
  }

  function toggle(key, value, pressed) {
    if (key === 'kinds') {
      const kinds = (filter.kinds || []).filter((kind) => kind !== value);
      if (!pressed) kinds.push(value);
      if (kinds.length) filter.kinds = kinds; else delete filter.kinds;
    } else if (pressed) {
      delete filter[key];
    } else {
      filter[key] = value;
    }
  }
}

function plural(count, one, many) {
  return `${number(count)} ${count === 1 ? one : many}`;
}

function moreButton(text, load) {
  const button = h('button', { type: 'button', class: 'more-button' }, text);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await load();
    } catch (error) {
      button.disabled = false;
      button.after(h('span', { class: 'error', role: 'alert' }, ` ${error.message}`));
    }
  });
  return button;
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

function hitItem(hit) {
  const item = hit.item;
  if (item.__typename === 'Solution') {
    return h('li', {}, h('a', { href: `/loesung/${item.id}` }, highlight(hit.highlight)),
      h('span', { class: 'meta' }, ` ${item.provider.name} · ${label('reuseModel', item.reuseModel)} · ${label('lifecycle', item.lifecycle)} · ${number(item.liveAdoptionCount)} live`));
  }
  return h('li', {}, h('a', { href: `/organisation/${item.id}` }, highlight(hit.highlight)),
    h('span', { class: 'meta' }, ` ${item.designation || label('organizationKind', item.kind)}${item.ars ? ` · ARS ${item.ars}` : ''}`));
}
