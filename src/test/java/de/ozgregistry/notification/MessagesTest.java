package de.ozgregistry.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The German words of the notifications, without the application: one event, a digest, what a digest leaves out. */
class MessagesTest {

	private static Messages.Event event(String kind, String details) {
		JsonNode node = Messages.JSON.readTree(details);
		return new Messages.Event(kind, "SOLUTION", "11111111-1111-1111-1111-111111111111",
				Instant.parse("2026-12-01T10:00:00Z"), node);
	}

	@Test
	void oneEventIsTitledByWhatHappened() {
		Messages.Message message = new Messages.Message("m", "s", "org-1", "Pattensen", 1, List.of(event("REUSE_ANSWER",
				"{\"solutionId\": \"sol-1\", \"solutionName\": \"Bauantrag\", \"organizationName\": \"Darmstadt\", "
						+ "\"state\": \"ANSWERED\"}")));
		assertThat(message.subject()).isEqualTo("OZG-Registry: Antwort auf Ihre Nachnutzungsanfrage zu „Bauantrag“");
		assertThat(message.mailText("https://ozg.example", "https://ozg.example/benachrichtigungen/abbestellen?token=t"))
			.isEqualTo("""
					Guten Tag,

					für Pattensen gibt es eine Neuigkeit in der OZG-Registry:

					- Darmstadt hat Ihre Nachnutzungsanfrage zu „Bauantrag“ mit einem Angebot beantwortet.
					  https://ozg.example/organisation/org-1?anfrage=11111111-1111-1111-1111-111111111111

					Sie erhalten diese Nachricht, weil für Pattensen Benachrichtigungen an diese Adresse bestellt wurden.
					Benachrichtigungen abbestellen: https://ozg.example/benachrichtigungen/abbestellen?token=t

					--\s
					OZG-Registry https://ozg.example
					""");
	}

	@Test
	void aDigestCountsEveryEventAndNamesHowManyItLeftOut() {
		List<Messages.Event> events = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			events.add(event("NEW_ADOPTER", "{\"solutionId\": \"sol-1\", \"solutionName\": \"civento\", "
					+ "\"organizationName\": \"Gemeinde " + i + "\", \"status\": \"LIVE\"}"));
		}
		Messages.Message digest = new Messages.Message("m", "s", "org-1", "Darmstadt", 10_000, events);
		assertThat(digest.subject()).isEqualTo("OZG-Registry: 10000 Neuigkeiten für Darmstadt");
		String text = digest.mailText("https://ozg.example", "https://ozg.example/x");
		assertThat(text).contains("für Darmstadt gibt es 10000 Neuigkeiten", "- Gemeinde 49 nutzt Ihre Lösung „civento“ (Stand: live).",
				"… und 9950 weitere");
		JsonNode body = Messages.JSON.readTree(digest.webhookBody("https://ozg.example"));
		assertThat(body.path("eventCount").asInt()).isEqualTo(10_000);
		assertThat(body.path("omittedEvents").asInt()).isEqualTo(9_950);
		assertThat(body.path("events").get(0).path("link").asString()).isEqualTo("https://ozg.example/loesung/sol-1");
	}

}
