// Small DOM helpers: elements are built with createElement and text nodes only (no innerHTML with data).

/** Creates an element: h('a', {href: '/x', class: 'y'}, 'text', child, [more]). */
export function h(tag, attributes, ...children) {
  const svg = ['svg', 'path', 'g', 'rect', 'line', 'polyline', 'text', 'title', 'circle'].includes(tag);
  const element = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else if (child instanceof Node) element.appendChild(child);
    else element.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces the children of an element. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

/** The search highlight (HTML-escaped text with <em>…</em>) as nodes, without parsing it as HTML. */
export function highlight(text) {
  const nodes = [];
  const parts = text.split(/(<em>|<\/em>)/);
  let emphasised = false;
  for (const part of parts) {
    if (part === '<em>') { emphasised = true; continue; }
    if (part === '</em>') { emphasised = false; continue; }
    if (!part) continue;
    const plain = part.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity]);
    nodes.push(emphasised ? h('mark', {}, plain) : plain);
  }
  return nodes;
}

const NUMBER = new Intl.NumberFormat('de-DE');
const PERCENT = new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 1 });
const DATE = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });

export const number = (value) => (value === null || value === undefined) ? '–' : NUMBER.format(value);
export const percent = (value) => (value === null || value === undefined) ? '–' : PERCENT.format(value);
export function date(value) {
  if (!value) return '–';
  return DATE.format(new Date(value.length === 10 ? value + 'T12:00:00Z' : value));
}

/** A <details> with a data table: the accessible alternative of every map and chart. */
export function tableAlternative(summary, caption, headers, rows, open = false) {
  return h('details', { class: 'alternative', open },
    h('summary', {}, summary),
    dataTable(caption, headers, rows));
}

/** A data table; cells may be nodes. Numeric columns are right-aligned by the caller's `num` marker. */
export function dataTable(caption, headers, rows) {
  return h('div', { class: 'table-scroll' },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell, index) =>
        index === 0 ? h('th', { scope: 'row' }, cell) : h('td', { class: typeof cell === 'number' || /^[\d.,% –-]+$/.test(String(cell)) ? 'num' : null }, cell)))))));
}

/** A message box: kind 'error', 'success' or 'warning'. */
export function message(kind, ...content) {
  return h('div', { class: 'message ' + kind, role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

export function todayIso() {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}
