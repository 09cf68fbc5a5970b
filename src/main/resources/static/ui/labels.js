// The words for a solution's adopters, the same on every page. "Nutzer" are its live adopters (adoption status LIVE:
// the API's liveAdoptionCount, the LIVE entry of adopterCounts); the other statuses are shown apart, with their own
// words, in the order the API lists them (adopterCounts follows the lifecycle).
import { h, number } from './dom.js';

/** The status of one adoption, as a table shows it. */
export const ADOPTION_STATUS = {
  INTERESTED: 'interessiert', PLANNED: 'in Planung', IN_PROGRESS: 'in Umsetzung', LIVE: 'live (Nutzer)', DISCONTINUED: 'beendet',
};

/** Adopters in a status, as counts show them ("16 in Umsetzung"). */
const COUNTED = {
  INTERESTED: 'interessiert', PLANNED: 'in Planung', IN_PROGRESS: 'in Umsetzung', LIVE: 'Nutzer', DISCONTINUED: 'beendet',
};

export function adoptionStatus(status) {
  return ADOPTION_STATUS[status] || status;
}

/** "152 Nutzer": the live adopters. */
export function nutzer(count) {
  return `${number(count)} Nutzer`;
}

/** "16 in Umsetzung" for one entry of adopterCounts. */
export function adopterCount(entry) {
  return `${number(entry.count)} ${COUNTED[entry.status] || entry.status}`;
}

/** The live count of an adopterCounts list. */
export function liveCount(adopterCounts) {
  const live = adopterCounts.find((entry) => entry.status === 'LIVE');
  return live ? live.count : 0;
}

/** The adopters that are not (or no longer) Nutzer, without zeros: "2 interessiert, 5 in Planung, 16 in Umsetzung, 5 beendet". */
export function otherAdopters(adopterCounts) {
  return adopterCounts.filter((entry) => entry.status !== 'LIVE' && entry.count > 0).map(adopterCount).join(', ');
}

/** "152 Nutzer (außerdem 16 in Umsetzung, …)" for a list of adopterCounts. */
export function adopterSummary(adopterCounts) {
  const others = otherAdopters(adopterCounts);
  return others ? `${nutzer(liveCount(adopterCounts))} (außerdem ${others})` : nutzer(liveCount(adopterCounts));
}

/**
 * The official terms, explained once: every page that shows one of them uses this text (as a toggle next to the term,
 * a definition under a heading, or a list of terms next to a table).
 */
export const TERMS = {
  reifegrad: { term: 'Reifegrad', text: 'Wie weit sich eine Leistung online erledigen lässt, nach dem Reifegradmodell des OZG. Im Modell 1.1 gibt es die Stufen 0 bis 4: Stufe 3 heißt vollständig online (Antrag und Bescheid), Stufe 4 zusätzlich „Once Only“ (Nachweise holt die Verwaltung selbst). Das Modell 2.0 zählt die Stufen 0 bis 7.' },
  nachnutzungsmodell: { term: 'Nachnutzungsmodell', text: 'Wie eine Lösung anderen Stellen angeboten wird: als EfA-Dienst („Einer für Alle“: ein Land oder der Bund betreibt ihn zentral, andere nutzen ihn mit), als Open Source (andere betreiben die Software selbst), als gemeinsame Plattform eines IT-Dienstleisters, als kommerzielles Produkt oder als Eigenentwicklung einer Stelle.' },
  rechtsweg: { term: 'Rechtsweg', text: 'Der rechtliche Weg, auf dem eine andere Stelle eine Lösung nachnutzen darf: über den FIT-Store der FITKO, den govdigital-Marktplatz, das Kommunalvertreter-Modell (ein Land schließt den Vertrag für seine Kommunen), eine Verwaltungsvereinbarung, einen direkten Vertrag oder eine offene Lizenz ohne Vertrag. Ein Rechtsweg steht Ihnen offen, wenn Ihre Organisation ihn selbst gehen kann oder über eine andere Stelle („über …“, z. B. Ihr Land).' },
  betriebsmodell: { term: 'Betriebsmodell', text: 'Wie die übernehmende Stelle eine Lösung betreibt: als Mitnutzung eines zentral betriebenen Dienstes (etwa eines EfA-Dienstes oder einer gemeinsamen Plattform), als eigene Instanz der Software oder als abgewandelte Kopie (Fork).' },
  abgedeckt: { term: 'abgedeckt', text: 'Eine Gemeinde gilt als abgedeckt, wenn eine Live-Übernahme die Leistung für sie anbietet: ihre eigene oder die ihres Gemeindeverbands, Kreises, Landes oder des Bundes.' },
  flaechendeckend: { term: 'flächendeckend', text: 'Flächendeckend heißt: In dem Gebiet ist jede Gemeinde abgedeckt, die Leistung ist also überall online verfügbar.' },
};

let helpCount = 0;

/**
 * A toggle that explains a term: a button ("?", named "Was bedeutet …?") whose aria-expanded says whether the
 * explanation under it is shown. Goes next to a term, a label or a legend (not inside a label or heading, whose
 * names it would change).
 */
export function help(key) {
  const entry = TERMS[key];
  const id = `hilfe-${key}-${++helpCount}`;
  const text = h('span', { id, class: 'help-text', hidden: true }, entry.text);
  const button = h('button', { type: 'button', class: 'help', 'aria-expanded': 'false', 'aria-controls': id,
    'aria-label': `Was bedeutet „${entry.term}“?`, 'data-term': key }, '?');
  const show = (open) => {
    button.setAttribute('aria-expanded', String(open));
    text.hidden = !open;
  };
  button.addEventListener('click', () => show(button.getAttribute('aria-expanded') !== 'true'));
  button.addEventListener('keydown', (event) => { if (event.key === 'Escape') show(false); });
  return h('span', { class: 'help-wrap' }, button, text);
}

/** A term with its explanation toggle: for a <dt> or a table's neighbourhood. `shown` is the word as it stands there. */
export function term(key, shown = TERMS[key].term) {
  return h('span', { class: 'term' }, shown, ' ', help(key));
}

/** The explanation as a definition paragraph (<dfn>), for a place with room for a sentence. */
export function definition(key) {
  const entry = TERMS[key];
  return h('p', { class: 'definition hint' }, h('dfn', {}, entry.term), ': ', entry.text);
}

/** The terms of a table, folded: "Begriffe: Reifegrad, Rechtsweg" and their explanations. */
export function glossary(keys) {
  return h('details', { class: 'glossary' },
    h('summary', {}, `Begriffe: ${keys.map((key) => TERMS[key].term).join(', ')}`),
    h('dl', {}, keys.map((key) => [h('dt', {}, h('dfn', {}, TERMS[key].term)), h('dd', {}, TERMS[key].text)])));
}
