package de.ozgregistry.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The words of the notifications, in German: one line and one link into the web front end per event, the subject,
 * the e-mail's text with its unsubscribe link, and the webhook's JSON body. One place, so that e-mail and webhook say
 * the same.
 */
final class Messages {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, String> STATUS = Map.of("INTERESTED", "interessiert", "PLANNED", "in Planung",
			"IN_PROGRESS", "in Umsetzung", "LIVE", "live", "DISCONTINUED", "beendet");

	/** One event as stored with its message ({@code notification_message.events}). */
	record Event(String event, String entityType, String entityId, Instant occurredAt, JsonNode details) {

		String text(String organizationName) {
			String solution = "„" + details.path("solutionName").asString() + "“";
			String other = details.path("organizationName").asString();
			return switch (event) {
				case "NEW_SOLUTION_FOR_GAP" -> "Neue Lösung " + solution + " von " + other + " für "
						+ ozgIds() + ", für die " + organizationName + " zuständig ist und die noch nicht abgedeckt ist.";
				case "NEW_ADOPTER" -> other + " nutzt Ihre Lösung " + solution + " (Stand: "
						+ STATUS.getOrDefault(details.path("status").asString(), details.path("status").asString())
						+ ").";
				case "REUSE_REQUEST" -> "AGREED".equals(details.path("state").asString())
						? other + " hat Ihrem Angebot zur Nachnutzung von " + solution + " zugestimmt."
						: "Neue Nachnutzungsanfrage von " + other + " zu Ihrer Lösung " + solution + ".";
				case "REUSE_ANSWER" -> "DECLINED".equals(details.path("state").asString())
						? other + " hat Ihre Nachnutzungsanfrage zu " + solution + " abgelehnt."
						: other + " hat Ihre Nachnutzungsanfrage zu " + solution + " mit einem Angebot beantwortet.";
				case "SOLUTION_CHANGED" -> "Die Lösung " + solution + " von " + other
						+ ", die Sie nutzen, wurde geändert.";
				default -> "Neuigkeit in der OZG-Registry.";
			};
		}

		/** Where the web front end shows it: the solution, or for a reuse request the subscriber's organization page. */
		String link(String publicUrl, String organizationId) {
			return switch (event) {
				case "REUSE_REQUEST", "REUSE_ANSWER" -> publicUrl + "/organisation/" + organizationId + "?anfrage="
						+ entityId;
				default -> publicUrl + "/loesung/" + details.path("solutionId").asString();
			};
		}

		private String ozgIds() {
			List<String> ids = new ArrayList<>();
			details.path("ozgIds").forEach(id -> ids.add(id.asString()));
			return (ids.size() == 1 ? "die OZG-Leistung " : "die OZG-Leistungen ") + String.join(", ", ids);
		}

		static Event of(JsonNode node) {
			return new Event(node.path("event").asString(), node.path("entityType").asString(),
					node.path("entityId").asString(), Instant.parse(node.path("occurredAt").asString()),
					node.path("details"));
		}

	}

	/** A message of one subscription: its events (at most the digest size) and how many there were in all. */
	record Message(String id, String subscriptionId, String organizationId, String organizationName, int eventCount,
			List<Event> events) {

		String subject() {
			if (eventCount == 1 && events.size() == 1) {
				return "OZG-Registry: " + title(events.get(0));
			}
			return "OZG-Registry: " + eventCount + " Neuigkeiten für " + organizationName;
		}

		String mailText(String publicUrl, String unsubscribeUrl) {
			StringBuilder text = new StringBuilder("Guten Tag,\n\n");
			text.append(eventCount == 1 ? "für " + organizationName + " gibt es eine Neuigkeit in der OZG-Registry:\n\n"
					: "für " + organizationName + " gibt es " + eventCount + " Neuigkeiten in der OZG-Registry:\n\n");
			for (Event event : events) {
				text.append("- ").append(event.text(organizationName)).append("\n  ")
					.append(event.link(publicUrl, organizationId)).append("\n\n");
			}
			if (eventCount > events.size()) {
				text.append("… und ").append(eventCount - events.size())
					.append(" weitere; alles Weitere finden Sie in der OZG-Registry: ").append(publicUrl)
					.append("/organisation/").append(organizationId).append("\n\n");
			}
			text.append("Sie erhalten diese Nachricht, weil für ").append(organizationName)
				.append(" Benachrichtigungen an diese Adresse bestellt wurden.\n")
				.append("Benachrichtigungen abbestellen: ").append(unsubscribeUrl).append("\n\n-- \nOZG-Registry ")
				.append(publicUrl).append("\n");
			return text.toString();
		}

		/** The webhook's body: the same events, with their German text and link. */
		String webhookBody(String publicUrl) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("id", id);
			body.put("subscriptionId", subscriptionId);
			body.put("organizationId", organizationId);
			body.put("subject", subject());
			body.put("eventCount", eventCount);
			body.put("omittedEvents", eventCount - events.size());
			List<Map<String, Object>> list = new ArrayList<>();
			for (Event event : events) {
				Map<String, Object> item = new LinkedHashMap<>();
				item.put("event", event.event());
				item.put("entityType", event.entityType());
				item.put("entityId", event.entityId());
				item.put("occurredAt", event.occurredAt().toString());
				item.put("text", event.text(organizationName));
				item.put("link", event.link(publicUrl, organizationId));
				item.put("details", event.details());
				list.add(item);
			}
			body.put("events", list);
			return JSON.writeValueAsString(body);
		}

		private String title(Event event) {
			String solution = "„" + event.details().path("solutionName").asString() + "“";
			return switch (event.event()) {
				case "NEW_SOLUTION_FOR_GAP" -> "Neue Lösung " + solution + " für eine offene OZG-Leistung";
				case "NEW_ADOPTER" -> "Neuer Nutzer Ihrer Lösung " + solution;
				case "REUSE_REQUEST" -> "AGREED".equals(event.details().path("state").asString())
						? "Zustimmung zur Nachnutzung von " + solution : "Neue Nachnutzungsanfrage zu " + solution;
				case "REUSE_ANSWER" -> "Antwort auf Ihre Nachnutzungsanfrage zu " + solution;
				case "SOLUTION_CHANGED" -> "Änderung der Lösung " + solution;
				default -> "Neuigkeit";
			};
		}

	}

	private Messages() {
	}

}
