package de.ozgregistry.solution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import de.ozgregistry.support.ApiTest;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A solution's adopters (issue 12): "Nutzer" are the live adopters, one number wherever it is shown; the other
 * statuses are counted apart; every adopter is reachable by paging, also by Land; the use per Land and Kreis is
 * computed from all of them and agrees with the statistics' definition of coverage.
 */
class SolutionAdoptersApiTest extends ApiTest {

	private static final List<String> STATUSES = List.of("INTERESTED", "PLANNED", "IN_PROGRESS", "LIVE",
			"DISCONTINUED");

	/** Ahrweiler (Rheinland-Pfalz): its Gemeinden adopt in every status. */
	private static final String AHRWEILER = "07131";

	/** Darmstadt-Dieburg (Hessen): the Kreis itself adopts. */
	private static final String DARMSTADT_DIEBURG = "064320000000";

	/** The Saarland: the Land itself adopts, which covers all its Gemeinden. */
	private static final String SAARLAND = "100000000000";

	@Test
	void nutzerAreTheLiveAdoptersAndTheOtherStatusesAreCountedApart() {
		String solution = solutionWithAdoptersInEveryStatus();

		Map<String, Object> data = adopters(solution);
		assertThat(data.get("adopterCounts")).as("adopterCounts in the lifecycle's order")
			.isEqualTo(List.of(count("INTERESTED", 1), count("PLANNED", 1), count("IN_PROGRESS", 1), count("LIVE", 5),
					count("DISCONTINUED", 1)));
		assertThat(data.get("liveAdoptionCount")).as("liveAdoptionCount: the Nutzer").isEqualTo(5);
		assertThat(total(data, "live")).as("adoptions(status: LIVE)").isEqualTo(5);
		assertThat(data.get("adoptionCount")).as("adoptionCount (deprecated): not discontinued").isEqualTo(8);
		assertThat(total(data, "all")).as("every adoption").isEqualTo(9);

		Map<String, Map<String, Object>> laender = byCode(data, "laender");
		assertThat(laender).containsOnlyKeys("06", "07", "10");
		assertThat(laender.values().stream().mapToInt(row -> (Integer) row.get("liveAdopters")).sum())
			.as("the Nutzer of the Länder add up to the Nutzer").isEqualTo(5);
		assertThat(laender.get("07").get("adopterCounts")).isEqualTo(List.of(count("INTERESTED", 1),
				count("PLANNED", 1), count("IN_PROGRESS", 1), count("LIVE", 3), count("DISCONTINUED", 1)));
		assertThat(laender.get("07").get("coveredMunicipalities")).isEqualTo(3);
		assertThat(laender.get("10").get("liveAdopters")).isEqualTo(1);
		assertThat(laender.get("10").get("coveredMunicipalities")).as("a Land covers all its Gemeinden")
			.isEqualTo(laender.get("10").get("municipalityCount"));
		assertThat(laender.get("10").get("municipalityShare")).isEqualTo(1.0);
		assertThat(laender.get("10").get("region")).isEqualTo(Map.of("ars", SAARLAND, "kind", "STATE"));

		Map<String, Map<String, Object>> kreise = byCode(data, "kreise");
		assertThat(kreise.get("06432").get("liveAdopters")).isEqualTo(1);
		assertThat(kreise.get("06432").get("coveredMunicipalities"))
			.isEqualTo(kreise.get("06432").get("municipalityCount"));
		assertThat(kreise.get(AHRWEILER).get("liveAdopters")).isEqualTo(3);
		assertThat(kreise.get(AHRWEILER).get("coveredMunicipalities")).isEqualTo(3);
		List<String> saarlandKreise = kreise.keySet().stream().filter(code -> code.startsWith("10")).toList();
		assertThat(saarlandKreise).as("every Kreis of the Saarland is covered through the Land")
			.hasSize((int) count("select count(*) from organization where kind = 'DISTRICT' and land_code = '10'"));
		for (String code : saarlandKreise) {
			assertThat(kreise.get(code).get("liveAdopters")).as("adopters based in " + code).isEqualTo(0);
			assertThat(kreise.get(code).get("coveredMunicipalities")).isEqualTo(kreise.get(code).get("municipalityCount"));
		}
	}

	@Test
	void theUseByRegionAgreesWithTheDefinitionOfCoverageAndWithTheStatisticsCounters() {
		for (String solution : List.of(solutionWithAdoptersInEveryStatus(), civento())) {
			Map<String, Object> data = adopters(solution);
			for (String level : List.of("laender", "kreise")) {
				int digits = level.equals("laender") ? 2 : 5;
				Map<String, Map<String, Object>> rows = byCode(data, level);
				assertThat(field(rows, "coveredMunicipalities")).as("covered Gemeinden per region of " + level)
					.isEqualTo(bruteForceCovered(solution, digits, "n"));
				assertThat(field(rows, "populationCovered")).as("covered inhabitants per region of " + level)
					.isEqualTo(bruteForceCovered(solution, digits, "population"));
				assertThat(field(rows, "liveAdopters")).as("Nutzer per region of " + level)
					.isEqualTo(bruteForceLiveAdopters(solution, digits));
			}
			// the statistics keep the reach per Land over time (solution_reach, V14): today's rows, the same numbers
			Map<String, Map<String, Object>> laender = byCode(data, "laender");
			Map<String, Object> reach = new HashMap<>();
			db.sql("select region, adopters, municipalities from solution_reach where solution_id = :id::uuid "
					+ "and length(region) = 2 and until is null and adopters > 0")
				.bind("id", solution)
				.map(row -> Map.entry(row.get("region", String.class),
						List.of(row.get("adopters", Integer.class), row.get("municipalities", Integer.class))))
				.all()
				.doOnNext(entry -> reach.put(entry.getKey(), entry.getValue()))
				.blockLast();
			Map<String, Object> ours = new HashMap<>();
			laender.forEach((code, row) -> {
				if ((Integer) row.get("coveredMunicipalities") > 0) {
					ours.put(code, List.of(row.get("liveAdopters"), row.get("coveredMunicipalities")));
				}
			});
			assertThat(ours).as("per Land as solution_reach").isEqualTo(reach);
		}
	}

	@Test
	void everyAdopterIsReachedByPagingBeyond100() {
		String civento = civento();
		List<Map<String, Object>> all = allAdopters(civento, null, null);
		long expected = count("select count(*) from adoption where solution_id = '" + civento + "'");
		assertThat(expected).as("civento has more adopters than a page").isGreaterThan(100);
		assertThat(all).hasSize((int) expected);
		assertThat(all.stream().map(node -> node.get("id")).distinct()).hasSize((int) expected);
	}

	/** An IT service provider has a Land but no area: it counts in its Land in the list and in the use per Land. */
	@Test
	void aProviderWithoutAnAreaCountsInItsLandInTheListAndInTheUsePerLand() {
		String provider = execute("""
				mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { organization { id } } }""",
				Map.of("i", Map.of("kind", "IT_SERVICE_PROVIDER", "name", unique("Dienstleister"), "landArs",
						"060000000000")))
			.path("registerOrganization.organization.id")
			.entity(String.class)
			.get();
		String solution = publishSolution(provider, unique("Ohne Gebiet"), List.of(10160));
		recordAdoption(provider, solution, "LIVE");
		var response = execute("""
				query($id: ID!) { solution(id: $id) { useByRegion(level: STATE) { code liveAdopters }
				  adoptions(first: 1, land: "06", status: LIVE) { totalCount } } }""", Map.of("id", solution));
		response.path("solution.adoptions.totalCount").entity(Integer.class).isEqualTo(1);
		response.path("solution.useByRegion[?(@.code == '06')].liveAdopters").entityList(Integer.class)
			.containsExactly(1);
	}

	@Test
	void theLandFilterListsOnlyThatLandsAdoptersAndAllOfThem() {
		String civento = civento();
		List<Map<String, Object>> hessen = allAdopters(civento, "06", null);
		long expected = count("select count(*) from adoption a join organization o on o.id = a.organization_id "
				+ "where a.solution_id = '" + civento + "' and o.land_code = '06'");
		assertThat(expected).as("civento has more adopters in Hessen than a page").isGreaterThan(100);
		assertThat(hessen).hasSize((int) expected);
		assertThat(hessen).allSatisfy(node -> assertThat(landOf(node)).isEqualTo("06"));
		assertThat(allAdopters(civento, "060000000000", null)).as("the Land's ARS").hasSize((int) expected);
		assertThat(allAdopters(civento, "16", null)).isEmpty();

		// the Nutzer in a Land: the list with status LIVE and the per-Land count are one number
		List<Map<String, Object>> liveInHessen = allAdopters(civento, "06", "LIVE");
		assertThat(liveInHessen).isNotEmpty().allSatisfy(node -> assertThat(node.get("status")).isEqualTo("LIVE"));
		assertThat(byCode(adopters(civento), "laender").get("06").get("liveAdopters")).isEqualTo(liveInHessen.size());
	}

	@ParameterizedTest
	@ValueSource(strings = { "6", "17", "00", "99", "ab", "061", "", "0600000000", "Hessen" })
	void aLandIsOneOfTheSixteenLandCodes(String land) {
		assertError(execute(document("solutionAdoptersPage"), Map.of("id", civento(), "land", land)),
				"VALIDATION_FAILED", "land");
	}

	@Test
	void theUseIsPerLandOrKreisNotPerGemeinde() {
		assertError(execute(document("solutionUseByRegion"), Map.of("id", civento(), "level", "MUNICIPALITY")),
				"VALIDATION_FAILED", "level");
	}

	@Test
	void aPageOfSolutionsWithAdopterCountsAndUseByRegionCostsAConstantNumberOfStatements() {
		String document = """
				query($first: Int) { solutions(first: $first) { edges { node { id liveAdoptionCount adoptionCount
				  adopterCounts { status count } laender: useByRegion(level: STATE) { code region { name } liveAdopters }
				  kreise: useByRegion(level: DISTRICT) { code }
				  hessen: adoptions(first: 3, land: "06", status: LIVE) { totalCount edges { node { id } } } } } } }""";
		execute(document, Map.of("first", 1)).path("solutions.edges").hasValue();
		statements.reset();
		execute(document, Map.of("first", 2)).path("solutions.edges").hasValue();
		int forTwo = statements.count();
		statements.reset();
		execute(document, Map.of("first", 50)).path("solutions.edges").entityList(Object.class)
			.satisfies(edges -> assertThat(edges.size()).isGreaterThan(15));
		int forFifty = statements.count();
		// page, adopter counts (three fields, one loader), use per Land, use per Kreis, nested adoptions (page,
		// totals). 50 solutions with their Kreise fit in the cost limit (each may have 410 Kreise).
		assertThat(forTwo).as("statements for 2 solutions").isEqualTo(6);
		assertThat(forFifty).as("statements for 50 solutions").isEqualTo(6);
	}

	/**
	 * A new solution with adopters in every status: in Ahrweiler three live Gemeinden, one planned, one in
	 * progress, one interested, one discontinued; the Kreis Darmstadt-Dieburg and the Land Saarland live.
	 */
	private String solutionWithAdoptersInEveryStatus() {
		String solution = publishSolution(municipality("073150000000"), unique("Nutzer"), List.of(10160));
		List<String> gemeinden = db.sql("select id::text from organization where kind = 'MUNICIPALITY' "
				+ "and starts_with(ars, :kreis) order by ars limit 7")
			.bind("kreis", AHRWEILER)
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block();
		List<String> statuses = List.of("LIVE", "LIVE", "LIVE", "PLANNED", "IN_PROGRESS", "INTERESTED", "LIVE");
		for (int i = 0; i < statuses.size(); i++) {
			String adoption = recordAdoption(gemeinden.get(i), solution, statuses.get(i));
			if (i == 6) {
				execute("""
						mutation($input: UpdateAdoptionStatusInput!) { updateAdoptionStatus(input: $input) { adoption { status } } }""",
						Map.of("input", Map.of("id", adoption, "status", "DISCONTINUED")))
					.path("updateAdoptionStatus.adoption.status").entity(String.class).isEqualTo("DISCONTINUED");
			}
		}
		recordAdoption(organizationId(DARMSTADT_DIEBURG, "DISTRICT"), solution, "LIVE");
		recordAdoption(organizationId(SAARLAND, "STATE"), solution, "LIVE");
		return solution;
	}

	private String civento() {
		return db.sql("select id::text from solution where name like 'civento%'")
			.map(row -> row.get(0, String.class))
			.first()
			.block();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> adopters(String solution) {
		return execute(document("solutionAdopters"), Map.of("id", solution)).path("solution")
			.entity(Map.class)
			.get();
	}

	/** Every page of the solution's adoptions, 100 at a time, following {@code endCursor}. */
	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> allAdopters(String solution, String land, String status) {
		List<Map<String, Object>> nodes = new ArrayList<>();
		String after = null;
		int totalCount = -1;
		for (int page = 0; page < 20; page++) {
			Map<String, Object> variables = new HashMap<>();
			variables.put("id", solution);
			variables.put("land", land);
			variables.put("status", status);
			variables.put("after", after);
			Map<String, Object> connection = execute(document("solutionAdoptersPage"), variables)
				.path("solution.adoptions")
				.entity(Map.class)
				.get();
			totalCount = (Integer) connection.get("totalCount");
			List<Map<String, Object>> edges = (List<Map<String, Object>>) connection.get("edges");
			assertThat(edges.size()).isLessThanOrEqualTo(100);
			edges.forEach(edge -> nodes.add((Map<String, Object>) edge.get("node")));
			Map<String, Object> pageInfo = (Map<String, Object>) connection.get("pageInfo");
			if (!(Boolean) pageInfo.get("hasNextPage")) {
				break;
			}
			after = (String) pageInfo.get("endCursor");
		}
		assertThat(nodes).as("the pages hold totalCount adoptions").hasSize(totalCount);
		return nodes;
	}

	@SuppressWarnings("unchecked")
	private static String landOf(Map<String, Object> node) {
		Map<String, Object> organization = (Map<String, Object>) node.get("organization");
		Map<String, Object> land = (Map<String, Object>) organization.get("land");
		return ((String) ((land != null) ? land.get("ars") : organization.get("ars"))).substring(0, 2);
	}

	private static Map<String, Object> count(String status, int count) {
		assertThat(STATUSES).contains(status);
		return Map.of("status", status, "count", count);
	}

	@SuppressWarnings("unchecked")
	private static int total(Map<String, Object> data, String alias) {
		return (Integer) ((Map<String, Object>) data.get(alias)).get("totalCount");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> byCode(Map<String, Object> data, String alias) {
		Map<String, Map<String, Object>> rows = new HashMap<>();
		Set<String> seen = new HashSet<>();
		for (Map<String, Object> row : (List<Map<String, Object>>) data.get(alias)) {
			assertThat(seen.add((String) row.get("code"))).as("one row per region").isTrue();
			rows.put((String) row.get("code"), row);
		}
		return rows;
	}

	/** The non-zero values of one field per region code. */
	private static Map<String, Long> field(Map<String, Map<String, Object>> rows, String field) {
		Map<String, Long> values = new HashMap<>();
		rows.forEach((code, row) -> {
			long value = ((Number) row.get(field)).longValue();
			if (value != 0) {
				values.put(code, value);
			}
		});
		return values;
	}

	/**
	 * The definition, evaluated on the raw tables: a Gemeinde is covered if a live adoption's area (V7's
	 * organization_area) is a prefix of its ARS; counted per region, each Gemeinde once.
	 */
	private Map<String, Long> bruteForceCovered(String solution, int digits, String what) {
		return perRegion("""
				select left(g.ars, :digits) as code, count(*) as n, sum(coalesce(g.population, 0)) as population
				from organization g
				where g.kind = 'MUNICIPALITY' and exists (
				    select 1 from adoption a join organization o on o.id = a.organization_id
				    where a.solution_id = :id::uuid and a.status = 'LIVE'
				      and starts_with(g.ars, organization_area(o.kind, o.ars, o.land_code)))
				group by 1""", solution, digits, what);
	}

	/** Live adopters whose own area lies in the region. */
	private Map<String, Long> bruteForceLiveAdopters(String solution, int digits) {
		return perRegion("""
				select left(organization_area(o.kind, o.ars, o.land_code), :digits) as code,
				       count(distinct o.id) as n
				from adoption a join organization o on o.id = a.organization_id
				where a.solution_id = :id::uuid and a.status = 'LIVE'
				  and length(organization_area(o.kind, o.ars, o.land_code)) >= :digits
				group by 1""", solution, digits, "n");
	}

	private Map<String, Long> perRegion(String sql, String solution, int digits, String column) {
		Map<String, Long> values = new HashMap<>();
		db.sql(sql)
			.bind("id", solution)
			.bind("digits", digits)
			.map(row -> Map.entry(row.get("code", String.class), ((Number) row.get(column)).longValue()))
			.all()
			.doOnNext(entry -> values.put(entry.getKey(), entry.getValue()))
			.blockLast();
		return values;
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
