// Calls to the registry's GraphQL API, the browser session (token only in sessionStorage) and German labels.
import { ADOPTION_STATUS } from './labels.js';

const TOKEN_KEY = 'ozg.token';
const VIEWER_KEY = 'ozg.viewer';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  viewer: () => JSON.parse(sessionStorage.getItem(VIEWER_KEY) || 'null'),
  signIn(token, viewer) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(VIEWER_KEY, JSON.stringify(viewer));
  },
  signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(VIEWER_KEY);
  },
};

/** An error of the API, with its `extensions.code` and a German message for people. */
export class ApiError extends Error {
  constructor(code, detail, field) {
    super(germanMessage(code, field));
    this.code = code;
    this.detail = detail;
    this.field = field;
  }
}

const MESSAGES = {
  UNAUTHENTICATED: 'Dafür ist eine Anmeldung nötig, oder das Token ist ungültig (unbekannt, abgelaufen oder widerrufen).',
  FORBIDDEN: 'Dazu sind Sie mit dieser Anmeldung nicht berechtigt.',
  VALIDATION_FAILED: 'Eine Eingabe ist ungültig',
  NOT_FOUND: 'Der angegebene Datensatz wurde nicht gefunden.',
  CONFLICT: 'Konflikt: Der Datensatz wurde inzwischen geändert, oder es gibt schon eine aktive Übernahme dieser Lösung.',
  QUERY_TOO_COMPLEX: 'Die Anfrage ist zu umfangreich.',
  RATE_LIMITED: 'Zu viele Anfragen. Bitte warten Sie einen Moment und versuchen Sie es erneut.',
  INTERNAL: 'Ein interner Fehler ist aufgetreten.',
  NETWORK: 'Die Registry ist nicht erreichbar. Bitte prüfen Sie die Verbindung.',
};

function germanMessage(code, field) {
  const text = MESSAGES[code] || MESSAGES.INTERNAL;
  return code === 'VALIDATION_FAILED' ? `${text}${field ? ` (Feld „${field}“)` : ''}.` : text;
}

/**
 * Runs a GraphQL document. Sends the session's token, if any (`token: null` forces an anonymous call, a string uses
 * that token). Resolves to `data`; rejects with an ApiError for the first error.
 */
export async function gql(query, variables = {}, options = {}) {
  const token = options.token !== undefined ? options.token : session.token();
  const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch (error) {
    throw new ApiError('NETWORK', String(error));
  }
  let body;
  try {
    body = await response.json();
  } catch (error) {
    throw new ApiError(response.status === 429 ? 'RATE_LIMITED' : 'INTERNAL', `HTTP ${response.status}`);
  }
  if (body.errors && body.errors.length) {
    const error = body.errors[0];
    const code = (error.extensions && error.extensions.code) || 'INTERNAL';
    if (code === 'UNAUTHENTICATED' && token && options.token === undefined && !options.keepSession) {
      // the stored sign-in is no longer valid: sign out and read anonymously
      session.signOut();
      document.dispatchEvent(new CustomEvent('ozg-signed-out', { detail: 'expired' }));
      if (!/^\s*mutation/.test(query)) return gql(query, variables, { token: null });
    }
    throw new ApiError(code, error.message, error.extensions && error.extensions.field);
  }
  return body.data;
}

export const labels = {
  kind: { OZG_SERVICE: 'OZG-Leistungen', LEIKA_SERVICE: 'LeiKa-Leistungen', SOLUTION: 'Lösungen', ORGANIZATION: 'Organisationen' },
  organizationKind: {
    FEDERAL: 'Bund', STATE: 'Land', DISTRICT: 'Kreis', MUNICIPAL_ASSOCIATION: 'Gemeindeverband', MUNICIPALITY: 'Gemeinde',
    IT_SERVICE_PROVIDER: 'IT-Dienstleister', VENDOR: 'Hersteller', OTHER_AUTHORITY: 'Behörde',
  },
  reuseModel: {
    EFA_SERVICE: 'EfA-Dienst (Einer für Alle)', OPEN_SOURCE: 'Open Source', SHARED_PLATFORM: 'Gemeinsame Plattform',
    COMMERCIAL: 'Kommerzielles Produkt', OWN_DEVELOPMENT: 'Eigenentwicklung',
  },
  lifecycle: { PLANNED: 'Geplant', IN_DEVELOPMENT: 'In Entwicklung', PILOT: 'Pilotbetrieb', PRODUCTION: 'Produktivbetrieb', RETIRED: 'Eingestellt' },
  legalPath: {
    FIT_STORE: 'FIT-Store', GOVDIGITAL_MARKETPLACE: 'govdigital-Marktplatz', KOMMUNALVERTRETER_MODELL: 'Kommunalvertreter-Modell',
    VERWALTUNGSVEREINBARUNG: 'Verwaltungsvereinbarung', DIRECT_CONTRACT: 'Direkter Vertrag', OPEN_LICENCE: 'Offene Lizenz',
  },
  // one set of words for adoption statuses on every page (labels.js)
  status: ADOPTION_STATUS,
  operatingModel: { CENTRAL_SERVICE: 'Mitnutzung eines zentralen Dienstes', OWN_INSTANCE: 'Eigene Instanz', FORK: 'Abgewandelte Kopie (Fork)' },
  role: { PUBLISHER: 'Veröffentlicher', VENDOR: 'Hersteller', STATE_COORDINATOR: 'Landeskoordination', FEDERAL_COORDINATOR: 'Bundeskoordination', ADMIN: 'Administration' },
  source: { SELF_REPORTED: 'selbst gemeldet', PROVIDER_REPORTED: 'vom Anbieter gemeldet', IMPORTED: 'importiert', ILLUSTRATIVE: 'illustrativ (Demo-Daten, nicht real)' },
  operation: { CREATE: 'Angelegt', UPDATE: 'Geändert', STATUS_TRANSITION: 'Statuswechsel', CONFIRM: 'Bestätigt', DISPUTE: 'Bestritten', MERGE: 'Zusammengeführt', WITHDRAW: 'Zurückgezogen' },
  facet: { kind: 'Art', themenfeld: 'Themenfeld', land: 'Land', maturity: 'Reifegrad', reuseModel: 'Nachnutzungsmodell', lifecycle: 'Lebenszyklus', openLicence: 'Offene Lizenz' },
};

export function label(group, value) {
  return (labels[group] && labels[group][value]) || value;
}

export function maturityText(maturity) {
  if (!maturity) return 'nicht bewertet';
  return `Stufe ${maturity.level} (Reifegradmodell ${maturity.model === 'V2_0' ? '2.0' : '1.1'})`;
}

/** The statuses an adoption may move to from `status` (forward, or discontinued). */
export function nextStatuses(status) {
  const order = ['INTERESTED', 'PLANNED', 'IN_PROGRESS', 'LIVE'];
  if (status === 'DISCONTINUED') return [];
  return [...order.slice(order.indexOf(status) + 1), 'DISCONTINUED'];
}
