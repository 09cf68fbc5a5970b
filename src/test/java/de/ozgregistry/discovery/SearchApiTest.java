package de.ozgregistry.discovery;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class SearchApiTest extends ApiTest {

	private static final String SEARCH = """
			query($q: String!, $f: SearchFilter, $first: Int, $after: String) {
			  search(query: $q, filter: $f, first: $first, after: $after) { totalCount
			    edges { cursor node { score highlight item { __typename ... on OzgService { ozgId name }
			      ... on LeikaService { key name } ... on Solution { id name } ... on Organization { ars name kind } } } }
			    pageInfo { hasNextPage endCursor } } }""";

	private static final String ANSWER = """
			query($q: String!, $f: SearchFilter, $first: Int, $after: String) {
			  searchAnswer(query: $q, filter: $f) { sectionOrder
			    ozgServices(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
			      edges { node { score highlight ozgService { ozgId name }
			        leikaServices(first: 3) { totalCount edges { node { highlight item { ... on LeikaService { key } } } } }
			        solutions(first: 5) { totalCount edges { node { liveAdoptersInViewerLand
			          solution { name liveAdoptionCount provider { name } maturity { level } } } } } } } }
			    solutions(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
			      edges { node { item { ... on Solution { id name } } } } }
			    organizations(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
			      edges { node { item { ... on Organization { ars name } } } } }
			    facets { name values { value count } } } }""";

	private List<String> top(String query, int n) {
		return execute(SEARCH, Map.of("q", query, "first", n))
			.path("search.edges[*].node.item")
			.entityList(Map.class)
			.get()
			.stream()
			.map(item -> SearchItems.id(item, name -> name))
			.toList();
	}

	@Test
	void theAcceptanceQueryFindsHundesteuerAmongTheFirstThree() {
		var response = execute("""
				{ search(query: "hundsteuer", first: 5) { totalCount edges { node { score highlight item { __typename
				  ... on OzgService { ozgId name } ... on LeikaService { key name } ... on Solution { id name }
				  ... on Organization { ars name } } } } } }""");
		response.path("search.totalCount").entity(Integer.class).satisfies(n -> assertThat(n).isPositive());
		assertThat(top("hundsteuer", 3)).containsAnyOf("leika:99102013000000", "ozg:10160");
	}

	@ParameterizedTest
	@CsvSource({ "Führerschein,Fuehrerschein", "Straßenverkehr,Strassenverkehr", "Bußgeld,Bussgeld",
			"Grundsteuer,GRUNDSTEUER", "Einbürgerung,einbuergerung" })
	void umlautsAndSharpSMatchTheirTransliterationsInBothDirections(String original, String transliterated) {
		List<String> a = top(original, 5);
		assertThat(a).isNotEmpty();
		assertThat(top(transliterated, 5)).isEqualTo(a);
	}

	@Test
	void typosStillFindTheService() {
		assertThat(top("elterngled", 3)).contains("ozg:10000");
		assertThat(top("wohngel", 3)).contains("ozg:10092");
	}

	@Test
	void prefixesFindServicesForTypeAhead() {
		assertThat(top("hundest", 3)).contains("leika:99102013000000");
		assertThat(top("Führersch", 3)).contains("ozg:10169");
	}

	@ParameterizedTest
	@CsvSource({ "10160,ozg:10160", "99102013000000,leika:99102013000000", "073150000000,ars:073150000000",
			"07315000,ars:073150000000", "07315,ars:073150000000", "06,ars:060000000000" })
	void officialKeysFindTheirRecordFirst(String key, String expected) {
		var response = execute(SEARCH, Map.of("q", key, "first", 1));
		response.path("search.edges[0].node.score").entity(Double.class).satisfies(s -> assertThat(s).isGreaterThan(100));
		assertThat(top(key, 1)).containsExactly(expected);
	}

	@Test
	void synonymsOfficialsUseFindTheOfficialService() {
		assertThat(top("Ummeldung", 3)).anyMatch(id -> id.equals("ozg:10124") || id.startsWith("leika:99115005"));
		execute(SEARCH, Map.of("q", "Ummeldung", "first", 1)).path("search.edges[0].node.highlight")
			.entity(String.class).satisfies(h -> assertThat(h).containsIgnoringCase("<em>Wohnsitz"));
	}

	@Test
	void highlightsAreEscapedAndMarkTheMatchedWords() {
		String mainz = municipality("073150000000");
		publishSolution(mainz, "Hundesteuer <b>online</b> & mehr", List.of(10160));
		execute(SEARCH, Map.of("q", "Hundesteuer online mehr", "first", 1,
				"f", Map.of("kinds", List.of("SOLUTION")))).path("search.edges[0].node.highlight")
			.entity(String.class)
			.isEqualTo("<em>Hundesteuer</em> &lt;b&gt;<em>online</em>&lt;/b&gt; &amp; <em>mehr</em>");
	}

	@Test
	void aNewlyPublishedSolutionIsFoundAtOnce() {
		String name = unique("Zauberformular");
		publishSolution(municipality("073150000000"), name, List.of(10001));
		assertThat(top(name, 1)).containsExactly("solution:" + name);
	}

	@Test
	void cachedResultsAreDroppedWhenTheDataChanges() {
		String name = unique("Wunderdienst");
		assertThat(top(name, 3)).doesNotContain("solution:" + name);
		assertThat(top(name, 3)).doesNotContain("solution:" + name);
		publishSolution(municipality("073150000000"), name, List.of(10001));
		assertThat(top(name, 1)).containsExactly("solution:" + name);
	}

	@Test
	void filtersNarrowTheResults() {
		String query = "steuer";
		execute(SEARCH, Map.of("q", query, "first", 50, "f", Map.of("kinds", List.of("OZG_SERVICE"))))
			.path("search.edges[*].node.item.__typename").entityList(String.class)
			.satisfies(kinds -> assertThat(kinds).isNotEmpty().allMatch("OzgService"::equals));
		execute(SEARCH, Map.of("q", "Mainz", "first", 50, "f", Map.of("land", "07", "kinds", List.of("ORGANIZATION"))))
			.path("search.edges[*].node.item.ars").entityList(String.class)
			.satisfies(ars -> assertThat(ars).isNotEmpty().allMatch(a -> a.startsWith("07")));
		execute(SEARCH, Map.of("q", "Elterngeld", "first", 50, "f", Map.of("themenfeld", 6)))
			.path("search.totalCount").entity(Integer.class).satisfies(n -> assertThat(n).isPositive());
		execute(SEARCH, Map.of("q", "Elterngeld", "first", 50, "f", Map.of("themenfeld", 13)))
			.path("search.totalCount").entity(Integer.class).isEqualTo(0);
		for (Map<String, Object> filter : List.<Map<String, Object>>of(Map.of("reuseModel", "SHARED_PLATFORM"),
				Map.of("lifecycle", "PRODUCTION"), Map.of("minMaturity", 3), Map.of("openLicence", false))) {
			execute(SEARCH, Map.of("q", "civento", "first", 5, "f", filter)).path("search.edges[*].node.item.name")
				.entityList(String.class).satisfies(names -> assertThat(names).anyMatch(n -> n.startsWith("civento")));
		}
		for (Map<String, Object> filter : List.<Map<String, Object>>of(Map.of("reuseModel", "OPEN_SOURCE"),
				Map.of("lifecycle", "PILOT"), Map.of("minMaturity", 4), Map.of("openLicence", true))) {
			execute(SEARCH, Map.of("q", "civento", "first", 5, "f", filter)).path("search.edges[*].node.item.name")
				.entityList(String.class).satisfies(names -> assertThat(names).noneMatch(n -> n.startsWith("civento")));
		}
	}

	@Test
	void facetsCountAllResults() {
		var response = execute("""
				{ search(query: "hund", first: 1) { totalCount facets { name values { value label count } } } }""");
		int total = response.path("search.totalCount").entity(Integer.class).get();
		response.path("search.facets[*].name").entityList(String.class)
			.containsExactly("kind", "themenfeld", "land", "maturity", "reuseModel", "lifecycle", "openLicence");
		response.path("search.facets[0].values[*].count").entityList(Integer.class)
			.satisfies(counts -> assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(total));
		response.path("search.facets[?(@.name == 'land')].values[*].label").entityList(String.class)
			.satisfies(labels -> assertThat(labels).contains("Rheinland-Pfalz"));
	}

	@Test
	void pagingThroughResultsVisitsEachOnce() {
		var first = execute(SEARCH, Map.of("q", "steuer", "first", 10));
		int total = first.path("search.totalCount").entity(Integer.class).get();
		List<String> seen = new java.util.ArrayList<>(first.path("search.edges[*].node.highlight")
			.entityList(String.class).get());
		String after = first.path("search.pageInfo.endCursor").entity(String.class).get();
		var second = execute(SEARCH, Map.of("q", "steuer", "first", 10, "after", after));
		assertThat(total).isGreaterThan(20);
		second.path("search.edges").entityList(Object.class).hasSize(10);
		second.path("search.edges[0].cursor").entity(String.class).satisfies(c -> assertThat(c).isNotEqualTo(after));
	}

	@Test
	void emptyAndOverlongQueriesAreValidationErrors() {
		assertError(execute(SEARCH, Map.of("q", "  ")), "VALIDATION_FAILED", "query");
		assertError(execute(SEARCH, Map.of("q", "x".repeat(201))), "VALIDATION_FAILED", "query");
		assertError(execute(SEARCH, Map.of("q", "a", "f", Map.of("land", "99"))), "VALIDATION_FAILED", "filter.land");
	}

	@Test
	void queryOperatorsAreTreatedAsText() {
		for (String query : List.of("hund & | ! :* ( )", "'; drop table search_entry; --", "<->", "\\")) {
			execute(SEARCH, Map.of("q", query)).errors().verify();
		}
		assertThat(count("select count(*) from search_entry")).isGreaterThan(16900);
	}

	@Test
	void theFirstGroupForHundesteuerIsHundehaltungWithCivento() {
		var response = execute(ANSWER, Map.of("q", "Hundesteuer", "first", 10));
		response.path("searchAnswer.sectionOrder[0]").entity(String.class).isEqualTo("OZG_SERVICE");
		response.path("searchAnswer.ozgServices.edges[0].node.ozgService.ozgId").entity(Integer.class).isEqualTo(10160);
		response.path("searchAnswer.ozgServices.edges[0].node.leikaServices.edges[0].node.item.key")
			.entity(String.class).isEqualTo("99102013000000");
		response.path("searchAnswer.ozgServices.edges[0].node.solutions.edges[*].node.solution.name")
			.entityList(String.class).satisfies(names -> assertThat(names).anyMatch(n -> n.startsWith("civento")));
		response.path("searchAnswer.ozgServices.edges[0].node.solutions.edges[0].node.solution.provider.name")
			.entity(String.class).satisfies(name -> assertThat(name).isNotBlank());
	}

	@Test
	void anOzgServiceFoundOnlyBySimilarityRanksBelowARealHit() {
		// Kaffeesteuer (10365) is similar to "Hundesteuer" but does not contain it; it may come, but after 10160
		var response = execute("""
				{ searchAnswer(query: "Hundesteuer") { ozgServices(first: 20) { edges { node { matchesAllWords
				  ozgService { ozgId } } } } } }""");
		List<Integer> ozgIds = response.path("searchAnswer.ozgServices.edges[*].node.ozgService.ozgId")
			.entityList(Integer.class).get();
		List<Boolean> all = response.path("searchAnswer.ozgServices.edges[*].node.matchesAllWords")
			.entityList(Boolean.class).get();
		assertThat(ozgIds).first().isEqualTo(10160);
		assertThat(all).first().isEqualTo(true);
		assertThat(ozgIds).contains(10365);
		assertThat(all.get(ozgIds.indexOf(10365))).isFalse();
		// those with every word first
		assertThat(all.indexOf(false)).isGreaterThan(all.lastIndexOf(true));
	}

	@Test
	void autoAnmeldenLeadsToTheKfzZulassung() {
		execute(ANSWER, Map.of("q", "Auto anmelden", "first", 3))
			.path("searchAnswer.ozgServices.edges[0].node.ozgService.ozgId").entity(Integer.class).isEqualTo(10439);
	}

	@Test
	void nameAndKeyMatchesOfOrganizationsAndSolutionsComeFirst() {
		var mainz = execute(ANSWER, Map.of("q", "Mainz", "first", 3));
		mainz.path("searchAnswer.sectionOrder[0]").entity(String.class).isEqualTo("ORGANIZATION");
		mainz.path("searchAnswer.organizations.edges[0].node.item.ars").entity(String.class).isEqualTo("073150000000");
		execute(ANSWER, Map.of("q", "civento", "first", 3)).path("searchAnswer.sectionOrder[0]")
			.entity(String.class).isEqualTo("SOLUTION");
	}

	@Test
	void everyFacetCountIsWhatTheListsCanShow() {
		for (String query : List.of("Baugenehmigung", "Hundesteuer", "Elterngeld")) {
			var response = execute(ANSWER, Map.of("q", query, "first", 1));
			Map<String, Integer> totals = Map.of("OZG_SERVICE", total(response, "ozgServices"), "SOLUTION",
					total(response, "solutions"), "ORGANIZATION", total(response, "organizations"));
			List<Map> facets = response.path("searchAnswer.facets").entityList(Map.class).get();
			for (Map<?, ?> facet : facets) {
				for (Object v : (List<?>) facet.get("values")) {
					Map<?, ?> value = (Map<?, ?>) v;
					String name = (String) facet.get("name");
					int count = (Integer) value.get("count");
					if (name.equals("kind")) {
						assertThat(totals.get((String) value.get("value"))).as(query + " kind " + value).isEqualTo(count);
						continue;
					}
					Map<String, Object> filter = Map.of(filterKey(name), filterValue(name, (String) value.get("value")));
					var filtered = execute(ANSWER, Map.of("q", query, "first", 1, "f", filter));
					assertThat(total(filtered, "ozgServices") + total(filtered, "solutions")
							+ total(filtered, "organizations")).as(query + " " + name + " " + value).isEqualTo(count);
				}
			}
		}
	}

	@Test
	void everySolutionTheFacetCountsCanBeListedPageByPage() {
		// the finding: "Baugenehmigung" counted 5 solutions in the facet but listed 1
		var response = execute(ANSWER, Map.of("q", "Baugenehmigung", "first", 2));
		int counted = response.path("searchAnswer.facets[?(@.name == 'kind')].values[?(@.value == 'SOLUTION')].count")
			.entityList(Integer.class).get().get(0);
		assertThat(counted).isGreaterThanOrEqualTo(5);
		java.util.Set<String> seen = new java.util.LinkedHashSet<>();
		String after = null;
		do {
			Map<String, Object> variables = new java.util.HashMap<>(Map.of("q", "Baugenehmigung", "first", 2));
			if (after != null) {
				variables.put("after", after);
			}
			var page = execute("""
					query($q: String!, $first: Int, $after: String) { searchAnswer(query: $q) {
					  solutions(first: $first, after: $after) { pageInfo { hasNextPage endCursor }
					    edges { node { item { ... on Solution { id } } } } } } }""", variables);
			seen.addAll(page.path("searchAnswer.solutions.edges[*].node.item.id").entityList(String.class).get());
			after = page.path("searchAnswer.solutions.pageInfo.hasNextPage").entity(Boolean.class).get()
					? page.path("searchAnswer.solutions.pageInfo.endCursor").entity(String.class).get() : null;
		}
		while (after != null);
		assertThat(seen).hasSize(counted);
	}

	@Test
	void theLeikaServicesFoldedUnderAnOzgServicePageToTheirTotal() {
		String document = """
				query($after: String) { searchAnswer(query: "Hundesteuer") { ozgServices(first: 1) { edges { node {
				  leikaServices(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor }
				    edges { node { item { ... on LeikaService { id } } } } } } } } } }""";
		java.util.Set<String> seen = new java.util.LinkedHashSet<>();
		String after = null;
		int total;
		do {
			Map<String, Object> variables = new java.util.HashMap<>();
			if (after != null) {
				variables.put("after", after);
			}
			var page = execute(document, variables);
			String path = "searchAnswer.ozgServices.edges[0].node.leikaServices";
			total = page.path(path + ".totalCount").entity(Integer.class).get();
			seen.addAll(page.path(path + ".edges[*].node.item.id").entityList(String.class).get());
			after = page.path(path + ".pageInfo.hasNextPage").entity(Boolean.class).get()
					? page.path(path + ".pageInfo.endCursor").entity(String.class).get() : null;
		}
		while (after != null);
		assertThat(total).isGreaterThan(4);
		assertThat(seen).hasSize(total);
	}

	@Test
	void solutionsOfAnAnswerCountLiveAdoptersInTheViewersLand() {
		String darmstadt = municipality("064110000000");
		String query = "query { searchAnswer(query: \"Hundesteuer\") { ozgServices(first: 1) { edges { node {"
				+ " solutions(first: 20) { edges { node { liveAdoptersInViewerLand solution { id name } } } } } } } } }";
		String path = "searchAnswer.ozgServices.edges[0].node.solutions.edges[*].node";
		List<Map> anonymous = executeAs(null, query, Map.of()).path(path).entityList(Map.class).get();
		assertThat(anonymous).isNotEmpty().allMatch(use -> use.get("liveAdoptersInViewerLand") == null);
		List<Map> hessen = executeAs(issueToken(darmstadt, "PUBLISHER"), query, Map.of()).path(path)
			.entityList(Map.class).get();
		for (Map<?, ?> use : hessen) {
			String id = (String) ((Map<?, ?>) use.get("solution")).get("id");
			long expected = count("select count(*) from adoption a join organization o on o.id = a.organization_id "
					+ "where a.status = 'LIVE' and o.land_code = '06' and a.solution_id = '" + id + "'");
			assertThat(((Number) use.get("liveAdoptersInViewerLand")).longValue()).as(use.toString()).isEqualTo(expected);
		}
		assertThat(hessen).anyMatch(use -> ((Number) use.get("liveAdoptersInViewerLand")).intValue() > 0);
	}

	@Test
	void aPageOfTheAnswerWithNestedListsCostsAFixedNumberOfStatements() {
		String document = """
				query($first: Int) { searchAnswer(query: "steuer") { sectionOrder
				  ozgServices(first: $first) { totalCount edges { node { ozgService { name }
				    leikaServices(first: 3) { totalCount edges { node { highlight } } }
				    solutions(first: 3) { totalCount edges { node { liveAdoptersInViewerLand
				      solution { name liveAdoptionCount provider { name } } } } } } } }
				  solutions(first: $first) { totalCount edges { node { highlight } } }
				  organizations(first: $first) { totalCount edges { node { highlight } } } } }""";
		execute(document, Map.of("first", 1)).path("searchAnswer.ozgServices.totalCount").entity(Integer.class)
			.satisfies(n -> assertThat(n).isGreaterThan(40));
		// OZG-Leistungen, LeiKa-Leistungen, solutions of the OZG-Leistungen (ranked, totals, records), provider,
		// adoption counts, the solution and organization sections (the answer itself is cached by the first call).
		// The counter sees the whole shared pool: a statement of another test's background work can fall into one
		// run, so the least of three runs is the request's own count.
		int least = Integer.MAX_VALUE;
		for (int run = 0; run < 3; run++) {
			statements.reset();
			execute(document, Map.of("first", 40)).path("searchAnswer.ozgServices.edges").entityList(Object.class)
				.hasSize(40);
			least = Math.min(least, statements.count());
		}
		assertThat(least).as("statements for 40 OZG-Leistungen").isLessThanOrEqualTo(10);
	}

	@Test
	void theAnswerRefusesWhatSearchRefuses() {
		assertError(execute(ANSWER, Map.of("q", "  ")), "VALIDATION_FAILED", "query");
		assertError(execute(ANSWER, Map.of("q", "a", "f", Map.of("land", "99"))), "VALIDATION_FAILED", "filter.land");
		assertError(execute("""
				{ searchAnswer(query: "hund") { ozgServices(after: "bm90LWEtY3Vyc29y") { totalCount } } }"""),
				"VALIDATION_FAILED", "after");
	}

	private static int total(org.springframework.graphql.test.tester.GraphQlTester.Response response, String list) {
		return response.path("searchAnswer." + list + ".totalCount").entity(Integer.class).get();
	}

	private static String filterKey(String facet) {
		return facet.equals("maturity") ? "minMaturity" : facet;
	}

	private static Object filterValue(String facet, String value) {
		return switch (facet) {
			case "themenfeld", "maturity" -> Integer.valueOf(value);
			case "openLicence" -> Boolean.valueOf(value);
			default -> value;
		};
	}

}
