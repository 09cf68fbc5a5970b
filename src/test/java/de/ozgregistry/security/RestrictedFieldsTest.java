package de.ozgregistry.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import de.ozgregistry.support.ApiTest;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestrictedFieldsTest extends ApiTest {

	private static final String QUERY = """
			query($id: ID!) { solution(id: $id) { termsAndCosts contactPerson
			  history(first: 5) { edges { node { changes { field from to } } } } } }""";

	private String solution;

	private String vendor;

	@BeforeAll
	void solutionWithTerms() {
		vendor = execute("mutation($n: String!) { registerOrganization(input: { kind: VENDOR, name: $n }) { organization { id } } }",
				Map.of("n", unique("Hersteller"))).path("registerOrganization.organization.id").entity(String.class).get();
		Map<String, Object> input = new HashMap<>();
		input.put("name", unique("Vertraulich"));
		input.put("summary", "s");
		input.put("providerId", municipality("051110000000"));
		input.put("vendorId", vendor);
		input.put("ozgIds", List.of(10160));
		input.put("reuseModel", "COMMERCIAL");
		input.put("lifecycle", "PRODUCTION");
		input.put("termsAndCosts", "0,50 EUR je Einwohner und Jahr");
		input.put("contactPerson", "Erika Mustermann, Amt für Digitales");
		solution = execute("mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }",
				Map.of("input", input)).path("publishSolution.solution.id").entity(String.class).get();
	}

	@Test
	void anonymousReadersAndOtherVendorsGetNullNotAnError() {
		String otherVendor = execute("mutation($n: String!) { registerOrganization(input: { kind: VENDOR, name: $n }) { organization { id } } }",
				Map.of("n", unique("Andere GmbH"))).path("registerOrganization.organization.id").entity(String.class).get();
		for (String token : new String[] { null, issueToken(otherVendor, "VENDOR") }) {
			var response = executeAs(token, QUERY, Map.of("id", solution));
			response.errors().verify();
			response.path("solution.termsAndCosts").valueIsNull();
			response.path("solution.contactPerson").valueIsNull();
			response.path("solution.history.edges[0].node.changes[?(@.field == 'termsAndCosts')].to")
				.entityList(Object.class)
				.containsExactly((Object) null);
		}
	}

	@Test
	void publicSectorOrganizationsCoordinatorsAndTheVendorSeeThem() {
		for (String token : new String[] { issueToken(municipality("073150000000"), "PUBLISHER"),
				issueToken(vendor, "VENDOR"), issueToken(organizationId("100000000000", "STATE"), "STATE_COORDINATOR"),
				ISSUER.token("064110000000", "PUBLISHER"), ADMIN_TOKEN }) {
			var response = executeAs(token, QUERY, Map.of("id", solution));
			response.path("solution.termsAndCosts").entity(String.class).isEqualTo("0,50 EUR je Einwohner und Jahr");
			response.path("solution.contactPerson").entity(String.class).isEqualTo("Erika Mustermann, Amt für Digitales");
			response.path("solution.history.edges[0].node.changes[?(@.field == 'termsAndCosts')].to")
				.entityList(String.class)
				.containsExactly("\"0,50 EUR je Einwohner und Jahr\"");
		}
	}

}
