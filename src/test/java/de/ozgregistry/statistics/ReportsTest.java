package de.ozgregistry.statistics;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Timeline, region report, top solutions and duplication index on scenarios of their own in Bremen (04). */
class ReportsTest extends ApiTest {

	private String adopt(String organization, String solution, String status, String date) {
		return execute("mutation($o: ID!, $s: ID!, $st: AdoptionStatus!, $d: Date) { recordAdoption(input: { organizationId: $o, solutionId: $s, status: $st, effectiveDate: $d }) { adoption { id } } }",
				Map.of("o", organization, "s", solution, "st", status, "d", date))
			.path("recordAdoption.adoption.id").entity(String.class).get();
	}

	@Test
	void theTimelineShowsCoverageAsItWasAtTheEndOfEachPeriod() {
		String solution = publishSolution(municipality("040110000000"), unique("Zeitreihe"), List.of(10042));
		String adoption = adopt(municipality("040110000000"), solution, "LIVE", "2023-02-15");
		execute("mutation($id: ID!) { updateAdoptionStatus(input: { id: $id, status: DISCONTINUED, effectiveDate: \"2024-05-10\" }) { adoption { id } } }",
				Map.of("id", adoption)).errors().verify();
		var response = execute("""
				{ timeline(ozgId: 10042, within: "04", from: "2023-01-01", to: "2024-06-30") {
				  date municipalityCount coveredMunicipalities populationCovered } }""");
		response.path("timeline[*].date").entityList(String.class).hasSize(18)
			.satisfies(dates -> assertThat(dates.get(0)).isEqualTo("2023-01-31"));
		List<Integer> covered = response.path("timeline[*].coveredMunicipalities").entityList(Integer.class).get();
		assertThat(covered.get(0)).isZero();
		assertThat(covered.subList(1, 16)).allMatch(n -> n == 1);
		assertThat(covered.subList(16, 18)).allMatch(n -> n == 0);
		execute("""
				{ timeline(ozgId: 10042, within: "04", from: "2023-01-01", to: "2024-06-30", interval: QUARTER) {
				  date coveredMunicipalities } }""")
			.path("timeline[*].date").entityList(String.class)
			.satisfies(dates -> assertThat(dates).startsWith("2023-03-31", "2023-06-30").endsWith("2024-06-30"));
		assertError(execute("{ timeline(from: \"1990-01-01\") { date } }"), "VALIDATION_FAILED", "from");
	}

	@Test
	void theRegionReportCountsEveryOzgLeistungOnceAndTheMaturityOfSolutionsInUse() {
		String land = organizationId("040000000000", "STATE");
		String solution = publishSolution(land, unique("Landesweit"), List.of(10043));
		adopt(land, solution, "LIVE", "2024-01-01");
		var response = execute("""
				{ regionReport(within: "04") { region { name } themenfelder { themenfeld { name } ozgServices
				  flaechendeckend partly none } maturity { model level solutions } } }""");
		response.path("regionReport.region.name").entity(String.class).isEqualTo("Bremen");
		List<Map> rows = response.path("regionReport.themenfelder").entityList(Map.class).get();
		assertThat(rows).hasSize(14);
		int total = 0;
		int everywhere = 0;
		for (Map row : rows) {
			int sum = (Integer) row.get("flaechendeckend") + (Integer) row.get("partly") + (Integer) row.get("none");
			assertThat(sum).isEqualTo(row.get("ozgServices"));
			total += (Integer) row.get("ozgServices");
			everywhere += (Integer) row.get("flaechendeckend");
		}
		assertThat(total).isEqualTo(557);
		assertThat(everywhere).isPositive();
		response.path("regionReport.maturity[*].solutions").entityList(Integer.class)
			.satisfies(counts -> assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isPositive());
	}

	@Test
	void topSolutionsAndTheDuplicationIndexReflectLiveUse() {
		String first = publishSolution(municipality("040110000000"), unique("Erste"), List.of(10044));
		String second = publishSolution(organizationId("050000000000", "STATE"), unique("Zweite"), List.of(10044));
		adopt(municipality("040110000000"), first, "LIVE", "2024-03-01");
		adopt(municipality("040120000000"), second, "LIVE", "2024-03-01");
		execute("{ duplicationIndex(within: \"04\", first: 100) { ozgService { ozgId } solutionsInUse providers } }")
			.path("duplicationIndex[?(@.ozgService.ozgId == 10044)].providers").entityList(Integer.class)
			.containsExactly(2);
		var top = execute("{ topSolutions(within: \"04\", by: POPULATION, first: 100) { solution { id } liveAdopters coveredMunicipalities populationServed } }");
		top.path("topSolutions[?(@.solution.id == '" + first + "')].coveredMunicipalities").entityList(Integer.class)
			.containsExactly(1);
		top.path("topSolutions[*].populationServed").entityList(Integer.class)
			.satisfies(p -> assertThat(p).isSortedAccordingTo(java.util.Comparator.reverseOrder()));
	}

}
