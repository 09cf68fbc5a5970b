// Entry point of every page: shows the sign-in state in the header and renders the page of the current URL.
import { h, replace, message } from './dom.js';
import { session, label } from './api.js';
import { watchTables } from './tables.js';

const ROUTES = [
  [/^\/$/, 'start'],
  [/^\/leistung\/([^/]+)$/, 'leistung'],
  [/^\/loesung\/([^/]+)$/, 'loesung'],
  [/^\/organisation\/([^/]+)$/, 'organisation'],
  [/^\/dashboard$/, 'dashboard'],
  [/^\/anmelden$/, 'anmelden'],
  [/^\/import$/, 'import'],
  [/^\/vergleich$/, 'vergleich'],
];

export function renderAccount() {
  const slot = document.getElementById('konto');
  const viewer = session.viewer();
  if (!viewer) {
    const here = location.pathname + location.search + location.hash;
    replace(slot, h('a', { href: location.pathname === '/anmelden' ? '/anmelden' : `/anmelden?zurueck=${encodeURIComponent(here)}` }, 'Anmelden'));
    return;
  }
  const who = viewer.organization ? viewer.organization.name : 'Administration';
  replace(slot,
    viewer.organization
      ? h('a', { href: `/organisation/${viewer.organization.id}` }, `${who} (${viewer.roles.map((r) => label('role', r)).join(', ')})`)
      : h('span', {}, who),
    ' ',
    h('button', { type: 'button', class: 'link', onclick: () => { session.signOut(); location.assign('/anmelden'); } }, 'Abmelden'));
}

async function main() {
  renderAccount();
  document.addEventListener('ozg-signed-out', () => {
    renderAccount();
    document.getElementById('inhalt').prepend(message('warning', 'Ihre Anmeldung ist nicht mehr gültig; Sie wurden abgemeldet.'));
  });
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const main = document.getElementById('inhalt');
  watchTables(main);
  // printing: the folded tables and explanations are printed open
  window.addEventListener('beforeprint', () => document.querySelectorAll('details:not([open])').forEach((details) => { details.open = true; details.dataset.printed = 'open'; }));
  window.addEventListener('afterprint', () => document.querySelectorAll('details[data-printed]').forEach((details) => { details.open = false; delete details.dataset.printed; }));
  // the legal pages come rendered from the server (LegalPages): nothing to draw
  if (main.hasAttribute('data-rendered')) {
    performance.mark('ozg-rendered');
    return;
  }
  for (const [pattern, page] of ROUTES) {
    const match = path.match(pattern);
    if (match) {
      const module = await import(`./pages/${page}.js`);
      await module.render(main, decodeURIComponent(match[1] || ''), new URLSearchParams(location.search));
      performance.mark('ozg-rendered');
      return;
    }
  }
  document.title = 'Seite nicht gefunden – OZG-Registry';
  replace(main, h('h1', {}, 'Seite nicht gefunden'), h('p', {}, h('a', { href: '/' }, 'Zur Suche')));
  performance.mark('ozg-rendered');
}

main().catch((error) => {
  const main = document.getElementById('inhalt');
  replace(main, h('h1', {}, 'Fehler'), message('error', error.message || String(error)));
  performance.mark('ozg-rendered');
});
