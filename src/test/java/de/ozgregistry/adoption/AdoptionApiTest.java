package de.ozgregistry.adoption;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class AdoptionApiTest extends ApiTest {

	private static final String RECORD = """
			mutation($input: RecordAdoptionInput!) {
			  recordAdoption(input: $input) {
			    adoption { id status version source operatingModel legalPath solutionVersion
			               organization { name } solution { name } ozgServices { ozgId }
			               statusHistory { status effectiveDate recordedAt } confirmation { confirmedAt } }
			  }
			}""";

	private static final String UPDATE_STATUS = """
			mutation($input: UpdateAdoptionStatusInput!) {
			  updateAdoptionStatus(input: $input) {
			    adoption { status version statusHistory { status effectiveDate } }
			  }
			}""";

	private String solution(List<Integer> ozgIds) {
		return publishSolution(organizationId("050000000000", "STATE"), unique("Adoptionstest"), ozgIds);
	}

	@Test
	void recordAdoptionWithTheContractFields() {
		String solution = solution(List.of(10160));
		var response = execute("""
				mutation($org: ID!, $solution: ID!) { recordAdoption(input: { organizationId: $org, solutionId: $solution,
				  status: LIVE }) { adoption { id status } } }""",
				Map.of("org", municipality("073150000000"), "solution", solution));
		response.path("recordAdoption.adoption.status").entity(String.class).isEqualTo("LIVE");
		String id = response.path("recordAdoption.adoption.id").entity(String.class).get();
		assertThat(changeLogEntries(UUID.fromString(id))).isEqualTo(1);
	}

	@Test
	void anOrganizationsAdoptionsCanBeFilteredByStatus() {
		String org = municipality("071110000000");
		String live = recordAdoption(org, solution(List.of(10160)), "LIVE");
		recordAdoption(org, solution(List.of(10160)), "PLANNED");
		var response = executeAs(null, """
				query($org: ID!) { organization(id: $org) { all: adoptions(first: 100) { edges { node { id } } }
				  live: adoptions(first: 100, status: LIVE) { totalCount edges { node { id status } } } } }""",
				Map.of("org", org));
		response.path("organization.live.totalCount").entity(Integer.class).isEqualTo(1);
		response.path("organization.live.edges[*].node.id").entityList(String.class).containsExactly(live);
		response.path("organization.all.edges[*].node.id").entityList(String.class).contains(live).hasSizeGreaterThan(1);
	}

	@Test
	void recordAdoptionDefaultsToAllOfTheSolutionsOzgLeistungenAndToday() {
		String solution = solution(List.of(10160, 10000));
		var response = execute(RECORD, Map.of("input", Map.of("organizationId", municipality("051110000000"),
				"solutionId", solution, "status", "PLANNED", "operatingModel", "OWN_INSTANCE", "legalPath",
				"OPEN_LICENCE", "solutionVersion", "1.0")));
		response.path("recordAdoption.adoption.ozgServices[*].ozgId").entityList(Integer.class).containsExactly(10000, 10160);
		response.path("recordAdoption.adoption.statusHistory[0].status").entity(String.class).isEqualTo("PLANNED");
		response.path("recordAdoption.adoption.statusHistory[0].effectiveDate").entity(String.class)
			.satisfies(date -> assertThat(LocalDate.parse(date)).isBetween(LocalDate.now().minusDays(1),
					LocalDate.now().plusDays(1)));
		response.path("recordAdoption.adoption.source").entity(String.class).isEqualTo("SELF_REPORTED");
		response.path("recordAdoption.adoption.confirmation").valueIsNull();
	}

	@Test
	void aSecondActiveAdoptionOfTheSameSolutionIsAConflictButAfterDiscontinuingItIsAllowed() {
		String solution = solution(List.of(10160));
		String org = municipality("064310001001");
		String first = recordAdoption(org, solution, "LIVE");
		long before = count("select count(*) from adoption");
		assertError(execute(RECORD, Map.of("input", Map.of("organizationId", org, "solutionId", solution, "status",
				"INTERESTED"))), "CONFLICT", null);
		assertThat(count("select count(*) from adoption")).isEqualTo(before);
		execute(UPDATE_STATUS, Map.of("input", Map.of("id", first, "status", "DISCONTINUED")))
			.path("updateAdoptionStatus.adoption.status").entity(String.class).isEqualTo("DISCONTINUED");
		recordAdoption(org, solution, "INTERESTED");
		execute("query($org: ID, $s: ID) { adoptions(filter: { organizationId: $org, solutionId: $s }) { totalCount } }",
				Map.of("org", org, "s", solution))
			.path("adoptions.totalCount").entity(Integer.class).isEqualTo(2);
	}

	@Test
	void statusTransitionsRecordTheirDatesInOrder() {
		String id = execute(RECORD, Map.of("input", Map.of("organizationId", municipality("064310002002"),
				"solutionId", solution(List.of(10160)), "status", "INTERESTED", "effectiveDate", "2023-01-10")))
			.path("recordAdoption.adoption.id").entity(String.class).get();
		execute(UPDATE_STATUS, Map.of("input", Map.of("id", id, "status", "IN_PROGRESS", "effectiveDate", "2023-06-01")));
		var response = execute(UPDATE_STATUS, Map.of("input", Map.of("id", id, "status", "LIVE",
				"effectiveDate", "2024-02-29", "expectedVersion", 2)));
		response.path("updateAdoptionStatus.adoption.version").entity(Integer.class).isEqualTo(3);
		response.path("updateAdoptionStatus.adoption.statusHistory[*].status").entityList(String.class)
			.containsExactly("INTERESTED", "IN_PROGRESS", "LIVE");
		response.path("updateAdoptionStatus.adoption.statusHistory[*].effectiveDate").entityList(String.class)
			.containsExactly("2023-01-10", "2023-06-01", "2024-02-29");
		assertThat(count("select count(*) from change_log where entity_id = '" + id + "' and operation = "
				+ "'STATUS_TRANSITION'")).isEqualTo(2);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			backwards                  | LIVE         | PLANNED      |            |      | VALIDATION_FAILED | input.status
			same status                | LIVE         | LIVE         |            |      | VALIDATION_FAILED | input.status
			after discontinued         | DISCONTINUED | LIVE         |            |      | VALIDATION_FAILED | input.status
			date in the future         | PLANNED      | LIVE         | FUTURE     |      | VALIDATION_FAILED | input.effectiveDate
			date before previous       | PLANNED      | LIVE         | 2020-01-01 |      | VALIDATION_FAILED | input.effectiveDate
			stale version              | PLANNED      | LIVE         |            | 7    | CONFLICT          |
			""")
	void invalidTransitionsFailAndChangeNothing(String rule, String from, String to, String date, Integer version,
			String code, String field) {
		String id = recordAdoption(municipality("064310003003"), solution(List.of(10160)), "PLANNED");
		if (from.equals("LIVE") || from.equals("DISCONTINUED")) {
			execute(UPDATE_STATUS, Map.of("input", Map.of("id", id, "status", from)));
		}
		Map<String, Object> input = new HashMap<>();
		input.put("id", id);
		input.put("status", to);
		input.put("effectiveDate", "FUTURE".equals(date) ? LocalDate.now().plusDays(2).toString() : date);
		input.put("expectedVersion", version);
		long transitions = count("select count(*) from adoption_status_transition where adoption_id = '" + id + "'");
		long adoptionVersion = count("select version from adoption where id = '" + id + "'");
		assertError(execute(UPDATE_STATUS, Map.of("input", input)), code, field);
		assertThat(count("select count(*) from adoption_status_transition where adoption_id = '" + id + "'"))
			.isEqualTo(transitions);
		assertThat(count("select version from adoption where id = '" + id + "'")).isEqualTo(adoptionVersion);
	}

	@Test
	void theSourceOfARecordedAdoptionIsSetByTheRegistry() {
		String adopter = municipality("051110000000");
		String provider = municipality("073150000000");
		String solution = publishSolution(provider, unique("Provenienz"), List.of(10160));
		String token = issueToken(adopter, "PUBLISHER");
		executeAs(token, RECORD, Map.of("input", Map.of("organizationId", adopter, "solutionId", solution, "status",
				"PLANNED", "source", "SELF_REPORTED")))
			.path("recordAdoption.adoption.source").entity(String.class).isEqualTo("SELF_REPORTED");
		// the provider cannot report (record) an adoption of another organization, so it cannot claim PROVIDER_REPORTED
		assertError(executeAs(issueToken(provider, "PUBLISHER"), RECORD, Map.of("input", Map.of("organizationId",
				municipality("064110000000"), "solutionId", solution, "status", "LIVE"))), "FORBIDDEN", null);
	}

	@Test
	void updatingAnUnknownAdoptionIsNotFound() {
		assertError(execute(UPDATE_STATUS, Map.of("input", Map.of("id", UUID.randomUUID().toString(), "status",
				"LIVE"))), "NOT_FOUND", "input.id");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			unknown organization        | organizationId  | RANDOM       | NOT_FOUND         | input.organizationId
			unknown solution            | solutionId      | RANDOM       | NOT_FOUND         | input.solutionId
			malformed organization ID   | organizationId  | 073150000000 | VALIDATION_FAILED | input.organizationId
			starts discontinued         | status          | DISCONTINUED | VALIDATION_FAILED | input.status
			OZG-Leistung not covered    | ozgIds          | 10000        | VALIDATION_FAILED | input.ozgIds
			no OZG-Leistung             | ozgIds          | EMPTY        | VALIDATION_FAILED | input.ozgIds
			legal path not offered      | legalPath       | FIT_STORE    | VALIDATION_FAILED | input.legalPath
			date in the future          | effectiveDate   | FUTURE       | VALIDATION_FAILED | input.effectiveDate
			implausible date            | effectiveDate   | 1999-12-31   | VALIDATION_FAILED | input.effectiveDate
			version too long            | solutionVersion | LONG         | VALIDATION_FAILED | input.solutionVersion
			illustrative is reserved    | source          | ILLUSTRATIVE | VALIDATION_FAILED | input.source
			provider report is not self | source          | PROVIDER_REPORTED | VALIDATION_FAILED | input.source
			import is not self-declared | source          | IMPORTED     | VALIDATION_FAILED | input.source
			""")
	void recordAdoptionRejectsInvalidInputAndWritesNothing(String rule, String field, String value, String code,
			String errorField) {
		Map<String, Object> input = new HashMap<>();
		input.put("organizationId", municipality("064310004004"));
		input.put("solutionId", solution(List.of(10160)));
		input.put("status", "LIVE");
		input.put(field, switch (value) {
			case "RANDOM" -> UUID.randomUUID().toString();
			case "10000" -> List.of(10000);
			case "EMPTY" -> List.of();
			case "FUTURE" -> LocalDate.now().plusDays(2).toString();
			case "LONG" -> "1".repeat(51);
			default -> value;
		});
		long adoptions = count("select count(*) from adoption");
		long changes = count("select count(*) from change_log");
		assertError(execute(RECORD, Map.of("input", input)), code, errorField);
		assertThat(count("select count(*) from adoption")).isEqualTo(adoptions);
		assertThat(count("select count(*) from adoption_status_transition t left join adoption a on a.id = t.adoption_id "
				+ "where a.id is null")).isZero();
		assertThat(count("select count(*) from change_log")).isEqualTo(changes);
	}

	@Test
	void theProviderConfirmsAnAdoption() {
		String id = recordAdoption(municipality("064310005005"), solution(List.of(10160)), "LIVE");
		var response = execute("""
				mutation($id: ID!) { confirmAdoption(input: { adoptionId: $id }) {
				  adoption { version confirmation { confirmedBy { name } confirmedAt } } } }""", Map.of("id", id));
		response.path("confirmAdoption.adoption.confirmation.confirmedBy.name").entity(String.class)
			.isEqualTo("Nordrhein-Westfalen");
		// the confirmation is the provider's own record: the adoption (the adopter's) keeps its version
		response.path("confirmAdoption.adoption.version").entity(Integer.class).isEqualTo(1);
		assertThat(count("select count(*) from confirmation where adoption_id = '" + id + "' and status = 'CONFIRMED'"))
			.isOne();
		assertError(execute("mutation($id: ID!) { confirmAdoption(input: { adoptionId: $id }) { adoption { id } } }",
				Map.of("id", UUID.randomUUID().toString())), "NOT_FOUND", "input.adoptionId");
	}

	@Test
	void adoptionsFilters() {
		String solution = solution(List.of(10160, 10124));
		String org = municipality("064310006006");
		recordAdoption(org, solution, "IN_PROGRESS");
		String query = "query($f: AdoptionFilter) { adoptions(filter: $f, first: 100) { totalCount edges { node { solution { id } organization { id } } } } }";
		for (Map<String, Object> filter : List.<Map<String, Object>>of(Map.of("solutionId", solution),
				Map.of("organizationId", org, "status", "IN_PROGRESS"), Map.of("solutionId", solution, "ozgId", 10124),
				Map.of("solutionId", solution, "land", "06"), Map.of("solutionId", solution, "land", "060000000000"))) {
			execute(query, Map.of("f", filter)).path("adoptions.totalCount").entity(Integer.class).isEqualTo(1);
		}
		for (Map<String, Object> filter : List.<Map<String, Object>>of(Map.of("solutionId", solution, "status", "LIVE"),
				Map.of("solutionId", solution, "ozgId", 10000), Map.of("solutionId", solution, "land", "07"))) {
			execute(query, Map.of("f", filter)).path("adoptions.totalCount").entity(Integer.class).isEqualTo(0);
		}
		assertError(execute(query, Map.of("f", Map.of("land", "99"))), "VALIDATION_FAILED", "filter.land");
	}

	@Test
	void adoptionsAreListedOnTheOrganizationAndTheSolution() {
		String solution = solution(List.of(10160));
		String org = municipality("064310007007");
		String id = recordAdoption(org, solution, "LIVE");
		execute("query($id: ID) { organization(id: $id) { adoptions(first: 10) { edges { node { id } } } } }",
				Map.of("id", org))
			.path("organization.adoptions.edges[*].node.id").entityList(String.class).contains(id);
		var response = execute("query($id: ID!) { solution(id: $id) { adoptionCount liveAdoptionCount adoptions(first: 10) { totalCount edges { node { id } } } } }",
				Map.of("id", solution));
		response.path("solution.adoptions.edges[*].node.id").entityList(String.class).containsExactly(id);
		response.path("solution.adoptionCount").entity(Integer.class).isEqualTo(1);
		response.path("solution.liveAdoptionCount").entity(Integer.class).isEqualTo(1);
	}

	@Test
	void illustrativeAdoptionsAreLabelledAsSuch() {
		execute("{ adoptions(first: 100) { totalCount edges { node { source } } } }")
			.path("adoptions.totalCount").entity(Integer.class)
			.satisfies(total -> assertThat(total).isBetween(200, 1500));
		execute("{ solutions(filter: { name: \"civento\" }, first: 5) { edges { node { source provenance { illustrative } adoptionCount } } } }")
			.path("solutions.edges[0].node.provenance.illustrative").entity(Boolean.class).isEqualTo(true);
	}

	@Test
	void pagingThroughAdoptionsVisitsEachOnce() {
		List<String> seen = new java.util.ArrayList<>();
		String after = null;
		int total;
		do {
			var response = execute("query($after: String) { adoptions(first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }",
					after == null ? Map.of() : Map.of("after", after));
			total = response.path("adoptions.totalCount").entity(Integer.class).get();
			seen.addAll(response.path("adoptions.edges[*].node.id").entityList(String.class).get());
			after = response.path("adoptions.pageInfo.hasNextPage").entity(Boolean.class).get()
					? response.path("adoptions.pageInfo.endCursor").entity(String.class).get() : null;
		}
		while (after != null);
		assertThat(seen).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(total - 5);
	}

}
