package de.ozgregistry.graphql;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;
import de.ozgregistry.support.Npm;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standard introspection query of graphql-js (what GraphiQL, GraphQL Code Generator and Postman send) is answered
 * anonymously, while deep or repeated introspection and deep data queries are still refused.
 */
class IntrospectionTest extends ApiTest {

	@LocalServerPort
	private int port;

	/** The exact document graphql-js 16 produces, printed by the npm package itself. */
	private static String standardIntrospectionQuery() {
		Npm.Result printed = Npm.node(Duration.ofMinutes(1), "introspection.mjs");
		assertThat(printed.exitCode()).as(printed.output()).isZero();
		return printed.stdout();
	}

	@Test
	void graphqlJsBuildsAClientSchemaFromTheAnswerToItsStandardIntrospectionQuery() {
		Npm.Result result = Npm.node(Duration.ofMinutes(2), "introspection.mjs",
				"http://localhost:" + port + "/graphql");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stdout()).contains("\"queryType\":\"Query\"", "\"hasOzgService\":true");
	}

	@Test
	void theStandardIntrospectionQueryNests15LevelsAndPassesTheLimitsAnonymously() {
		String document = standardIntrospectionQuery();
		QueryCost.Estimate estimate = TestSchema.estimate(document);
		assertThat(estimate.introspectionDepth()).isEqualTo(15);
		assertThat(estimate.depth()).isZero();
		executeAs(null, document, Map.of()).errors().verify().path("__schema.queryType.name").entity(String.class)
			.isEqualTo("Query");
	}

	@Test
	void aThirtyLevelChainOfOfTypeIsRefused() {
		String chain = "kind " + "ofType { kind ".repeat(30) + "}".repeat(30);
		var response = executeAs(null, "{ __type(name: \"Query\") { fields { type { " + chain + " } } } }", Map.of());
		assertError(response, "QUERY_TOO_COMPLEX", null);
		response.errors().satisfy(errors -> assertThat(errors.get(0).getMessage()).contains("introspection"));
	}

	@Test
	void introspectionRepeatedUnderAliasesIsRefused() {
		StringBuilder document = new StringBuilder("{");
		for (int i = 0; i < 50; i++) {
			document.append(" s").append(i).append(": __schema { types { name fields { name } } }");
		}
		assertError(executeAs(null, document.append(" }").toString(), Map.of()), "QUERY_TOO_COMPLEX", null);
	}

	@Test
	void dataBesideIntrospectionIsStillHeldToTheDepthOfData() {
		String deep = "{ __schema { queryType { name } } organization(ars: \"073150000000\") { "
				+ "parent { ".repeat(11) + "name" + " }".repeat(11) + " } }";
		statements.reset();
		var response = executeAs(null, deep, Map.of());
		assertError(response, "QUERY_TOO_COMPLEX", null);
		response.errors().satisfy(errors -> assertThat(errors.get(0).getMessage()).contains("13 levels"));
		assertThat(statements.count()).isZero();
	}

}
