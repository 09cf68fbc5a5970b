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

}
