package de.ozgregistry.graphql;

import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsTest extends ApiTest {

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
				  children(first: 100) { totalCount } } } } } } } } }""";
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
	void theServerKeepsServingAfterRefusals() {
		assertError(execute(DEEP), "QUERY_TOO_COMPLEX", null);
		execute("{ ozgService(ozgId: 10000) { name } }", Map.of()).path("ozgService.name").entity(String.class)
			.isEqualTo("Elterngeld");
	}

}
