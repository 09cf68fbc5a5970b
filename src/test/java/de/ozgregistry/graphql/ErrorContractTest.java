package de.ozgregistry.graphql;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.graphql.test.tester.GraphQlTester;

class ErrorContractTest extends ApiTest {

	@Test
	void aSyntaxErrorIsAValidationError() {
		assertError(execute("{ ozgServices(first: 1) { totalCount "), "VALIDATION_FAILED", null);
	}

	@Test
	void anUnknownFieldIsAValidationError() {
		assertError(execute("{ ozgServices(first: 1) { nonsense } }"), "VALIDATION_FAILED", null);
	}

	@Test
	void aWrongEnumValueIsAValidationError() {
		assertPlain(execute("{ organizations(filter: { kind: CITY }) { totalCount } }"), "filter.kind",
				"filter.kind must be one of the values of the enum OrganizationKind.");
		assertPlain(execute("query($k: OrganizationKind) { organizations(filter: { kind: $k }) { totalCount } }",
				Map.of("k", "CITY")), "filter.kind",
				"Variable $k does not fit its type: CITY is not a value of the enum OrganizationKind.");
	}

	@Test
	void aLiteralOfTheWrongTypeIsNamedInTheSchemasLanguage() {
		assertPlain(execute("""
				mutation { publishSolution(input: { name: { a: 1 }, summary: "s", providerId: "x", ozgIds: [10160],
				  reuseModel: OPEN_SOURCE, lifecycle: PRODUCTION }) { solution { id } } }"""), "input.name",
				"input.name must be a String.");
		assertPlain(execute("{ ozgServices(first: 99999999999) { totalCount } }"), "first",
				"first must be an Int, a whole number from -2147483648 to 2147483647.");
		assertPlain(execute("{ organizations(filter: { bogus: 1 }) { totalCount } }"), "filter",
				"filter has the field bogus, which OrganizationFilter does not define.");
	}

	@Test
	void aVariableOfTheWrongTypeIsNamedInTheSchemasLanguage() {
		assertPlain(execute("query($f: OrganizationFilter) { organizations(filter: $f) { totalCount } }",
				Map.of("f", Map.of("name", Map.of("x", 1)))), "filter",
				"Variable $f does not fit its type: a String is expected.");
		assertPlain(execute("query($f: OrganizationFilter) { organizations(filter: $f) { totalCount } }",
				Map.of("f", Map.of("name", List.of(1, 2)))), "filter",
				"Variable $f does not fit its type: a String is expected.");
		assertPlain(execute("mutation($i: PublishSolutionInput!) { publishSolution(input: $i) { solution { id } } }",
				Map.of("i", Map.of("name", "x"))), "input.summary",
				"Variable $i lacks the required field summary (type String!).");
		assertPlain(execute("query($n: Int) { ozgServices(first: $n) { totalCount } }", Map.of("n", "zwanzig")), "first",
				"Variable $n does not fit its type: an Int is expected.");
	}

	/** Exactly one VALIDATION_FAILED error on this field with this message, free of syntax trees and Java types. */
	private static void assertPlain(GraphQlTester.Response response, String field, String message) {
		assertError(response, "VALIDATION_FAILED", field);
		response.errors().satisfy(errors -> org.assertj.core.api.Assertions.assertThat(errors.get(0).getMessage())
			.isEqualTo(message)
			.doesNotContain("Value{", "LinkedHashMap", "ArrayList", "graphql."));
	}

	@Test
	void aMalformedIdIsAValidationErrorNamingTheArgument() {
		assertError(execute("{ solution(id: \"1; drop table solution\") { name } }"), "VALIDATION_FAILED", "id");
	}

	@Test
	void aMalformedDateIsAValidationError() {
		assertError(execute("mutation { updateAdoptionStatus(input: { id: \"x\", status: LIVE, effectiveDate: \"31.12.2024\" }) { adoption { id } } }"),
				"VALIDATION_FAILED", null);
	}

}
