// The words for a solution's adopters, the same on every page. "Nutzer" are its live adopters (adoption status LIVE:
// the API's liveAdoptionCount, the LIVE entry of adopterCounts); the other statuses are shown apart, with their own
// words, in the order the API lists them (adopterCounts follows the lifecycle).
import { number } from './dom.js';

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
