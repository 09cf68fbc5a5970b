package de.ozgregistry.statistics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ThemenfeldCoverageTest extends ApiTest {

	private static final String THEMENFELD_COVERAGE = """
			query($themenfeld: Int!, $level: RegionLevel!, $within: String) {
			  themenfeldCoverage(themenfeld: $themenfeld, level: $level, within: $within) {
			    region { ars } ozgServices municipalityCount population coveragePairs municipalityShare populationShare
			    flaechendeckend } }""";

	@Test
	@SuppressWarnings("unchecked")
	void themenfeldCoverageIsTheMeanOfTheCoverageOfItsOzgLeistungen() {
		// Thüringen (no other test writes there) adopts a solution for OZG-Leistung 10318 live, Land-wide
		String thueringen = organizationId("160000000000", "STATE");
		String solution = publishSolution(thueringen, unique("Themenfeld"), List.of(10318));
		recordAdoption(thueringen, solution, "LIVE");
		int themenfeld = execute("{ ozgService(ozgId: 10318) { themenfeld { number } } }")
			.path("ozgService.themenfeld.number").entity(Integer.class).get();

		List<Integer> services = execute("query($t: Int!) { ozgServices(filter: { themenfeld: $t }, first: 100) { edges { node { ozgId } } } }",
				Map.of("t", themenfeld))
			.path("ozgServices.edges[*].node.ozgId").entityList(Integer.class).get();
		Map<String, long[]> expected = new HashMap<>();
		for (int service : services) {
			List<Map<String, Object>> rows = (List<Map<String, Object>>) (List<?>) execute("""
					query($ozg: Int!) { coverage(ozgId: $ozg, level: DISTRICT, within: "16") {
					  region { ars } municipalityCount coveredMunicipalities flaechendeckend } }""", Map.of("ozg", service))
				.path("coverage").entityList(Map.class).get();
			for (Map<String, Object> row : rows) {
				String ars = (String) ((Map<String, Object>) row.get("region")).get("ars");
				long[] sums = expected.computeIfAbsent(ars, key -> new long[3]);
				sums[0] += ((Number) row.get("coveredMunicipalities")).longValue();
				sums[1] += Boolean.TRUE.equals(row.get("flaechendeckend")) ? 1 : 0;
				sums[2] = ((Number) row.get("municipalityCount")).longValue();
			}
		}

		List<Map<String, Object>> rows = (List<Map<String, Object>>) (List<?>) execute(THEMENFELD_COVERAGE,
				Map.of("themenfeld", themenfeld, "level", "DISTRICT", "within", "16"))
			.path("themenfeldCoverage").entityList(Map.class).get();
		assertThat(rows).hasSize(expected.size()).hasSizeGreaterThan(20);
		for (Map<String, Object> row : rows) {
			long[] sums = expected.get((String) ((Map<String, Object>) row.get("region")).get("ars"));
			assertThat(((Number) row.get("ozgServices")).intValue()).isEqualTo(services.size());
			assertThat(((Number) row.get("coveragePairs")).longValue()).isEqualTo(sums[0]).isPositive();
			assertThat(((Number) row.get("flaechendeckend")).longValue()).isEqualTo(sums[1]);
			assertThat(((Number) row.get("municipalityShare")).doubleValue())
				.isCloseTo((double) sums[0] / (sums[2] * services.size()), within(1e-9));
			assertThat(((Number) row.get("populationShare")).doubleValue()).isBetween(0.0, 1.0);
		}
	}

	@Test
	void sixteenLaenderAndValidation() {
		execute(THEMENFELD_COVERAGE, Map.of("themenfeld", 1, "level", "STATE"))
			.path("themenfeldCoverage").entityList(Object.class).hasSize(16);
		assertError(execute(THEMENFELD_COVERAGE, Map.of("themenfeld", 99, "level", "STATE")), "VALIDATION_FAILED",
				"themenfeld");
		assertError(execute(THEMENFELD_COVERAGE, Map.of("themenfeld", 1, "level", "MUNICIPALITY")),
				"VALIDATION_FAILED", "level");
	}

}
