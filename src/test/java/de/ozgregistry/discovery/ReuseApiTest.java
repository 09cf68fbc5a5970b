package de.ozgregistry.discovery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reuse options, gaps and duplicate-work alerts. The scenarios use OZG-Leistungen (10002–10005) and Gemeinden in
 * Sachsen-Anhalt (15) and Brandenburg (12) that no other test touches, so that their rankings are deterministic.
 */
class ReuseApiTest extends ApiTest {

	private static final String REUSE = """
			query($org: ID!, $ozg: Int!) { reuseOptions(organization: $org, ozgId: $ozg) { score ozgService { ozgId }
			  scoreParts { factor points }
			  solution { id name } reasons { liveAdopters liveAdoptersInLand liveAdoptersInKreis populationServed
			  similarSizeAdopters confirmedAdoptions maturityLevel lifecycle legalPaths { path open via { name } } } } }""";

	/** Publishes a solution with these fields through the API (as admin). */
	private String solution(String provider, String name, int ozgId, String reuseModel, String lifecycle,
			List<String> legalPaths) {
		return solution(provider, name, List.of(ozgId), reuseModel, lifecycle, legalPaths);
	}

	private String solution(String provider, String name, List<Integer> ozgIds, String reuseModel, String lifecycle,
			List<String> legalPaths) {
		Map<String, Object> input = new HashMap<>();
		input.put("name", name);
		input.put("summary", "s");
		input.put("providerId", provider);
		input.put("ozgIds", ozgIds);
		input.put("reuseModel", reuseModel);
		input.put("lifecycle", lifecycle);
		input.put("legalPaths", legalPaths);
		input.put("maturity", Map.of("level", 3, "model", "V1_1"));
		return execute("mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }",
				Map.of("input", input)).path("publishSolution.solution.id").entity(String.class).get();
	}

	@Test
	void optionsUsedNearbyRankFirstWithTheirReasons() {
		String halle = municipality("150020000000");
		String nearby = solution(organizationId("150000000000", "STATE"), unique("Nahe Lösung"), List.of(10002, 10010),
				"EFA_SERVICE", "PRODUCTION", List.of("FIT_STORE"));
		String faraway = solution(organizationId("090000000000", "STATE"), unique("Ferne Lösung"), 10002, "EFA_SERVICE",
				"PRODUCTION", List.of("FIT_STORE", "DIRECT_CONTRACT"));
		recordAdoption(municipality("150010000000"), nearby, "LIVE");
		recordAdoption(municipality("150030000000"), nearby, "LIVE");
		// the Land uses it live for another OZG-Leistung: that opens the FIT-Store path without covering Halle for 10002
		execute("""
				mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { adoption { id } } }""",
				Map.of("input", Map.of("organizationId", organizationId("150000000000", "STATE"), "solutionId", nearby,
						"status", "LIVE", "ozgIds", List.of(10010))));
		recordAdoption(municipality("091620000000"), faraway, "LIVE");
		var response = execute(REUSE, Map.of("org", halle, "ozg", 10002));
		response.path("reuseOptions[*].solution.id").entityList(String.class).containsExactly(nearby, faraway);
		response.path("reuseOptions[0].reasons.liveAdopters").entity(Integer.class).isEqualTo(2);
		response.path("reuseOptions[0].reasons.liveAdoptersInLand").entity(Integer.class).isEqualTo(2);
		response.path("reuseOptions[0].reasons.legalPaths[0].open").entity(Boolean.class).isEqualTo(true);
		response.path("reuseOptions[0].reasons.legalPaths[0].via.name").entity(String.class).isEqualTo("Sachsen-Anhalt");
		response.path("reuseOptions[1].reasons.liveAdoptersInLand").entity(Integer.class).isEqualTo(0);
		response.path("reuseOptions[1].reasons.legalPaths[?(@.path == 'FIT_STORE')].open").entityList(Boolean.class)
			.containsExactly(false);
		response.path("reuseOptions[1].reasons.legalPaths[?(@.path == 'DIRECT_CONTRACT')].open").entityList(Boolean.class)
			.containsExactly(true);
		response.path("reuseOptions[0].reasons.populationServed").entity(Double.class)
			.satisfies(p -> assertThat(p).isGreaterThan(50_000));
	}

	@Test
	void theScoreIsTheSumOfItsExplainedParts() {
		String magdeburg = municipality("150030000000");
		String offered = solution(organizationId("150000000000", "STATE"), unique("Erklärte Lösung"), 10008,
				"EFA_SERVICE", "PILOT", List.of("DIRECT_CONTRACT"));
		recordAdoption(municipality("150010000000"), offered, "LIVE");
		var response = execute(REUSE, Map.of("org", magdeburg, "ozg", 10008));
		double score = response.path("reuseOptions[0].score").entity(Double.class).get();
		List<Double> points = response.path("reuseOptions[0].scoreParts[*].points").entityList(Double.class).get();
		assertThat(points.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(score,
				org.assertj.core.data.Offset.offset(0.0015));
		response.path("reuseOptions[0].scoreParts[*].factor").entityList(String.class)
			.containsExactly("LIVE_ADOPTERS", "LIVE_ADOPTERS_IN_LAND", "POPULATION_SERVED", "MATURITY", "LIFECYCLE",
					"LEGAL_PATH");
		response.path("reuseOptions[0].scoreParts[?(@.factor == 'LIFECYCLE')].points").entityList(Double.class)
			.containsExactly(1.0);
		response.path("reuseOptions[0].scoreParts[?(@.factor == 'LEGAL_PATH')].points").entityList(Double.class)
			.containsExactly(1.5);
	}

	@Test
	void unknownOrganizationIsNotFound() {
		assertError(execute(REUSE, Map.of("org", java.util.UUID.randomUUID().toString(), "ozg", 10002)), "NOT_FOUND",
				"organization");
	}

	@Test
	void gapsAreTheServicesAGemeindeIsResponsibleForWithoutLiveAdoption() {
		// a kreisangehörige Gemeinde (Eberswalde), so that it acts as Gemeinde only
		String gemeinde = municipality("120600052052");
		String query = "query($org: ID!) { gaps(organization: $org, first: 100) { totalCount edges { node { ozgService { ozgId } optionCount bestOption { solution { id } } } } } }";
		int before = execute(query, Map.of("org", gemeinde)).path("gaps.totalCount").entity(Integer.class).get();
		assertThat(before).isGreaterThan(20);
		long responsible = count("select count(*) from responsibility_rule where scope = 'DEFAULT' "
				+ "and levels && array['MUNICIPALITY']");
		assertThat((long) before).isLessThanOrEqualTo(responsible);

		String own = solution(gemeinde, unique("Eigenbau"), 10003, "OWN_DEVELOPMENT", "PRODUCTION", List.of());
		recordAdoption(gemeinde, own, "LIVE");
		execute(query, Map.of("org", gemeinde)).path("gaps.totalCount").entity(Integer.class).isEqualTo(before - 1);

		String landwide = solution(organizationId("120000000000", "STATE"), unique("Landesdienst"), 10124, "EFA_SERVICE",
				"PRODUCTION", List.of("FIT_STORE"));
		recordAdoption(organizationId("120000000000", "STATE"), landwide, "LIVE");
		execute(query, Map.of("org", gemeinde)).path("gaps.totalCount").entity(Integer.class).isEqualTo(before - 2);
	}

	@Test
	void gapsWithAReuseOptionComeFirst() {
		String gemeinde = municipality("120520000000");
		solution(organizationId("120000000000", "STATE"), unique("Angebot"), 10025, "EFA_SERVICE", "PRODUCTION",
				List.of("FIT_STORE"));
		var response = execute("query($org: ID!) { gaps(organization: $org, first: 3) { edges { node { optionCount bestOption { score } } } pageInfo { hasNextPage endCursor } } }",
				Map.of("org", gemeinde));
		response.path("gaps.edges[0].node.optionCount").entity(Integer.class).satisfies(n -> assertThat(n).isPositive());
		response.path("gaps.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
		String after = response.path("gaps.pageInfo.endCursor").entity(String.class).get();
		execute("query($org: ID!, $after: String) { gaps(organization: $org, first: 3, after: $after) { edges { node { ozgService { ozgId } } } } }",
				Map.of("org", gemeinde, "after", after)).path("gaps.edges").entityList(Object.class).hasSize(3);
	}

	@Test
	void providersAndVendorsHaveNoGaps() {
		String vendor = execute("mutation($n: String!) { registerOrganization(input: { kind: VENDOR, name: $n }) { organization { id } } }",
				Map.of("n", unique("Softwarehaus"))).path("registerOrganization.organization.id").entity(String.class).get();
		execute("query($org: ID!) { gaps(organization: $org) { totalCount } }", Map.of("org", vendor))
			.path("gaps.totalCount").entity(Integer.class).isEqualTo(0);
	}

	@Test
	void publishingForAServiceOthersAlreadyUseRaisesADuplicateWorkAlert() {
		String established = solution(organizationId("130000000000", "STATE"), unique("Bewährt"), 10006, "EFA_SERVICE",
				"PRODUCTION", List.of("FIT_STORE"));
		recordAdoption(municipality("130715161055"), established, "LIVE");
		Map<String, Object> input = Map.of("name", unique("Neubau"), "summary", "s", "providerId",
				municipality("130715157161"), "ozgIds", List.of(10006), "reuseModel", "OWN_DEVELOPMENT", "lifecycle",
				"IN_DEVELOPMENT");
		var response = execute("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id }
				  reuseCandidates { solution { id } ozgService { ozgId } reasons { liveAdopters } } } }""",
				Map.of("input", input));
		response.path("publishSolution.reuseCandidates[*].solution.id").entityList(String.class).containsExactly(established);
		String own = response.path("publishSolution.solution.id").entity(String.class).get();

		execute("""
				mutation($org: ID!, $s: ID!) { recordAdoption(input: { organizationId: $org, solutionId: $s, status: PLANNED }) {
				  reuseCandidates { solution { id } } } }""", Map.of("org", municipality("130715157161"), "s", own))
			.path("recordAdoption.reuseCandidates[*].solution.id").entityList(String.class).containsExactly(established);
		execute("""
				mutation($org: ID!, $s: ID!) { recordAdoption(input: { organizationId: $org, solutionId: $s, status: PLANNED }) {
				  reuseCandidates { solution { id } } } }""", Map.of("org", municipality("130715164054"), "s", established))
			.path("recordAdoption.reuseCandidates").entityList(Object.class).hasSize(0);
	}

	@Test
	void duplicateEffortsListServicesBuiltByIndependentProviders() {
		solution(municipality("150030000000"), unique("Doppel A"), 10007, "OWN_DEVELOPMENT", "IN_DEVELOPMENT", List.of());
		solution(municipality("150020000000"), unique("Doppel B"), 10007, "OWN_DEVELOPMENT", "PILOT", List.of());
		solution(municipality("150020000000"), unique("Geplant"), 10007, "OWN_DEVELOPMENT", "PLANNED", List.of());
		String query = """
				query($f: DuplicateEffortFilter) { duplicateEfforts(filter: $f, first: 100) { totalCount
				  edges { node { ozgService { ozgId } independentProviders solutions { name provider { name } } } } } }""";
		var response = execute(query, Map.of("f", Map.of("themenfeld", 6)));
		response.path("duplicateEfforts.edges[?(@.node.ozgService.ozgId == 10007)].node.independentProviders")
			.entityList(Integer.class).containsExactly(2);
		response.path("duplicateEfforts.edges[?(@.node.ozgService.ozgId == 10007)].node.solutions[*].name")
			.entityList(String.class).hasSize(2);
		execute(query, Map.of("f", Map.of("themenfeld", 13))).path("duplicateEfforts.edges[*].node.ozgService.ozgId")
			.entityList(Integer.class).doesNotContain(10007);
		assertError(execute(query, Map.of("f", Map.of("minProviders", 1))), "VALIDATION_FAILED", "filter.minProviders");
	}

}
