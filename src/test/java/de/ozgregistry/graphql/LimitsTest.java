package de.ozgregistry.graphql;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsTest extends ApiTest {

	@Autowired
	private WebTestClient web;

	private static final String DEEP = """
			{ organization(ars: "073150000000") { children(first: 100) { edges { node { parent { children(first: 100) {
			  edges { node { parent { children(first: 100) { edges { node { name } } } } } } } } } } } } }""";

	@Test
	void theDeepChildrenQueryFailsBeforeTouchingTheDatabaseEvenWhenItsDocumentIsCached() {
		for (int attempt = 0; attempt < 2; attempt++) {
			statements.reset();
			assertError(execute(DEEP), "QUERY_TOO_COMPLEX", null);
			assertThat(statements.count()).as("SQL statements").isZero();
		}
	}

	@Test
	void deeperQueriesFailToo() {
		String deeper = DEEP.replace("{ name }", "{ parent { children(first: 2) { edges { node { name } } } } }");
		assertError(execute(deeper), "QUERY_TOO_COMPLEX", null);
	}

	@Test
	void aWideButShallowQueryIsRefusedForItsComplexity() {
		String wide = """
				{ solutions(first: 100) { edges { node { adoptions(first: 100) { edges { node { organization {
				  children(first: 100) { totalCount edges { node { name } } } } } } } } } } }""";
		statements.reset();
		assertError(execute(wide), "QUERY_TOO_COMPLEX", null);
		assertThat(statements.count()).isZero();
	}

	@Test
	void theAcceptanceQueriesStayWithinTheLimits() {
		execute("""
				{ solutions(first: 100) { totalCount edges { cursor node { id name version adoptionCount provider { name ars }
				  ozgServices { ozgId } } } pageInfo { hasNextPage endCursor } } }""").errors().verify();
	}

	@Test
	void pagesAbove100AreAValidationErrorOnEveryConnection() {
		for (String query : new String[] { "{ ozgServices(first: 1000) { totalCount } }",
				"{ organizations(first: 1000) { totalCount } }", "{ solutions(first: 1000) { totalCount } }",
				"{ adoptions(first: 1000) { totalCount } }",
				"{ ozgService(ozgId: 10160) { solutions(first: 1000) { totalCount } } }" }) {
			assertError(execute(query), "VALIDATION_FAILED", "first");
		}
	}

	@Test
	void anOversizedDocumentIsRefusedBeforeParsing() {
		String huge = "{ themenfelder { name } }" + " ".repeat(25_000);
		assertError(execute(huge), "QUERY_TOO_COMPLEX", null);
	}

	@Test
	void aDocumentWithTooManyOperationsIsRefused() {
		StringBuilder document = new StringBuilder();
		for (int i = 0; i < 11; i++) {
			document.append("query q").append(i).append(" { themenfelder { name } }\n");
		}
		var response = graphQl.mutate().headers(h -> h.setBearerAuth(ADMIN_TOKEN)).build()
			.document(document.toString()).operationName("q0").execute();
		assertError(response, "QUERY_TOO_COMPLEX", null);
	}

	@Test
	void aRequestBodyUpTo1MbIsReadAndALargerOneGets413() {
		String document = "query($pad: String!) { leikaService(key: $pad) { name } }";
		web.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", document, "variables", Map.of("pad", "0".repeat(600_000))))
			.exchange()
			.expectStatus().isOk();
		web.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", document, "variables", Map.of("pad", "0".repeat(2_000_000))))
			.exchange()
			.expectStatus().isEqualTo(413)
			.expectBody(String.class).value(body -> assertThat(body).contains("QUERY_TOO_COMPLEX"));
	}

	@Test
	void aRequestWithATokenMayCarryAnImportsFileUpTo32Mb() {
		String document = "query($pad: String!) { leikaService(key: $pad) { name } }";
		web.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
			.headers(headers -> headers.setBearerAuth(ADMIN_TOKEN))
			.bodyValue(Map.of("query", document, "variables", Map.of("pad", "0".repeat(2_000_000))))
			.exchange()
			.expectStatus().isOk();
		web.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
			.headers(headers -> headers.setBearerAuth(ADMIN_TOKEN))
			.bodyValue(Map.of("query", document, "variables", Map.of("pad", "0".repeat(34_000_000))))
			.exchange()
			.expectStatus().isEqualTo(413)
			.expectBody(String.class).value(body -> assertThat(body).contains("QUERY_TOO_COMPLEX"));
	}

	@Test
	void onlyAMutationOfImportsGetsTheImportsTimeLimit() {
		assertThat(QueryLimits.importsOnly("mutation { importAdoptions(input: $i) { report { applied } } }", null))
			.isTrue();
		assertThat(QueryLimits.importsOnly("mutation A { importCatalogue(input: $i) { report { applied } } } "
				+ "query B { importantThings }", "A")).isTrue();
		assertThat(QueryLimits.importsOnly("mutation { importAdoptions(input: $i) { report { applied } } "
				+ "publishSolution(input: $p) { solution { id } } }", null)).isFalse();
		assertThat(QueryLimits.importsOnly("query { importAdoptions }", null)).isFalse();
		assertThat(QueryLimits.importsOnly("mutation { importAdoptions(", null)).isFalse();
		assertThat(QueryLimits.importsOnly("mutation A { importCatalogue(input: $i) { report { applied } } } "
				+ "mutation B { importCatalogue(input: $i) { report { applied } } }", null)).isFalse();
	}

	@Test
	void introspectionIsOnByDefault() {
		execute("{ __schema { queryType { name } } }").path("__schema.queryType.name").entity(String.class)
			.isEqualTo("Query");
	}

	@Test
	void theStatementCounterSeesTheStatementsOfAnAllowedQuery() {
		statements.reset();
		execute("{ ozgService(ozgId: 10000) { name leikaServices { key } } }").errors().verify();
		assertThat(statements.count()).isEqualTo(2);
	}

	@Test
	void theProbesAmplificationDocumentIsRefusedBeforeAnythingIsFetched() {
		statements.reset();
		var response = executeAs(null, ListSizesTest.PROBE, Map.of());
		assertError(response, "QUERY_TOO_COMPLEX", null);
		response.errors().satisfy(errors -> assertThat(errors.get(0).getMessage()).contains("estimated cost"));
		assertThat(statements.count()).as("SQL statements").isZero();
	}

	@Test
	void aGemeindeLevelCoverageOfOneLandWithEveryFieldStillWorks() {
		long hessen = count("select count(*) from organization where kind = 'MUNICIPALITY' and ars like '06%'");
		executeAs(null, """
				{ coverage(ozgId: 10000, level: MUNICIPALITY, within: "06") { region { ars name } municipalityCount
				  coveredMunicipalities municipalityShare population populationCovered populationShare flaechendeckend } }""",
				Map.of())
			.path("coverage")
			.entityList(Object.class)
			.hasSize((int) hessen);
	}

	@Test
	void theKreisLevelCoverageOfTheWholeCountryStillWorks() {
		execute("""
				{ coverage(ozgId: 10160, level: DISTRICT) { region { ars name } municipalityCount coveredMunicipalities
				  municipalityShare population populationCovered populationShare flaechendeckend } }""")
			.path("coverage")
			.entityList(Object.class)
			.satisfies(rows -> assertThat(rows).hasSizeBetween(390, 410));
	}

	@Test
	void theRegionSizesOfTheEstimateBoundTheSeededGeography() {
		assertThat(count("select count(*) from organization where kind = 'STATE'")).isLessThanOrEqualTo(ListSizes.STATES[0]);
		assertThat(count("select count(*) from organization where kind = 'DISTRICT'"))
			.isLessThanOrEqualTo(ListSizes.DISTRICTS[0]);
		assertThat(count("select count(*) from organization where kind = 'MUNICIPALITY'"))
			.isLessThanOrEqualTo(ListSizes.MUNICIPALITIES[0]);
		assertThat(count("""
				select max(n) from (select count(*) as n from organization where kind = 'DISTRICT'
				group by left(ars, 2)) k""")).isLessThanOrEqualTo(ListSizes.DISTRICTS[1]);
		for (int digits : new int[] { 2, 5, 9 }) {
			assertThat(count("select max(n) from (select count(*) as n from organization where kind = 'MUNICIPALITY'"
					+ " group by left(ars, " + digits + ")) g"))
				.as("Gemeinden within a prefix of " + digits)
				.isLessThanOrEqualTo(ListSizes.MUNICIPALITIES[digits == 2 ? 1 : digits == 5 ? 2 : 3]);
		}
		assertThat(count("select count(*) from themenfeld")).isLessThanOrEqualTo(ListSizes.THEMENFELDER);
		assertThat(count("select max(n) from (select count(*) as n from lebenslage group by themenfeld) l"))
			.isLessThanOrEqualTo(ListSizes.LEBENSLAGEN_PER_THEMENFELD);
	}

	@Test
	void listsLongerThanTheirEstimateAreStoppedWhileRunningByTheirValues() {
		// OZG-Leistung 10069 has 318 LeiKa-Leistungen, the estimate assumes 20: 50 × 318 × 5 values
		String document = aliases(50, "ozgService(ozgId: 10069) { leikaServices { key name leikaType legalBasis } }");
		assertThat(TestSchema.estimate(document).cost()).as("estimate").isLessThan(50_000);
		Map<String, Object> response = post(document);
		assertThat(response).doesNotContainKey("data");
		assertThat(errors(response)).singleElement().satisfies(error -> {
			assertThat(error.get("message")).asString().contains("longer than estimated");
			assertThat(error.get("extensions")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("code", "QUERY_TOO_COMPLEX");
		});
	}

	@Test
	void listsLongerThanTheirEstimateAreStoppedWhileRunningByTheirRows() {
		String document = aliases(90, "ozgService(ozgId: 10069) { leikaServices { key } }");
		assertThat(TestSchema.estimate(document).rows()).as("estimate").isLessThan(25_000);
		Map<String, Object> response = post(document);
		assertThat(response).doesNotContainKey("data");
		assertThat(errors(response)).singleElement().satisfies(error -> {
			assertThat(error.get("message")).asString().contains("list items");
			assertThat(error.get("extensions")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("code", "QUERY_TOO_COMPLEX");
		});
	}

	/** Posts a document as the admin with a generous timeout (a stopped query has done some work). */
	@SuppressWarnings("unchecked")
	private Map<String, Object> post(String document) {
		return web.mutate()
			.responseTimeout(Duration.ofSeconds(60))
			.build()
			.post()
			.uri("/graphql")
			.headers(headers -> headers.setBearerAuth(ADMIN_TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", document))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> errors(Map<String, Object> response) {
		return (List<Map<String, Object>>) response.get("errors");
	}

	@Test
	void introspectionAskedForTheSchemaTwiceIsTooComplexNotInternal() {
		statements.reset();
		assertError(executeAs(null, "{ a: __schema { types { name } } b: __schema { types { name } } }", Map.of()),
				"QUERY_TOO_COMPLEX", null);
		assertThat(statements.count()).isZero();
	}

	@Test
	void aThousandRepeatedDirectivesGiveTenErrorsAndACount() {
		// graphql-java stops validating after 100 errors; 31 kB of them before the cap
		String document = "{ __typename" + " @skip(if: false)".repeat(1000) + " }";
		var response = executeAs(null, document, Map.of());
		response.errors().satisfy(errors -> {
			assertThat(errors).hasSize(11);
			assertThat(errors).allSatisfy(error -> assertThat(error.getExtensions()).containsKey("code"));
			var last = errors.get(10);
			assertThat(last.getExtensions()).containsEntry("code", "VALIDATION_FAILED");
			assertThat(((Number) last.getExtensions().get("omittedErrors")).intValue()).isGreaterThan(50);
			assertThat(last.getMessage()).contains("left out");
		});
	}

	private static String aliases(int count, String field) {
		StringBuilder document = new StringBuilder("{");
		for (int i = 0; i < count; i++) {
			document.append(" a").append(i).append(": ").append(field);
		}
		return document.append(" }").toString();
	}

	@Test
	void theServerKeepsServingAfterRefusals() {
		assertError(execute(DEEP), "QUERY_TOO_COMPLEX", null);
		execute("{ ozgService(ozgId: 10000) { name } }", Map.of()).path("ozgService.name").entity(String.class)
			.isEqualTo("Elterngeld");
	}

}
