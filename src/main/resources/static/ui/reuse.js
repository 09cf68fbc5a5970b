// Reuse requests (Nachnutzungsanfragen): the form on a solution's page, and an organization's inbox (requests about
// its solutions, which it answers) and outbox (its own requests, whose offers it agrees to). The funnel and who may
// do what are the API's (requestReuse, answerReuseRequest, agreeReuseRequest, reuseRequests).
import { h, replace, date, message } from './dom.js';
import { gql, label, session } from './api.js';

export const REQUEST_STATE = {
  REQUESTED: 'angefragt, noch nicht beantwortet', ANSWERED: 'Angebot liegt vor', DECLINED: 'abgelehnt', AGREED: 'vereinbart',
};

const REQUEST_FIELDS = `id state version message operatingModel legalPath requesterContact createdAt answeredAt agreedAt declineReason
  offer { conditions nextSteps marketplaceUrl contactEmail }
  solution { id name } requester { id name } provider { id name } adoption { id status }`;

const REQUEST_REUSE = `mutation Anfragen($input: RequestReuseInput!) {
  requestReuse(input: $input) { adoptionCreated reuseRequest { id state requester { id } } } }`;

const LIST = `query Anfragen($organization: ID!, $role: ReuseRequestRole!) {
  reuseRequests(filter: { organizationId: $organization, role: $role }, first: 50) {
    totalCount edges { node { ${REQUEST_FIELDS} } } } }`;

const ANSWER = `mutation Antworten($input: AnswerReuseRequestInput!) { answerReuseRequest(input: $input) { reuseRequest { ${REQUEST_FIELDS} } } }`;

const AGREE = `mutation Vereinbaren($input: AgreeReuseRequestInput!) { agreeReuseRequest(input: $input) { reuseRequest { ${REQUEST_FIELDS} } } }`;

/** The link to the sign-in page that comes back to this page afterwards. */
export function signInLink(text) {
  return h('a', { href: `/anmelden?zurueck=${encodeURIComponent(location.pathname + location.search + location.hash)}` }, text);
}

/**
 * "Nachnutzung anfragen" on a solution's page: for an organization signed in that does not provide it. `own`: the
 * signed-in organization's record ({ contactEmail }); without a contact address on file, the form asks for one.
 */
export function requestSection(solution, own) {
  const viewer = session.viewer();
  const section = h('section', { id: 'anfragen', 'aria-labelledby': 'anfragen-titel' }, h('h2', { id: 'anfragen-titel' }, 'Nachnutzung anfragen'));
  if (solution.lifecycle === 'RETIRED') {
    section.append(h('p', {}, 'Diese Lösung ist eingestellt: Anfragen zur Nachnutzung sind nicht mehr möglich.'));
    return section;
  }
  if (!viewer) {
    section.append(h('p', {}, signInLink('Melden Sie sich an'), `, um ${solution.provider.name} nach der Nachnutzung von ${solution.name} zu fragen.`));
    return section;
  }
  if (!viewer.organization) {
    section.append(h('p', { class: 'hint' }, 'Anfragen stellt eine Organisation für sich selbst: melden Sie sich für die Organisation an, die nachnutzen möchte.'));
    return section;
  }
  if (viewer.organization.id === solution.provider.id) {
    section.append(h('p', {}, 'Sie sind der Anbieter dieser Lösung. Anfragen anderer finden Sie auf ', h('a', { href: `/organisation/${solution.provider.id}#anfragen` }, 'der Seite Ihrer Organisation'), '.'));
    return section;
  }
  const text = h('textarea', { id: 'anfrage-text', rows: 5, required: true, maxlength: 5000, 'aria-describedby': 'anfrage-text-hinweis' });
  const operatingModel = h('select', { id: 'anfrage-betriebsmodell' }, h('option', { value: '' }, 'keine Angabe'),
    ['CENTRAL_SERVICE', 'OWN_INSTANCE', 'FORK'].map((value) => h('option', { value }, label('operatingModel', value))));
  const legalPath = h('select', { id: 'anfrage-rechtsweg' }, h('option', { value: '' }, 'keine Angabe'),
    solution.legalPaths.map((value) => h('option', { value }, label('legalPath', value))));
  const onFile = own && own.contactEmail;
  const contact = h('input', { id: 'anfrage-kontakt', type: 'email', autocomplete: 'email', maxlength: 254, required: !onFile, 'aria-describedby': 'anfrage-kontakt-hinweis' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'panel', id: 'anfrage-formular', onsubmit: async (event) => {
    event.preventDefault();
    const input = { organizationId: viewer.organization.id, solutionId: solution.id, message: text.value.trim() };
    if (operatingModel.value) input.operatingModel = operatingModel.value;
    if (legalPath.value) input.legalPath = legalPath.value;
    if (contact.value.trim()) input.contactEmail = contact.value.trim();
    try {
      const result = (await gql(REQUEST_REUSE, { input })).requestReuse;
      form.reset();
      replace(status, message('success', `Ihre Anfrage ist bei ${solution.provider.name}. `,
        result.adoptionCreated ? 'Die Übernahme ist als „interessiert“ erfasst. ' : '',
        h('a', { href: `/organisation/${viewer.organization.id}?anfrage=${result.reuseRequest.id}#anfragen`, id: 'zur-anfrage' }, 'Anfrage verfolgen')));
    } catch (error) {
      replace(status, message('error', `Die Anfrage wurde nicht gesendet: ${error.message}`));
    }
  } },
  h('div', { class: 'field' }, h('label', { for: 'anfrage-text' }, 'Ihre Anfrage'), text,
    h('p', { id: 'anfrage-text-hinweis', class: 'hint' }, 'Was möchten Sie wissen oder nachnutzen? Ab wann? Nennen Sie keine personenbezogenen Daten Dritter.')),
  h('div', { class: 'field' }, h('label', { for: 'anfrage-betriebsmodell' }, 'Gewünschtes Betriebsmodell'), operatingModel),
  solution.legalPaths.length ? h('div', { class: 'field' }, h('label', { for: 'anfrage-rechtsweg' }, 'Gewünschter Rechtsweg'), legalPath) : null,
  h('div', { class: 'field' }, h('label', { for: 'anfrage-kontakt' }, 'Antwort an (Funktionspostfach)'), contact,
    h('p', { id: 'anfrage-kontakt-hinweis', class: 'hint' }, onFile
      ? `Leer lassen: die Kontaktadresse Ihrer Organisation (${own.contactEmail}). Bitte ein Funktionspostfach (z. B. digitalisierung@…), keine persönliche Adresse.`
      : 'Ihre Organisation hat keine Kontaktadresse hinterlegt: bitte ein Funktionspostfach angeben (z. B. digitalisierung@…), keine persönliche Adresse.')),
  h('button', { type: 'submit' }, `${solution.provider.name} anfragen`));
  section.append(h('p', {}, `Fragen Sie ${solution.provider.name} für ${viewer.organization.name} nach der Nachnutzung. Der Anbieter sieht Ihre Anfrage, antwortet mit einem Angebot oder einer Absage, und Sie werden per E-Mail oder Webhook benachrichtigt, wenn Sie Benachrichtigungen abonniert haben.`),
    form, status);
  return section;
}

/**
 * The organization's reuse requests: its inbox (as provider) and outbox (as requester), for those allowed to see
 * them (the organization itself, its Land's coordinator, admins); nothing for others. `highlight`: the ID of a
 * request to show first and open (the link of a notification e-mail).
 */
export async function requestsSection(organizationId, highlight) {
  const viewer = session.viewer();
  if (!viewer) return null;
  let inbox;
  let outbox;
  try {
    [inbox, outbox] = await Promise.all([
      gql(LIST, { organization: organizationId, role: 'PROVIDER' }),
      gql(LIST, { organization: organizationId, role: 'REQUESTER' }),
    ]);
  } catch (error) {
    if (error.code === 'FORBIDDEN') return null;
    // the rest of the organization's page still shows
    return h('section', { id: 'anfragen', 'aria-labelledby': 'anfragen-titel' }, h('h2', { id: 'anfragen-titel' }, 'Anfragen zur Nachnutzung'),
      message('error', `Die Anfragen konnten nicht geladen werden: ${error.message}`));
  }
  const inRequests = inbox.reuseRequests.edges.map((edge) => edge.node);
  const outRequests = outbox.reuseRequests.edges.map((edge) => edge.node);
  return h('section', { id: 'anfragen', 'aria-labelledby': 'anfragen-titel' },
    h('h2', { id: 'anfragen-titel' }, 'Anfragen zur Nachnutzung'),
    h('h3', {}, `Eingang: Anfragen zu Ihren Lösungen (${inbox.reuseRequests.totalCount})`),
    inRequests.length ? h('ul', { class: 'requests', id: 'anfragen-eingang' }, order(inRequests, highlight).map((request) => requestCard(request, 'PROVIDER', highlight)))
      : h('p', {}, 'Keine Anfragen zu Lösungen dieser Organisation.'),
    h('h3', {}, `Ausgang: Ihre Anfragen (${outbox.reuseRequests.totalCount})`),
    outRequests.length ? h('ul', { class: 'requests', id: 'anfragen-ausgang' }, order(outRequests, highlight).map((request) => requestCard(request, 'REQUESTER', highlight)))
      : h('p', {}, 'Diese Organisation hat noch keine Nachnutzung angefragt. Anfragen stellen Sie auf der Seite einer Lösung.'));
}

const order = (requests, highlight) => [...requests].sort((a, b) => (b.id === highlight) - (a.id === highlight));

function requestCard(request, side, highlight) {
  const card = h('li', { class: 'card request', id: `anfrage-${request.id}` });
  const draw = (current) => card.setAttribute('data-state', current.state) || replace(card,
    h('h4', {}, h('a', { href: `/loesung/${current.solution.id}` }, current.solution.name), ': ',
      side === 'PROVIDER' ? `Anfrage von ${current.requester.name}` : `an ${current.provider.name}`),
    h('p', {}, h('strong', { class: 'request-state' }, REQUEST_STATE[current.state] || current.state), ` · angefragt am ${date(current.createdAt)}`,
      current.answeredAt ? ` · beantwortet am ${date(current.answeredAt)}` : '', current.agreedAt ? ` · vereinbart am ${date(current.agreedAt)}` : ''),
    h('dl', { class: 'facts compact' },
      h('dt', {}, 'Anfrage'), h('dd', { class: 'request-message' }, current.message),
      current.operatingModel ? [h('dt', {}, 'Betriebsmodell'), h('dd', {}, label('operatingModel', current.operatingModel))] : null,
      current.legalPath ? [h('dt', {}, 'Rechtsweg'), h('dd', {}, label('legalPath', current.legalPath))] : null,
      h('dt', {}, 'Antwort an'), h('dd', {}, h('a', { href: `mailto:${current.requesterContact}` }, current.requesterContact)),
      current.offer ? [
        h('dt', {}, 'Bedingungen'), h('dd', { class: 'offer-conditions' }, current.offer.conditions),
        h('dt', {}, 'Nächste Schritte'), h('dd', {}, current.offer.nextSteps),
        current.offer.marketplaceUrl ? [h('dt', {}, 'EfA-Marktplatz'), h('dd', {}, h('a', { href: current.offer.marketplaceUrl, rel: 'noopener' }, current.offer.marketplaceUrl))] : null,
        current.offer.contactEmail ? [h('dt', {}, 'Kontakt des Anbieters'), h('dd', {}, h('a', { href: `mailto:${current.offer.contactEmail}` }, current.offer.contactEmail))] : null] : null,
      current.declineReason ? [h('dt', {}, 'Grund der Absage'), h('dd', {}, current.declineReason)] : null,
      h('dt', {}, 'Übernahme'), h('dd', {}, label('status', current.adoption.status))),
    actions(current, side, draw));
  draw(request);
  if (request.id === highlight) {
    card.classList.add('highlight');
    card.setAttribute('tabindex', '-1');
    queueMicrotask(() => card.scrollIntoView({ block: 'start' }));
  }
  return card;
}

/** What the viewer's side can do next: the provider answers (until agreed), the requester agrees to an offer. */
function actions(request, side, draw) {
  const status = h('div', { 'aria-live': 'polite' });
  if (side === 'PROVIDER' && (request.state === 'REQUESTED' || request.state === 'ANSWERED')) {
    return [answerForm(request, draw, status), status];
  }
  if (side === 'REQUESTER' && request.state === 'ANSWERED') {
    const agree = h('button', { type: 'button', class: 'agree', onclick: async () => {
      agree.disabled = true;
      try {
        const agreed = (await gql(AGREE, { input: { id: request.id, expectedVersion: request.version } })).agreeReuseRequest.reuseRequest;
        draw(agreed);
      } catch (error) {
        agree.disabled = false;
        replace(status, message('error', `Nicht vereinbart: ${error.message}`));
      }
    } }, 'Angebot annehmen');
    return h('div', {}, h('p', {}, 'Mit „Angebot annehmen“ vereinbaren Sie die Nachnutzung zu diesen Bedingungen; die Übernahme steht dann auf „in Planung“. Den Vertrag (z. B. Nachnutzungsvereinbarung) schließen Sie mit dem Anbieter wie gewohnt.'), agree, status);
  }
  if (side === 'REQUESTER' && request.state === 'AGREED') {
    return h('p', {}, 'Vereinbart. Den weiteren Stand (in Umsetzung, live) erfassen Sie bei den ', h('a', { href: '#uebernahmen' }, 'Übernahmen'), ' dieser Organisation.');
  }
  return null;
}

function answerForm(request, draw, status) {
  const id = request.id;
  const offer = h('input', { type: 'radio', name: `entscheidung-${id}`, id: `angebot-${id}`, value: 'OFFER', checked: true });
  const decline = h('input', { type: 'radio', name: `entscheidung-${id}`, id: `absage-${id}`, value: 'DECLINE' });
  const conditions = h('textarea', { id: `bedingungen-${id}`, class: 'answer-conditions', rows: 3, maxlength: 5000 });
  const nextSteps = h('textarea', { id: `schritte-${id}`, class: 'answer-next-steps', rows: 3, maxlength: 5000 });
  const marketplace = h('input', { id: `marktplatz-${id}`, type: 'url', maxlength: 500, placeholder: 'https://…' });
  const reason = h('textarea', { id: `grund-${id}`, class: 'answer-reason', rows: 2, maxlength: 1000 });
  const offerFields = h('div', {},
    h('div', { class: 'field' }, h('label', { for: `bedingungen-${id}` }, 'Bedingungen (Kosten, Vertrag, Betrieb)'), conditions),
    h('div', { class: 'field' }, h('label', { for: `schritte-${id}` }, 'Nächste Schritte'), nextSteps),
    h('div', { class: 'field' }, h('label', { for: `marktplatz-${id}` }, 'Angebot auf dem EfA-Marktplatz (optional)'), marketplace));
  const reasonField = h('div', { class: 'field', hidden: true }, h('label', { for: `grund-${id}` }, 'Grund der Absage'), reason);
  const toggle = () => { offerFields.hidden = !offer.checked; reasonField.hidden = offer.checked; };
  offer.addEventListener('change', toggle);
  decline.addEventListener('change', toggle);
  if (request.offer) {
    conditions.value = request.offer.conditions;
    nextSteps.value = request.offer.nextSteps;
    marketplace.value = request.offer.marketplaceUrl || '';
  }
  return h('form', { class: 'panel answer', onsubmit: async (event) => {
    event.preventDefault();
    const input = offer.checked
      ? { id, decision: 'OFFER', conditions: conditions.value.trim(), nextSteps: nextSteps.value.trim(), expectedVersion: request.version }
      : { id, decision: 'DECLINE', reason: reason.value.trim(), expectedVersion: request.version };
    if (offer.checked && marketplace.value.trim()) input.marketplaceUrl = marketplace.value.trim();
    try {
      draw((await gql(ANSWER, { input })).answerReuseRequest.reuseRequest);
    } catch (error) {
      replace(status, message('error', `Die Antwort wurde nicht gesendet: ${error.message}`));
    }
  } },
  h('fieldset', {}, h('legend', {}, request.state === 'ANSWERED' ? 'Angebot ändern oder absagen' : 'Antworten'),
    h('p', { class: 'radio' }, offer, ' ', h('label', { for: `angebot-${id}` }, 'Angebot')),
    h('p', { class: 'radio' }, decline, ' ', h('label', { for: `absage-${id}` }, 'Absage'))),
  offerFields, reasonField,
  h('button', { type: 'submit' }, 'Antwort senden'));
}
