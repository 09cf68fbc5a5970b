// Sign-in: a registry API token (or any bearer token the registry accepts), or OIDC (authorization code with PKCE).
// The token is kept only in sessionStorage: it is gone when the browser session ends.
import { h, replace, message } from '../dom.js';
import { gql, session, label } from '../api.js';
import { renderAccount } from '../app.js';

const VIEWER = `query Angemeldet { viewer { subject roles organization { id name kind designation } } }`;

/** Where to go after signing in: a path of this site (?zurueck=), kept across the identity provider's redirect. */
const RETURN_KEY = 'ozg.zurueck';

export function safeReturn(path) {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/anmelden') ? path : null;
}

export async function render(main, _, params) {
  document.title = 'Anmelden – OZG-Registry';
  const back = safeReturn(params.get('zurueck'));
  if (back) sessionStorage.setItem(RETURN_KEY, back);
  const status = h('div', { 'aria-live': 'polite' });
  const tokenInput = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', 'aria-describedby': 'token-hinweis' });
  const form = h('form', { class: 'panel', onsubmit: async (event) => {
    event.preventDefault();
    await signIn(tokenInput.value.trim());
  } },
  h('div', { class: 'field' }, h('label', { for: 'token' }, 'API-Token'), tokenInput,
    h('p', { id: 'token-hinweis', class: 'hint' }, 'Ein Token der Registry (beginnt mit „ozg_“) oder ein Zugriffstoken Ihres Identitätsanbieters. Es bleibt nur in diesem Browser-Tab gespeichert, bis Sie sich abmelden oder den Browser schließen.')),
  h('button', { type: 'submit' }, 'Anmelden'));
  const oidcBox = h('div');

  replace(main, h('h1', {}, 'Anmelden'), status, currentState(), form, oidcBox,
    h('p', { class: 'hint' }, 'Ein Token erhalten Sie von der Koordinierungsstelle Ihres Landes oder der Administration der Registry. Wer die Registry selbst betreibt, findet das Admin-Token nach dem ersten Start in der Datei data/admin-token; damit können Sie für jede Organisation Übernahmen erfassen.'));

  async function signIn(token) {
    try {
      const data = await gql(VIEWER, {}, { token });
      if (!data.viewer) throw new Error('Das Token wurde nicht erkannt.');
      session.signIn(token, data.viewer);
      renderAccount();
      const back = safeReturn(sessionStorage.getItem(RETURN_KEY));
      sessionStorage.removeItem(RETURN_KEY);
      if (back) {
        location.assign(back);
        return true;
      }
      const viewer = data.viewer;
      replace(status, message('success', `Angemeldet als ${viewer.organization ? viewer.organization.name : 'Administration'} (${viewer.roles.map((role) => label('role', role)).join(', ')}). `,
        viewer.organization ? h('a', { href: `/organisation/${viewer.organization.id}`, id: 'zur-organisation' }, `Weiter zu ${viewer.organization.name}`) : null));
      tokenInput.value = '';
    } catch (error) {
      replace(status, message('error', `Anmeldung fehlgeschlagen: ${error.message}`));
    }
  }

  function currentState() {
    const viewer = session.viewer();
    return viewer ? h('p', {}, `Sie sind angemeldet als ${viewer.organization ? viewer.organization.name : 'Administration'}.`) : null;
  }

  const config = await fetch('/ui/config.json').then((response) => response.json()).catch(() => ({ oidc: null }));
  if (config.oidc) {
    replace(oidcBox, h('section', { class: 'panel', 'aria-labelledby': 'oidc-titel' },
      h('h2', { id: 'oidc-titel' }, 'Mit Ihrem Identitätsanbieter anmelden'),
      h('button', { type: 'button', onclick: () => startOidc(config.oidc).catch((error) => replace(status, message('error', `Anmeldung fehlgeschlagen: ${error.message}`))) },
        'Beim Identitätsanbieter anmelden')));
    if (params.get('code') && params.get('state')) {
      let navigating = false;
      try {
        navigating = await signIn(await finishOidc(config.oidc, params.get('code'), params.get('state')));
      } catch (error) {
        replace(status, message('error', `Anmeldung fehlgeschlagen: ${error.message}`));
      }
      // the code and state are spent: a reload must not send them again (a return, if any, has navigated away)
      if (!navigating) history.replaceState(null, '', '/anmelden');
    }
  }
}

async function discovery(oidc) {
  const response = await fetch(`${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`Identitätsanbieter nicht erreichbar (HTTP ${response.status})`);
  return response.json();
}

function randomText(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function startOidc(oidc) {
  const metadata = await discovery(oidc);
  const verifier = randomText(32);
  const state = randomText(16);
  sessionStorage.setItem('ozg.pkce', JSON.stringify({ verifier, state }));
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL(metadata.authorization_endpoint);
  url.search = new URLSearchParams({ response_type: 'code', client_id: oidc.clientId, redirect_uri: `${location.origin}/anmelden`,
    scope: oidc.scope, state, code_challenge: challenge, code_challenge_method: 'S256' }).toString();
  location.assign(url.toString());
}

async function finishOidc(oidc, code, state) {
  const pending = JSON.parse(sessionStorage.getItem('ozg.pkce') || 'null');
  sessionStorage.removeItem('ozg.pkce');
  if (!pending || pending.state !== state) throw new Error('Die Antwort des Identitätsanbieters passt nicht zu dieser Anmeldung.');
  const metadata = await discovery(oidc);
  const response = await fetch(metadata.token_endpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: `${location.origin}/anmelden`, client_id: oidc.clientId, code_verifier: pending.verifier }) });
  if (!response.ok) throw new Error(`Der Identitätsanbieter hat kein Token ausgestellt (HTTP ${response.status}).`);
  const tokens = await response.json();
  return tokens.access_token;
}
