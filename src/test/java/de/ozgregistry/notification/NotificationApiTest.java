package de.ozgregistry.notification;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.support.ApiTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.GraphQlTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications as a subscriber gets them: the German e-mail from a real SMTP server (GreenMail) with its links and
 * a working unsubscribe link, the signed webhook at a real HTTP server (the JDK's), retries and the delivery log, one
 * digest for a bulk import, and webhook targets on private addresses refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationApiTest extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DARMSTADT = "064110000000";

	private static final String PATTENSEN = "032410013013";

	/** A webhook request as the server got it. */
	record Received(String signature, String delivery, String body) {
	}

	private final List<Received> received = new CopyOnWriteArrayList<>();

	/** How many of the next requests the webhook answers with HTTP 500. */
	private final AtomicInteger failNext = new AtomicInteger();

	private HttpServer webhook;

	@LocalServerPort
	int port;

	@BeforeAll
	void webhookServer() throws IOException {
		webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		webhook.createContext("/hook", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			received.add(new Received(exchange.getRequestHeaders().getFirst("X-OZG-Signature"),
					exchange.getRequestHeaders().getFirst("X-OZG-Delivery"), body));
			int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		webhook.start();
	}

	@AfterAll
	void stopWebhookServer() {
		webhook.stop(0);
	}

	/** Subscriptions end with each test, so that the next test (and other classes) hear nothing of them. */
	@AfterEach
	void endSubscriptions() throws Exception {
		endNotificationSubscriptions();
		received.clear();
		MAIL.purgeEmailFromAllMailboxes();
	}

	private String hook() {
		return "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
	}

	@Test
	void aReuseRequestIsMailedToTheProviderInGermanWithALinkAndAWorkingUnsubscribeLink() throws Exception {
		String provider = municipality(DARMSTADT);
		String solution = publishSolution(provider, unique("Baugenehmigung digital"), List.of(10160));
		String subscription = subscribe(provider, List.of("REUSE_REQUEST"), "digitalisierung@darmstadt.example", null)
			.path("subscribeNotifications.subscription.id").entity(String.class).get();
		String request = requestReuse(municipality(PATTENSEN), solution);

		waitUntil(20, () -> MAIL.getReceivedMessages().length == 1);
		MimeMessage mail = MAIL.getReceivedMessages()[0];
		assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("digitalisierung@darmstadt.example");
		assertThat(mail.getSubject()).startsWith("OZG-Registry: Neue Nachnutzungsanfrage zu „Baugenehmigung digital");
		String text = ((String) mail.getContent()).replace("\r\n", "\n");
		String base = "http://localhost:" + port;
		assertThat(text).startsWith("Guten Tag,\n\nfür Darmstadt")
			.contains("- Neue Nachnutzungsanfrage von Pattensen zu Ihrer Lösung „Baugenehmigung digital")
			.contains("  " + base + "/organisation/" + provider + "?anfrage=" + request + "\n")
			.contains("Benachrichtigungen abbestellen: " + base + "/benachrichtigungen/abbestellen?token=");
		Matcher link = Pattern.compile("abbestellen: (\\S+)").matcher(text);
		assertThat(link.find()).isTrue();
		String unsubscribe = link.group(1);
		assertThat(mail.getHeader("List-Unsubscribe")[0]).isEqualTo("<" + unsubscribe + ">");

		// the link into the web front end is a page of it
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/organisation/" + provider + "?anfrage="
				+ request)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		// opening the unsubscribe link asks first (a mail scanner following it unsubscribes nobody) ...
		HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(unsubscribe)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("lang=\"de\"", "Benachrichtigungen für Darmstadt", "Abbestellen");
		assertThat(http.send(HttpRequest.newBuilder(URI.create(unsubscribe)).method("HEAD",
				HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
			.as("HEAD, as link checkers ask").isEqualTo(200);
		assertThat(active(subscription)).isTrue();
		// ... and the button (or a mail program's one-click POST) ends the subscription
		HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(unsubscribe))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(done.statusCode()).isEqualTo(200);
		assertThat(done.body()).contains("nicht mehr");
		assertThat(active(subscription)).isFalse();
		assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/benachrichtigungen/abbestellen?token=falsch"))
			.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
	}

	@Test
	void aNewAdopterIsPostedToTheWebhookSignedWithTheSubscribersSecretAndLogged() throws Exception {
		String provider = municipality(DARMSTADT);
		String solution = publishSolution(provider, unique("Gewerbe online"), List.of(10160));
		GraphQlTester.Response subscribed = subscribe(provider, List.of("NEW_ADOPTER"), null, hook());
		String secret = subscribed.path("subscribeNotifications.webhookSecret").entity(String.class).get();
		String subscription = subscribed.path("subscribeNotifications.subscription.id").entity(String.class).get();
		failNext.set(1);
		recordAdoption(municipality(PATTENSEN), solution, "LIVE");

		// the first attempt fails (HTTP 500), the retry after the backoff is delivered
		waitUntil(20, () -> received.size() == 2);
		Received call = received.get(1);
		assertThat(call.delivery()).isEqualTo(received.get(0).delivery());
		Matcher signature = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})").matcher(call.signature());
		assertThat(signature.matches()).as(call.signature()).isTrue();
		assertThat(signature.group(2)).isEqualTo(hmac(secret, signature.group(1) + "." + call.body()));
		assertThat(signature.group(2)).isNotEqualTo(hmac("another secret", signature.group(1) + "." + call.body()));
		JsonNode body = JSON.readTree(call.body());
		assertThat(body.path("eventCount").asInt()).isEqualTo(1);
		JsonNode event = body.path("events").get(0);
		assertThat(event.path("event").asString()).isEqualTo("NEW_ADOPTER");
		assertThat(event.path("text").asString()).startsWith("Pattensen nutzt Ihre Lösung „Gewerbe online").endsWith("(Stand: live).");
		assertThat(event.path("link").asString()).isEqualTo("http://localhost:" + port + "/loesung/" + solution);

		eventually(10, () -> {
			GraphQlTester.Response log = execute(testDocument("notificationSubscriptions"),
					Map.of("organizationId", provider));
			log.path("notificationSubscriptions.edges[?(@.node.id == '" + subscription + "')].node.deliveries.edges[0].node.state")
				.entityList(String.class).containsExactly("DELIVERED");
			log.path("notificationSubscriptions.edges[?(@.node.id == '" + subscription + "')].node.deliveries.edges[0].node.attempts")
				.entityList(Integer.class).containsExactly(2);
			log.path("notificationSubscriptions.edges[?(@.node.id == '" + subscription + "')].node.deliveries.edges[0].node.lastHttpStatus")
				.entityList(Integer.class).containsExactly(204);
		});
	}

	@Test
	void aBulkImportOfThirtyAdoptionsSendsOneDigest() throws Exception {
		String provider = municipality(DARMSTADT);
		String solution = publishSolution(provider, unique("Digest"), List.of(10160));
		subscribe(provider, List.of("NEW_ADOPTER"), "digitalisierung@darmstadt.example", hook());
		List<String> ars = db.sql("select ars from organization where land_code = '03' and 'MUNICIPALITY' = any (kinds) "
				+ "order by ars limit 30").map(row -> row.get(0, String.class)).all().collectList().block();
		StringBuilder csv = new StringBuilder("ARS;Lösung;Status\n");
		ars.forEach(a -> csv.append(a).append(';').append(solution).append(";live\n"));
		execute("""
				mutation($input: ImportAdoptionsInput!) { importAdoptions(input: $input) { report { applied } } }""",
				Map.of("input", Map.of("fileName", "digest.csv", "dryRun", false, "content",
						java.util.Base64.getEncoder().encodeToString(csv.toString().getBytes(StandardCharsets.UTF_8)))))
			.path("importAdoptions.report.applied").entity(Boolean.class).isEqualTo(true);

		waitUntil(20, () -> received.size() == 1 && MAIL.getReceivedMessages().length == 1);
		Thread.sleep(2_000);
		assertThat(received).as("one webhook call").hasSize(1);
		assertThat(MAIL.getReceivedMessages()).as("one e-mail").hasSize(1);
		JsonNode body = JSON.readTree(received.get(0).body());
		assertThat(body.path("eventCount").asInt()).isEqualTo(30);
		assertThat(body.path("events").size()).isEqualTo(30);
		assertThat(MAIL.getReceivedMessages()[0].getSubject()).isEqualTo("OZG-Registry: 30 Neuigkeiten für Darmstadt");
	}

	@Test
	void webhooksOnLoopbackOrPrivateAddressesOrOverPlainHttpAreRefused() {
		String provider = municipality(DARMSTADT);
		for (String url : List.of("https://127.0.0.2/hook", "https://192.168.10.1/hook", "https://10.0.0.8/hook",
				"https://[::1]/hook", "https://localhost/hook")) {
			GraphQlTester.Response response = subscribe(provider, List.of("NEW_ADOPTER"), null, url);
			assertError(response, "VALIDATION_FAILED", "input.webhookUrl");
			response.errors().satisfy(errors -> assertThat(errors.get(0).getExtensions())
				.as(url).containsEntry("rule", "private-address"));
		}
		GraphQlTester.Response plain = subscribe(provider, List.of("NEW_ADOPTER"), null, "http://hooks.example.org/x");
		assertError(plain, "VALIDATION_FAILED", "input.webhookUrl");
		plain.errors().satisfy(errors -> assertThat(errors.get(0).getExtensions()).containsEntry("rule", "https"));
		assertError(subscribe(provider, List.of(), "a@b.example", null), "VALIDATION_FAILED", "input.events");
		assertError(subscribe(provider, List.of("NEW_ADOPTER"), null, null), "VALIDATION_FAILED", "input.email");
		assertError(subscribe(provider, List.of("NEW_ADOPTER"), "kein-mail", null), "VALIDATION_FAILED", "input.email");
	}

	@Test
	void anOrganizationHearsOfANewSolutionForOneOfItsGapsAndOfAnAnswerToItsRequest() throws Exception {
		String pattensen = municipality(PATTENSEN);
		// a gap of Pattensen: an OZG-Leistung it is responsible for that no live adoption covers
		int gap = execute("query($id: ID!) { gaps(organization: $id, first: 1) { edges { node { ozgService { ozgId } } } } }",
				Map.of("id", pattensen)).path("gaps.edges[0].node.ozgService.ozgId").entity(Integer.class).get();
		subscribe(pattensen, List.of("NEW_SOLUTION_FOR_GAP", "REUSE_ANSWER"), null, hook());
		String solution = publishSolution(municipality(DARMSTADT), unique("Lückenfüller"), List.of(gap));
		String request = requestReuse(pattensen, solution);
		execute(testDocument("answerReuseRequest"), Map.of("input", Map.of("id", request, "decision", "DECLINE",
				"reason", "Nur für Hessen.")));

		waitUntil(20, () -> events().size() == 2);
		List<JsonNode> events = events();
		assertThat(events.get(0).path("event").asString()).isEqualTo("NEW_SOLUTION_FOR_GAP");
		assertThat(events.get(0).path("text").asString()).contains("Neue Lösung „Lückenfüller", "für die OZG-Leistung " + gap,
				"für die Pattensen zuständig ist");
		assertThat(events.get(1).path("event").asString()).isEqualTo("REUSE_ANSWER");
		assertThat(events.get(1).path("text").asString()).startsWith("Darmstadt").endsWith("abgelehnt.");
	}

	@Test
	void anAdopterHearsOfAChangeOfTheSolutionItUsesButNotOfItsOwnChanges() throws Exception {
		String pattensen = municipality(PATTENSEN);
		String solution = publishSolution(municipality(DARMSTADT), unique("Geändert"), List.of(10160));
		recordAdoption(pattensen, solution, "LIVE");
		subscribe(pattensen, List.of("SOLUTION_CHANGED"), null, hook());
		subscribe(municipality(DARMSTADT), List.of("SOLUTION_CHANGED"), null, hook());
		execute("mutation($id: ID!) { updateSolution(input: { id: $id, expectedVersion: 1, summary: \"Neu\" }) "
				+ "{ solution { version } } }", Map.of("id", solution)).path("updateSolution.solution.version")
			.entity(Integer.class).isEqualTo(2);

		waitUntil(20, () -> events().size() == 1);
		Thread.sleep(1_500);
		assertThat(events()).as("the provider is not told of its own change").hasSize(1);
		assertThat(JSON.readTree(received.get(0).body()).path("organizationId").asString()).isEqualTo(pattensen);
		assertThat(events().get(0).path("text").asString()).startsWith("Die Lösung „Geändert")
			.endsWith("von Darmstadt, die Sie nutzen, wurde geändert.");
	}

	@Test
	void withNoSubscriptionAndNothingWaitingTheRegistrySendsNoStatements() throws Exception {
		subscribe(municipality(DARMSTADT), List.of("NEW_ADOPTER"), null, hook());
		endNotificationSubscriptions();
		// the rounds after the end find nothing waiting; from then on a tick (every 200 ms here) costs nothing.
		// Other parts of the registry go on meanwhile (the federation's pull looks for peers every 30 s): only the
		// statements on the notification tables count.
		Thread.sleep(1_500);
		statements.reset();
		Thread.sleep(1_500);
		assertThat(statements.texts()).as("statements of idle rounds")
			.noneMatch(sql -> sql.contains("notification_"));
	}

	/** Waits (at most this many seconds) until the condition holds; deliveries run in the background. */
	private static void waitUntil(int seconds, java.util.function.BooleanSupplier condition) throws InterruptedException {
		long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited " + seconds + " s in vain").isLessThan(end);
			Thread.sleep(100);
		}
	}

	private List<JsonNode> events() {
		List<JsonNode> events = new ArrayList<>();
		for (Received call : received) {
			JSON.readTree(call.body()).path("events").forEach(events::add);
		}
		return events;
	}

	private GraphQlTester.Response subscribe(String organizationId, List<String> events, String email, String url) {
		Map<String, Object> input = new java.util.HashMap<>();
		input.put("organizationId", organizationId);
		input.put("events", events);
		input.put("email", email);
		input.put("webhookUrl", url);
		return execute(testDocument("subscribeNotifications"), Map.of("input", input));
	}

	private String requestReuse(String organizationId, String solutionId) {
		return execute(testDocument("requestReuse"), Map.of("input", Map.of("organizationId", organizationId,
				"solutionId", solutionId, "message", "Können wir nachnutzen?", "contactEmail", "digital@stadt.example")))
			.path("requestReuse.reuseRequest.id").entity(String.class).get();
	}

	private boolean active(String subscription) {
		return db.sql("select active from notification_subscription where id = :id::uuid")
			.bind("id", subscription)
			.map(row -> row.get(0, Boolean.class))
			.one()
			.block();
	}

	private static String hmac(String secret, String text) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
	}

}
