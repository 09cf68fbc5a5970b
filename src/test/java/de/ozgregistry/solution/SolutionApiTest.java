package de.ozgregistry.solution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import de.ozgregistry.support.ApiTest;

import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.test.tester.GraphQlTester;

import static org.assertj.core.api.Assertions.assertThat;

class SolutionApiTest extends ApiTest {

	private static final String PUBLISH = """
			mutation($input: PublishSolutionInput!) {
			  publishSolution(input: $input) {
			    solution { id name summary version reuseModel lifecycle legalPaths standards licence
			               maturity { level model } provider { name } vendor { name } ozgServices { ozgId }
			               leikaServices { key } adoptionCount liveAdoptionCount source registryNodeId createdAt }
			  }
			}""";

	private static final String UPDATE = """
			mutation($input: UpdateSolutionInput!) {
			  updateSolution(input: $input) {
			    solution { id name summary description version licence maturity { level model } ozgServices { ozgId }
			               leikaServices { key } updatedAt }
			  }
			}""";

	private String mainz() {
		return municipality("073150000000");
	}

	private Map<String, Object> validInput() {
		Map<String, Object> input = new HashMap<>();
		input.put("name", unique("Hundesteuer online"));
		input.put("summary", "Hundesteuer an- und abmelden");
		input.put("providerId", mainz());
		input.put("ozgIds", List.of(10160));
		input.put("reuseModel", "OPEN_SOURCE");
		input.put("lifecycle", "PRODUCTION");
		return input;
	}

	@Test
	void publishSolutionWithTheContractFieldsOnly() {
		var response = execute("""
				mutation($providerId: ID!) { publishSolution(input: { name: "Hundesteuer Mainz", summary: "Online-Anmeldung",
				  providerId: $providerId, ozgIds: [10160], reuseModel: OPEN_SOURCE, lifecycle: PRODUCTION }) {
				  solution { id version } } }""", Map.of("providerId", mainz()));
		response.path("publishSolution.solution.version").entity(Integer.class).isEqualTo(1);
		String id = response.path("publishSolution.solution.id").entity(String.class).get();
		assertThat(changeLogEntries(UUID.fromString(id))).isEqualTo(1);
	}

	@Test
	void publishSolutionWithEveryField() {
		Map<String, Object> input = validInput();
		input.put("description", "Eine längere Beschreibung mit Umlauten: Größe, Straße, Übersicht.");
		input.put("vendorId", organizationId("060000000000", "STATE"));
		input.put("leikaKeys", List.of("99102013000000"));
		input.put("maturity", Map.of("level", 5, "model", "V2_0"));
		input.put("legalPaths", List.of("FIT_STORE", "OPEN_LICENCE", "FIT_STORE"));
		input.put("licence", "EUPL-1.2");
		input.put("repositoryUrl", "https://gitlab.opencode.de/hundesteuer");
		input.put("landingUrl", "http://www.mainz.de/hundesteuer");
		input.put("standards", List.of("FIT-Connect", "XÖV"));
		input.put("releaseVersion", "2.4.1");
		input.put("termsAndCosts", "kostenfrei");
		var response = execute(PUBLISH, Map.of("input", input));
		response.path("publishSolution.solution.maturity.model").entity(String.class).isEqualTo("V2_0");
		response.path("publishSolution.solution.legalPaths").entityList(String.class)
			.containsExactly("FIT_STORE", "OPEN_LICENCE");
		response.path("publishSolution.solution.leikaServices[0].key").entity(String.class).isEqualTo("99102013000000");
		response.path("publishSolution.solution.vendor.name").entity(String.class).isEqualTo("Hessen");
		response.path("publishSolution.solution.standards").entityList(String.class).containsExactly("FIT-Connect", "XÖV");
		response.path("publishSolution.solution.source").entity(String.class).isEqualTo("SELF_REPORTED");
		response.path("publishSolution.solution.adoptionCount").entity(Integer.class).isEqualTo(0);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			empty name                | name          | ''                        | VALIDATION_FAILED | input.name
			name too long             | name          | LONG201                   | VALIDATION_FAILED | input.name
			summary too long          | summary       | LONG501                   | VALIDATION_FAILED | input.summary
			description too long      | description   | LONG10001                 | VALIDATION_FAILED | input.description
			lone surrogate            | name          | SURROGATE                 | VALIDATION_FAILED | input.name
			NUL character             | summary       | NUL                       | VALIDATION_FAILED | input.summary
			no OZG-Leistung           | ozgIds        | []                        | VALIDATION_FAILED | input.ozgIds
			OZG-ID not 5 digits       | ozgIds        | [1016]                    | VALIDATION_FAILED | input.ozgIds
			unknown OZG-ID            | ozgIds        | [99998]                   | VALIDATION_FAILED | input.ozgIds
			too many OZG-IDs          | ozgIds        | MANY                      | VALIDATION_FAILED | input.ozgIds
			LeiKa key not 14 digits   | leikaKeys     | [991020130]               | VALIDATION_FAILED | input.leikaKeys
			unknown LeiKa key         | leikaKeys     | [99999999999999]          | VALIDATION_FAILED | input.leikaKeys
			LeiKa of another service  | leikaKeys     | [99041006000000]          | VALIDATION_FAILED | input.leikaKeys
			Reifegrad 1.1 above 4     | maturity      | 5/V1_1                    | VALIDATION_FAILED | input.maturity.level
			Reifegrad 2.0 above 7     | maturity      | 8/V2_0                    | VALIDATION_FAILED | input.maturity.level
			negative Reifegrad        | maturity      | -1/V2_0                   | VALIDATION_FAILED | input.maturity.level
			malformed SPDX            | licence       | MIT OR                    | VALIDATION_FAILED | input.licence
			repository not http       | repositoryUrl | ftp://example.org/x       | VALIDATION_FAILED | input.repositoryUrl
			landing page script       | landingUrl    | javascript:alert(1)       | VALIDATION_FAILED | input.landingUrl
			landing page without host | landingUrl    | https://                  | VALIDATION_FAILED | input.landingUrl
			malformed provider ID     | providerId    | 42                        | VALIDATION_FAILED | input.providerId
			unknown provider          | providerId    | RANDOM                    | NOT_FOUND         | input.providerId
			unknown vendor            | vendorId      | RANDOM                    | NOT_FOUND         | input.vendorId
			""")
	void publishSolutionRejectsInvalidInputAndWritesNothing(String rule, String field, String value, String code,
			String errorField) {
		Map<String, Object> input = validInput();
		input.put(field, valueOf(value));
		long solutions = count("select count(*) from solution");
		long changes = count("select count(*) from change_log");
		assertError(execute(PUBLISH, Map.of("input", input)), code, errorField);
		assertThat(count("select count(*) from solution")).isEqualTo(solutions);
		assertThat(count("select count(*) from solution_ozg_service")).isEqualTo(count(
				"select count(*) from solution_ozg_service so join solution s on s.id = so.solution_id"));
		assertThat(count("select count(*) from change_log")).isEqualTo(changes);
	}

	private static Object valueOf(String value) {
		return switch (value) {
			case "LONG201" -> "x".repeat(201);
			case "LONG501" -> "x".repeat(501);
			case "LONG10001" -> "ä".repeat(10_001);
			case "SURROGATE" -> "Hund\uD800steuer";
			case "NUL" -> "Hund\u0000steuer";
			case "[]" -> List.of();
			case "MANY" -> java.util.stream.IntStream.range(10000, 10051).boxed().toList();
			case "RANDOM" -> UUID.randomUUID().toString();
			default -> {
				if (value.startsWith("[")) {
					String inner = value.substring(1, value.length() - 1);
					yield inner.matches("[0-9]{1,5}") ? List.of(Integer.parseInt(inner)) : List.of(inner);
				}
				if (value.contains("/V")) {
					String[] parts = value.split("/");
					yield Map.of("level", Integer.parseInt(parts[0]), "model", parts[1]);
				}
				yield value;
			}
		};
	}

	@Test
	void textLimitsCountCharactersNotBytes() {
		Map<String, Object> input = validInput();
		input.put("name", "Ä".repeat(200));
		execute(PUBLISH, Map.of("input", input)).path("publishSolution.solution.name").entity(String.class)
			.isEqualTo("Ä".repeat(200));
	}

	@Test
	void updateSolutionChangesOnlyTheGivenFieldsAndBumpsTheVersion() {
		Map<String, Object> input = validInput();
		input.put("description", "alt");
		input.put("licence", "MIT");
		String id = execute(PUBLISH, Map.of("input", input)).path("publishSolution.solution.id").entity(String.class).get();
		Map<String, Object> update = new HashMap<>();
		update.put("id", id);
		update.put("expectedVersion", 1);
		update.put("summary", "Neue Zusammenfassung");
		update.put("licence", null);
		update.put("ozgIds", List.of(10160, 10000));
		var response = execute(UPDATE, Map.of("input", update));
		response.path("updateSolution.solution.version").entity(Integer.class).isEqualTo(2);
		response.path("updateSolution.solution.summary").entity(String.class).isEqualTo("Neue Zusammenfassung");
		response.path("updateSolution.solution.description").entity(String.class).isEqualTo("alt");
		response.path("updateSolution.solution.licence").valueIsNull();
		response.path("updateSolution.solution.ozgServices[*].ozgId").entityList(Integer.class).containsExactly(10000, 10160);
		assertThat(changeLogEntries(UUID.fromString(id))).isEqualTo(2);
		assertThat(db.sql("select snapshot ->> 'summary' from change_log where entity_id = :id and entity_version = 2")
			.bind("id", UUID.fromString(id)).map(row -> row.get(0, String.class)).one().block())
			.isEqualTo("Neue Zusammenfassung");
	}

	@Test
	void updateSolutionWithAStaleVersionIsAConflictAndChangesNothing() {
		String id = publishSolution(mainz(), unique("Wohngeld"), List.of(10092));
		execute(UPDATE, Map.of("input", Map.of("id", id, "expectedVersion", 1, "name", unique("Wohngeld neu"))));
		assertError(execute(UPDATE, Map.of("input", Map.of("id", id, "expectedVersion", 1, "name", "Veraltet"))),
				"CONFLICT", null);
		execute("query($id: ID!) { solution(id: $id) { name version } }", Map.of("id", id))
			.path("solution.version")
			.entity(Integer.class)
			.isEqualTo(2);
		assertThat(changeLogEntries(UUID.fromString(id))).isEqualTo(2);
	}

	@Test
	void twoConcurrentUpdatesWithTheSameExpectedVersionExactlyOneSucceeds() {
		for (int round = 0; round < 5; round++) {
			String id = publishSolution(mainz(), unique("Parallel"), List.of(10160));
			List<CompletableFuture<GraphQlTester.Response>> calls = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				String name = "Parallel " + round + "-" + i;
				calls.add(CompletableFuture.supplyAsync(() -> execute(UPDATE,
						Map.of("input", Map.of("id", id, "expectedVersion", 1, "name", name)))));
			}
			int succeeded = 0;
			int conflicts = 0;
			for (var call : calls) {
				var response = call.join();
				List<String> codes = new ArrayList<>();
				response.errors().satisfy(errors -> errors.forEach(e -> codes.add((String) e.getExtensions().get("code"))));
				if (codes.isEmpty()) {
					succeeded++;
				}
				else if (codes.equals(List.of("CONFLICT"))) {
					conflicts++;
				}
			}
			assertThat(succeeded).as("successful updates").isEqualTo(1);
			assertThat(conflicts).as("conflicts").isEqualTo(1);
			assertThat(count("select version from solution where id = '" + id + "'")).isEqualTo(2);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			clear the name            | name       | NULL        | input.name
			clear the OZG-IDs         | ozgIds     | NULL        | input.ozgIds
			clear the summary         | summary    | NULL        | input.summary
			clear the reuse model     | reuseModel | NULL        | input.reuseModel
			clear the lifecycle       | lifecycle  | NULL        | input.lifecycle
			change the provider       | providerId | PROVIDER    | NONE
			Reifegrad out of range    | maturity   | 9/V2_0      | input.maturity.level
			bad licence               | licence    | GPL v2      | input.licence
			""")
	void updateSolutionRejectsInvalidChangesAndChangesNothing(String rule, String field, String value, String errorField) {
		String id = publishSolution(mainz(), unique("Unverändert"), List.of(10160));
		Map<String, Object> update = new HashMap<>();
		update.put("id", id);
		update.put("expectedVersion", 1);
		update.put(field, switch (value) {
			case "NULL" -> null;
			case "PROVIDER" -> municipality("051110000000");
			default -> valueOf(value);
		});
		assertError(execute(UPDATE, Map.of("input", update)), "VALIDATION_FAILED",
				errorField.equals("NONE") ? null : errorField);
		assertThat(count("select version from solution where id = '" + id + "'")).isEqualTo(1);
	}

	/** {@code updateSolution}'s three cases per field: omitted keeps it, {@code null} clears it, a value sets it. */
	@Test
	void updateSolutionKeepsOmittedFieldsClearsNullFieldsAndSetsGivenOnes() {
		Map<String, Object> input = validInput();
		input.put("description", "Beschreibung");
		input.put("vendorId", registerVendor());
		input.put("leikaKeys", List.of("99102013000000"));
		input.put("maturity", Map.of("level", 5, "model", "V2_0"));
		input.put("legalPaths", List.of("FIT_STORE"));
		input.put("licence", "EUPL-1.2");
		input.put("repositoryUrl", "https://gitlab.opencode.de/hundesteuer");
		input.put("landingUrl", "https://www.mainz.de/hundesteuer");
		input.put("standards", List.of("XÖV"));
		input.put("releaseVersion", "2.4.1");
		input.put("termsAndCosts", "kostenfrei");
		input.put("contactPerson", "Frau Muster");
		String id = execute(PUBLISH, Map.of("input", input)).path("publishSolution.solution.id").entity(String.class)
			.get();
		String document = document("updateSolutionFields");

		Map<String, Object> published = solutionAfter(execute(document, Map.of("input", Map.of("id", id,
				"expectedVersion", 1))), 2);
		assertThat(published).isEqualTo(Map.ofEntries(Map.entry("name", input.get("name")),
				Map.entry("summary", "Hundesteuer an- und abmelden"), Map.entry("description", "Beschreibung"),
				Map.entry("vendor", Map.of("id", input.get("vendorId"))),
				Map.entry("ozgServices", List.of(Map.of("ozgId", 10160))),
				Map.entry("leikaServices", List.of(Map.of("key", "99102013000000"))),
				Map.entry("maturity", Map.of("level", 5, "model", "V2_0")), Map.entry("reuseModel", "OPEN_SOURCE"),
				Map.entry("legalPaths", List.of("FIT_STORE")), Map.entry("licence", "EUPL-1.2"),
				Map.entry("repositoryUrl", "https://gitlab.opencode.de/hundesteuer"),
				Map.entry("landingUrl", "https://www.mainz.de/hundesteuer"), Map.entry("standards", List.of("XÖV")),
				Map.entry("lifecycle", "PRODUCTION"), Map.entry("releaseVersion", "2.4.1"),
				Map.entry("termsAndCosts", "kostenfrei"), Map.entry("contactPerson", "Frau Muster")));

		Map<String, Object> clear = new HashMap<>(Map.of("id", id, "expectedVersion", 2));
		for (String field : List.of("description", "vendorId", "leikaKeys", "maturity", "legalPaths", "licence",
				"repositoryUrl", "landingUrl", "standards", "releaseVersion", "termsAndCosts", "contactPerson")) {
			clear.put(field, null);
		}
		Map<String, Object> cleared = new HashMap<>(published);
		for (String field : List.of("description", "vendor", "maturity", "licence", "repositoryUrl", "landingUrl",
				"releaseVersion", "termsAndCosts", "contactPerson")) {
			cleared.put(field, null);
		}
		for (String list : List.of("leikaServices", "legalPaths", "standards")) {
			cleared.put(list, List.of());
		}
		assertThat(solutionAfter(execute(document, Map.of("input", clear)), 3)).isEqualTo(cleared);

		var set = execute("""
				mutation($id: ID!) { updateSolution(input: { id: $id, expectedVersion: 3, summary: "Neu",
				  maturity: { level: 2, model: V1_1 }, legalPaths: [OPEN_LICENCE], lifecycle: PILOT }) {
				  solution { name summary maturity { level model } legalPaths lifecycle licence version } } }""",
				Map.of("id", id));
		set.path("updateSolution.solution.version").entity(Integer.class).isEqualTo(4);
		set.path("updateSolution.solution.name").entity(String.class).isEqualTo(published.get("name"));
		set.path("updateSolution.solution.summary").entity(String.class).isEqualTo("Neu");
		set.path("updateSolution.solution.maturity").entity(Map.class).isEqualTo(Map.of("level", 2, "model", "V1_1"));
		set.path("updateSolution.solution.legalPaths").entityList(String.class).containsExactly("OPEN_LICENCE");
		set.path("updateSolution.solution.lifecycle").entity(String.class).isEqualTo("PILOT");
		set.path("updateSolution.solution.licence").valueIsNull();
	}

	/** The solution of an {@code updateSolution} response, after checking that it has the expected version. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> solutionAfter(GraphQlTester.Response response, int version) {
		Map<String, Object> solution = response.path("updateSolution.solution").entity(Map.class).get();
		assertThat(solution).containsEntry("version", version);
		Map<String, Object> withoutVersion = new HashMap<>(solution);
		withoutVersion.remove("version");
		return withoutVersion;
	}

	@Test
	void updateSolutionKeepsLeikaKeysConsistentWithTheOzgLeistungen() {
		Map<String, Object> input = validInput();
		input.put("leikaKeys", List.of("99102013000000"));
		String id = execute(PUBLISH, Map.of("input", input)).path("publishSolution.solution.id").entity(String.class).get();
		assertError(execute(UPDATE, Map.of("input", Map.of("id", id, "expectedVersion", 1, "ozgIds", List.of(10000)))),
				"VALIDATION_FAILED", "input.leikaKeys");
		execute(UPDATE, Map.of("input", Map.of("id", id, "expectedVersion", 1, "ozgIds", List.of(10000),
				"leikaKeys", List.of())))
			.path("updateSolution.solution.leikaServices")
			.entityList(Object.class)
			.hasSize(0);
	}

	@Test
	void updateOfAnUnknownSolutionIsNotFound() {
		assertError(execute(UPDATE, Map.of("input", Map.of("id", UUID.randomUUID().toString(), "expectedVersion", 1,
				"name", "x"))), "NOT_FOUND", "input.id");
	}

	@Test
	void solutionByIdAndUnknownIdIsNull() {
		String id = publishSolution(mainz(), unique("Abfrage"), List.of(10160));
		execute("query($id: ID!) { solution(id: $id) { id provider { ars } provenance { illustrative } } }",
				Map.of("id", id))
			.path("solution.provider.ars")
			.entity(String.class)
			.isEqualTo("073150000000");
		execute("query($id: ID!) { solution(id: $id) { id } }", Map.of("id", UUID.randomUUID().toString()))
			.path("solution")
			.valueIsNull();
	}

	@Test
	void solutionsAcceptanceQueryReturnsAPageWithProviderOzgServicesAndCounts() {
		var response = execute("""
				{ solutions(first: 100) { totalCount edges { cursor node { id name version adoptionCount
				  provider { name ars } ozgServices { ozgId } } } pageInfo { hasNextPage endCursor } } }""");
		response.path("solutions.totalCount").entity(Integer.class).satisfies(n -> assertThat(n).isGreaterThan(15));
		response.path("solutions.edges[*].node.provider.name").entityList(String.class)
			.satisfies(names -> assertThat(names).doesNotContainNull());
		response.path("solutions.edges[*].node.adoptionCount").entityList(Integer.class)
			.satisfies(counts -> assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isGreaterThan(100));
	}

	@Test
	void solutionsFilters() {
		String provider = organizationId("010000000000", "STATE");
		String name = unique("Filtertest");
		Map<String, Object> input = validInput();
		input.put("name", name);
		input.put("providerId", provider);
		input.put("ozgIds", List.of(10169));
		input.put("reuseModel", "EFA_SERVICE");
		input.put("lifecycle", "PILOT");
		input.put("maturity", Map.of("level", 6, "model", "V2_0"));
		execute(PUBLISH, Map.of("input", input));
		String query = "query($f: SolutionFilter) { solutions(filter: $f, first: 100) { edges { node { name } } } }";
		for (Map<String, Object> filter : List.<Map<String, Object>>of(Map.of("ozgId", 10169),
				Map.of("providerId", provider), Map.of("lifecycle", "PILOT"), Map.of("reuseModel", "EFA_SERVICE"),
				Map.of("minMaturity", 6, "maturityModel", "V2_0"), Map.of("name", name.toLowerCase()))) {
			execute(query, Map.of("f", filter)).path("solutions.edges[*].node.name").entityList(String.class)
				.contains(name);
		}
		for (Map<String, Object> filter : List.<Map<String, Object>>of(Map.of("ozgId", 10000),
				Map.of("lifecycle", "PRODUCTION"), Map.of("reuseModel", "OPEN_SOURCE"), Map.of("minMaturity", 7),
				Map.of("maturityModel", "V1_1"))) {
			execute(query, Map.of("f", filter)).path("solutions.edges[*].node.name").entityList(String.class)
				.doesNotContain(name);
		}
	}

	@Test
	void ozgServiceAndProviderListTheirSolutions() {
		String provider = organizationId("100000000000", "STATE");
		String id = publishSolution(provider, unique("Saarland"), List.of(10124));
		execute("{ ozgService(ozgId: 10124) { solutions(first: 100) { totalCount edges { node { id } } } } }")
			.path("ozgService.solutions.edges[*].node.id")
			.entityList(String.class)
			.contains(id);
		execute("query($id: ID) { organization(id: $id) { providedSolutions(first: 100) { edges { node { id } } } } }",
				Map.of("id", provider))
			.path("organization.providedSolutions.edges[*].node.id")
			.entityList(String.class)
			.contains(id);
	}

	private String registerVendor() {
		return execute("mutation($name: String!) { registerOrganization(input: { kind: VENDOR, name: $name }) "
				+ "{ organization { id } } }", Map.of("name", unique("Hersteller GmbH")))
			.path("registerOrganization.organization.id")
			.entity(String.class)
			.get();
	}

	private long solutionsNamed(String name) {
		return count("select count(*) from solution where name = '" + name + "'");
	}

	@Test
	void aVendorCannotPublishASolutionInAnotherProvidersName() {
		String vendor = registerVendor();
		String token = issueToken(vendor, "VENDOR");
		String bund = db.sql("select id::text from organization where kind = 'FEDERAL'")
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		for (String provider : List.of(mainz(), bund)) {
			Map<String, Object> input = validInput();
			input.put("providerId", provider);
			input.put("vendorId", vendor);
			long changes = count("select count(*) from change_log");
			assertError(executeAs(token, PUBLISH, Map.of("input", input)), "FORBIDDEN", null);
			assertThat(solutionsNamed((String) input.get("name"))).isZero();
			assertThat(count("select count(*) from change_log")).isEqualTo(changes);
		}
	}

	@Test
	void aVendorPublishesItsOwnProductAsItsProvider() {
		String vendor = registerVendor();
		Map<String, Object> input = validInput();
		input.put("providerId", vendor);
		executeAs(issueToken(vendor, "VENDOR"), PUBLISH, Map.of("input", input))
			.path("publishSolution.solution.version").entity(Integer.class).isEqualTo(1);
	}

	@Test
	void theNamedVendorUpdatesTheSolutionButCannotRemoveOrReplaceItself() {
		String vendor = registerVendor();
		String otherVendor = registerVendor();
		String token = issueToken(vendor, "VENDOR");
		Map<String, Object> input = validInput();
		input.put("vendorId", vendor);
		String id = execute(PUBLISH, Map.of("input", input)).path("publishSolution.solution.id").entity(String.class)
			.get();
		executeAs(token, UPDATE, Map.of("input", Map.of("id", id, "expectedVersion", 1, "summary", "Vom Hersteller")))
			.path("updateSolution.solution.version").entity(Integer.class).isEqualTo(2);
		executeAs(token, UPDATE, Map.of("input", Map.of("id", id, "expectedVersion", 2, "vendorId", vendor)))
			.path("updateSolution.solution.version").entity(Integer.class).isEqualTo(3);
		Map<String, Object> remove = new HashMap<>();
		remove.put("id", id);
		remove.put("expectedVersion", 3);
		remove.put("vendorId", null);
		for (Map<String, Object> change : List.of(remove,
				Map.<String, Object>of("id", id, "expectedVersion", 3, "vendorId", otherVendor))) {
			assertError(executeAs(token, UPDATE, Map.of("input", change)), "FORBIDDEN", null);
			assertThat(count("select version from solution where id = '" + id + "'")).isEqualTo(3);
			assertThat(count("select count(*) from solution where id = '" + id + "' and vendor_id = '" + vendor + "'"))
				.isOne();
		}
		executeAs(issueToken(mainz(), "PUBLISHER"), UPDATE, Map.of("input", remove))
			.path("updateSolution.solution.version").entity(Integer.class).isEqualTo(4);
		assertThat(count("select count(*) from solution where id = '" + id + "' and vendor_id is null")).isOne();
	}

	@Test
	void aPageOf100SolutionsWithProviderOzgServicesAndAdopterCountCostsAConstantNumberOfStatements() {
		String document = """
				query($first: Int) { solutions(first: $first) { totalCount edges { node { id provider { name }
				  vendor { name } ozgServices { ozgId leikaServices { key } } adoptionCount liveAdoptionCount
				  adoptions(first: 3) { edges { node { organization { name parent { name } } statusHistory { status } } } } } } } }""";
		execute(document, Map.of("first", 1)).path("solutions.totalCount").hasValue();
		statements.reset();
		execute(document, Map.of("first", 2)).path("solutions.edges").hasValue();
		int forTwo = statements.count();
		statements.reset();
		execute(document, Map.of("first", 100)).path("solutions.edges").entityList(Object.class)
			.satisfies(edges -> assertThat(edges.size()).isGreaterThan(15));
		int forHundred = statements.count();
		// One statement per list and per batched field: page, count, provider, vendor, OZG-IDs, OZG-Leistungen,
		// LeiKa-Leistungen, adoption counts (2 fields), nested adoptions (page, totals), organization, parent,
		// status history. A batch with no keys (no vendor on the page) is skipped, hence "at most".
		assertThat(forTwo).as("statements for 2 solutions").isBetween(10, 14);
		assertThat(forHundred).as("statements for 100 solutions").isBetween(10, 14);
	}

	/** A GraphQL document of {@code src/test/resources/graphql-test/}. */
	private static String document(String operationName) {
		try {
			return new ClassPathResource("graphql-test/" + operationName + ".graphql")
				.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
