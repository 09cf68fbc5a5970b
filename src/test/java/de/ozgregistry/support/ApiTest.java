package de.ozgregistry.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.graphql.test.autoconfigure.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the API tests: the whole application over HTTP on a real (embedded) PostgreSQL, seeded with the real
 * seed data. All API tests share one application context and one database, so each test creates its own records
 * and asserts on them, never on global counts that other tests change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureHttpGraphQlTester
@Import(ApiTest.Counting.class)
public abstract class ApiTest {

	private static final Path DATA_DIR = tempDir();

	/** The admin bootstrap credential of the test registry. */
	protected static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";

	/**
	 * A real SMTP server in the tests' process (GreenMail), the registry's mail server: tests read the notification
	 * e-mails it received.
	 */
	protected static final GreenMail MAIL = startMail();

	/** The tests' OIDC server (a real one, in the tests' process) and its signing key. */
	protected static final TestIssuer ISSUER = new TestIssuer("ozg-registry");

	@Autowired
	protected HttpGraphQlTester graphQl;

	@Autowired
	protected DatabaseClient db;

	@Autowired
	protected StatementCounter statements;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("ozg.database.data-dir", () -> DATA_DIR.resolve("postgres").toString());
		registry.add("ozg.database.durable", () -> "false");
		registry.add("ozg.node-id", () -> "test-node");
		// the node's public contact: the DCAT-AP export's contact point for solutions whose provider has no mailbox
		registry.add("ozg.federation.contact", () -> "registry@test-node.example");
		registry.add("ozg.security.admin-token", () -> ADMIN_TOKEN);
		// OIDC through the issuer's discovery document and JWKS; the web front end signs in there (client ID = audience)
		registry.add("ozg.security.oidc.issuer-uri", ISSUER::issuer);
		registry.add("ozg.security.oidc.audience", ISSUER::audience);
		registry.add("ozg.security.oidc.client-id", ISSUER::audience);
		// the suite sends thousands of requests from one address; RateLimitingTest checks the limits
		registry.add("ozg.limits.requests-per-minute-per-address", () -> "10000000");
		registry.add("ozg.limits.requests-per-minute-per-token", () -> "10000000");
		// a short keep-alive, so that the client tests (graphql/TransportTest) see it on an idle stream
		registry.add("spring.graphql.http.sse.keep-alive", () -> "1s");
		registry.add("spring.graphql.websocket.keep-alive", () -> "1s");
		// and its expensive statistics from one address would spend any work budget; WorkBudgetTest checks it
		registry.add("ozg.limits.work-per-minute-per-address", () -> "1000000000000");
		registry.add("ozg.limits.work-per-minute-per-token", () -> "1000000000000");
		// notifications: e-mail through GreenMail, webhooks to the tests' own servers on 127.0.0.1, quick rounds
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
		registry.add("ozg.notifications.private-hosts", () -> "127.0.0.1");
		registry.add("ozg.notifications.poll-interval", () -> "200ms");
		registry.add("ozg.notifications.debounce", () -> "1s");
		registry.add("ozg.notifications.retry-base", () -> "1s");
		// one instance: it knows its subscriptions without reading them again
		registry.add("ozg.notifications.subscription-refresh", () -> "1h");
	}

	private static GreenMail startMail() {
		GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		mail.start();
		return mail;
	}

	static class Counting {

		@Bean
		static StatementCounter statementCounter() {
			return new StatementCounter();
		}

	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("ozg-registry-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs a document as the bootstrap admin and returns the response for assertions. */
	protected GraphQlTester.Response execute(String document, Map<String, Object> variables) {
		return executeAs(ADMIN_TOKEN, document, variables);
	}

	/** Runs a document with this bearer token, or without credentials for {@code null}. */
	protected GraphQlTester.Response executeAs(String token, String document, Map<String, Object> variables) {
		// the tester's default of 5 s is too short for the statistics' property tests on a loaded 2-core machine
		HttpGraphQlTester.Builder<?> builder = graphQl.mutate().responseTimeout(Duration.ofSeconds(30));
		HttpGraphQlTester tester = (token == null) ? builder.build()
				: builder.headers(headers -> headers.setBearerAuth(token)).build();
		GraphQlTester.Request<?> request = tester.document(document);
		for (Map.Entry<String, Object> variable : variables.entrySet()) {
			request = request.variable(variable.getKey(), variable.getValue());
		}
		return request.execute();
	}

	protected GraphQlTester.Response execute(String document) {
		return execute(document, Map.of());
	}

	/** Asserts that the response has exactly one error, with this code and (if given) this field. */
	protected static void assertError(GraphQlTester.Response response, String code, String field) {
		response.errors().satisfy(errors -> {
			assertThat(errors).as("errors").hasSize(1);
			ResponseError error = errors.get(0);
			assertThat(error.getExtensions()).as("extensions of " + error.getMessage()).containsEntry("code", code);
			if (field != null) {
				assertThat(error.getExtensions()).as("extensions of " + error.getMessage())
					.containsEntry("field", field);
			}
			assertThat(error.getMessage()).doesNotContain("Exception", "java.", "org.", "SQL");
		});
	}

	/** A number from a single-value SQL query. */
	protected long count(String sql) {
		return db.sql(sql).map(row -> ((Number) row.get(0)).longValue()).one().block();
	}

	protected long changeLogEntries(UUID id) {
		return db.sql("select count(*) from change_log where entity_id = :id")
			.bind("id", id)
			.map(row -> row.get(0, Long.class))
			.one()
			.block();
	}

	/** The ID of the seeded organization with this ARS and kind. */
	protected String organizationId(String ars, String kind) {
		return db.sql("select id::text from organization where ars = :ars and :kind = any(kinds)")
			.bind("ars", ars)
			.bind("kind", kind)
			.map(row -> row.get(0, String.class))
			.one()
			.block();
	}

	protected String municipality(String ars) {
		return organizationId(ars, "MUNICIPALITY");
	}

	/** Publishes a solution for these OZG-IDs through the API and returns its ID. */
	protected String publishSolution(String providerId, String name, List<Integer> ozgIds) {
		return execute("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
				Map.of("input", Map.of("name", name, "summary", "Test solution " + name, "providerId", providerId,
						"ozgIds", ozgIds, "reuseModel", "OPEN_SOURCE", "lifecycle", "PRODUCTION",
						"legalPaths", List.of("OPEN_LICENCE", "DIRECT_CONTRACT"))))
			.path("publishSolution.solution.id")
			.entity(String.class)
			.get();
	}

	/** Records an adoption through the API and returns its ID. */
	protected String recordAdoption(String organizationId, String solutionId, String status) {
		return execute("""
				mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { adoption { id } } }""",
				Map.of("input", Map.of("organizationId", organizationId, "solutionId", solutionId, "status", status)))
			.path("recordAdoption.adoption.id")
			.entity(String.class)
			.get();
	}

	/** Issues an API token through the API (as admin) and returns it. */
	protected String issueToken(String organizationId, String role) {
		return execute("""
				mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }""",
				Map.of("input", Map.of("organizationId", organizationId, "role", role, "validDays", 1)))
			.path("issueApiToken.token")
			.entity(String.class)
			.get();
	}

	/**
	 * Ends every active notification subscription through the API, so that the registry stops searching its change
	 * log for them (its background statements would fall into other tests' statement counts).
	 */
	protected void endNotificationSubscriptions() {
		for (String id : db.sql("select id::text from notification_subscription where active")
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block()) {
			execute("mutation($id: ID!) { unsubscribeNotifications(input: { id: $id }) { subscription { active } } }",
					Map.of("id", id)).path("unsubscribeNotifications.subscription.active").entity(Boolean.class)
				.isEqualTo(false);
		}
	}

	/** A GraphQL document of {@code src/test/resources/graphql-test/}, named after its operation. */
	protected static String testDocument(String operationName) {
		try {
			return new org.springframework.core.io.ClassPathResource("graphql-test/" + operationName + ".graphql")
				.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs the assertions until they pass (at most this many seconds), then once more to report. */
	protected static void eventually(int seconds, Runnable assertions) throws InterruptedException {
		long end = System.nanoTime() + java.time.Duration.ofSeconds(seconds).toNanos();
		while (System.nanoTime() < end) {
			try {
				assertions.run();
				return;
			}
			catch (AssertionError ex) {
				Thread.sleep(200);
			}
		}
		assertions.run();
	}

	/** A name no other test uses. */
	protected static String unique(String prefix) {
		return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
	}

}
