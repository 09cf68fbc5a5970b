package de.ozgregistry.graphql;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

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
		assertError(execute("{ organizations(filter: { kind: CITY }) { totalCount } }"), "VALIDATION_FAILED", null);
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
