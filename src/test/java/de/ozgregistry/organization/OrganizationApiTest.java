package de.ozgregistry.organization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import de.ozgregistry.support.ApiTest;

import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.test.tester.GraphQlTester;

import static org.assertj.core.api.Assertions.assertThat;

class OrganizationApiTest extends ApiTest {

	private static final String REGISTER = """
			mutation($input: RegisterOrganizationInput!) {
			  registerOrganization(input: $input) {
			    organization { id kind name ars parent { name kind } land { name } website contactEmail
			                   registryNodeId version source: provenance { source } }
			  }
			}""";

	@Test
	void mainzByArsIsAKreisfreieStadtWithItsZensusPopulationAndTheLandAsParent() {
		var response = execute("""
				{ organization(ars: "073150000000") { name kind population ags designation parent { name kind }
				  land { name } provenance { source dataDate } } }""");
		response.path("organization.name").entity(String.class).isEqualTo("Mainz");
		response.path("organization.kind").entity(String.class).isEqualTo("MUNICIPALITY");
		response.path("organization.population").entity(Integer.class).isEqualTo(220386);
		response.path("organization.ags").entity(String.class).isEqualTo("07315000");
		response.path("organization.parent.name").entity(String.class).isEqualTo("Rheinland-Pfalz");
		response.path("organization.parent.kind").entity(String.class).isEqualTo("STATE");
		response.path("organization.land.name").entity(String.class).isEqualTo("Rheinland-Pfalz");
		response.path("organization.provenance.dataDate").entity(String.class).isEqualTo("2022-05-15");
	}

	@ParameterizedTest
	@CsvSource({ "07315", "0731500000000", "07315000000a", "' 73150000000'", "170000000000", "000000000000" })
	void malformedArsIsAValidationError(String ars) {
		assertError(execute("query($ars: String) { organization(ars: $ars) { name } }", Map.of("ars", ars)),
				"VALIDATION_FAILED", "ars");
	}

	@Test
	void unknownButWellFormedArsIsNull() {
		execute("{ organization(ars: \"073150000999\") { name } }").path("organization").valueIsNull();
	}

	@Test
	void sharedArsResolvesToTheMostLocalBodyUnlessAKindIsGiven() {
		execute("{ organization(ars: \"020000000000\") { kind } }").path("organization.kind").entity(String.class)
			.isEqualTo("MUNICIPALITY");
		execute("{ organization(ars: \"020000000000\", kind: STATE) { kind name designation parent { kind } } }")
			.path("organization.parent.kind")
			.entity(String.class)
			.isEqualTo("FEDERAL");
		execute("{ organization(ars: \"073150000000\", kind: DISTRICT) { designation } }")
			.path("organization.designation")
			.entity(String.class)
			.isEqualTo("Kreisfreie Stadt");
	}

	@Test
	void organizationById() {
		String id = municipality("073150000000");
		execute("query($id: ID) { organization(id: $id) { name } }", Map.of("id", id)).path("organization.name")
			.entity(String.class)
			.isEqualTo("Mainz");
		execute("query($id: ID) { organization(id: $id) { name } }", Map.of("id", UUID.randomUUID().toString()))
			.path("organization")
			.valueIsNull();
		assertError(execute("{ organization(id: \"not-a-uuid\") { name } }"), "VALIDATION_FAILED", "id");
	}

	@Test
	void organizationNeedsExactlyOneOfIdAndArs() {
		assertError(execute("{ organization { name } }"), "VALIDATION_FAILED", null);
		assertError(execute("{ organization(id: \"" + municipality("073150000000")
				+ "\", ars: \"073150000000\") { name } }"), "VALIDATION_FAILED", null);
	}

	@Test
	void organizationsCountByKind() {
		var response = execute("""
				{ s: organizations(filter: { kind: STATE }, first: 1) { totalCount }
				  d: organizations(filter: { kind: DISTRICT }, first: 1) { totalCount }
				  m: organizations(filter: { kind: MUNICIPALITY }, first: 1) { totalCount }
				  f: organizations(filter: { kind: FEDERAL }, first: 1) { totalCount } }""");
		response.path("s.totalCount").entity(Integer.class).isEqualTo(16);
		response.path("d.totalCount").entity(Integer.class).isEqualTo(400);
		response.path("m.totalCount").entity(Integer.class).isEqualTo(10786);
		response.path("f.totalCount").entity(Integer.class).isEqualTo(1);
	}

	@Test
	void organizationsFilterByLandAcceptsTheCodeAndTheArs() {
		String query = "query($land: String) { organizations(filter: { land: $land, kind: DISTRICT }, first: 1) { totalCount } }";
		execute(query, Map.of("land", "06")).path("organizations.totalCount").entity(Integer.class).isEqualTo(26);
		execute(query, Map.of("land", "060000000000")).path("organizations.totalCount").entity(Integer.class)
			.isEqualTo(26);
		assertError(execute(query, Map.of("land", "17")), "VALIDATION_FAILED", "filter.land");
		assertError(execute(query, Map.of("land", "Hessen")), "VALIDATION_FAILED", "filter.land");
	}

	@Test
	void organizationsFilterByParentArsListsTheGemeindenOfAKreis() {
		execute("{ organizations(filter: { parentArs: \"064310000000\" }, first: 100) { totalCount edges { node { kind parent { name } } } } }")
			.path("organizations.edges[*].node.parent.name")
			.entityList(String.class)
			.satisfies(names -> assertThat(names).hasSize(22).allMatch("Bergstraße"::equals));
		assertError(execute("{ organizations(filter: { parentArs: \"06431\" }, first: 1) { totalCount } }"),
				"VALIDATION_FAILED", "filter.parentArs");
	}

	@ParameterizedTest
	@CsvSource({ "Düsseldorf", "duesseldorf", "DÜSSELDORF" })
	void organizationsFilterByNameTransliteratesUmlauts(String name) {
		execute("query($name: String) { organizations(filter: { name: $name, kind: MUNICIPALITY }, first: 10) { edges { node { ars } } } }",
				Map.of("name", name))
			.path("organizations.edges[*].node.ars")
			.entityList(String.class)
			.contains("051110000000");
	}

	@Test
	void organizationsFilterByNameTransliteratesSharpS() {
		execute("{ organizations(filter: { name: \"Bergstrasse\", kind: DISTRICT }, first: 5) { edges { node { name } } } }")
			.path("organizations.edges[*].node.name")
			.entityList(String.class)
			.contains("Bergstraße");
	}

	@Test
	void childrenArePagedInNameOrderWithoutGapsOrDuplicates() {
		List<String> names = new ArrayList<>();
		String after = null;
		int total = 0;
		do {
			var response = execute("""
					query($after: String) { organization(ars: "064310000000", kind: DISTRICT) {
					  children(first: 5, after: $after) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } } }""",
					after == null ? Map.of() : Map.of("after", after));
			names.addAll(response.path("organization.children.edges[*].node.name").entityList(String.class).get());
			total = response.path("organization.children.totalCount").entity(Integer.class).get();
			after = response.path("organization.children.pageInfo.hasNextPage").entity(Boolean.class).get()
					? response.path("organization.children.pageInfo.endCursor").entity(String.class).get() : null;
		}
		while (after != null);
		assertThat(total).isEqualTo(22);
		assertThat(names).hasSize(22).doesNotHaveDuplicates();
	}

	@Test
	void bundHasTheSixteenLaenderAsChildren() {
		execute("{ organizations(filter: { kind: FEDERAL }, first: 1) { edges { node { parent { name } children(first: 20) { totalCount } } } } }")
			.path("organizations.edges[0].node.children.totalCount")
			.entity(Integer.class)
			.isEqualTo(16);
	}

	@Test
	void firstAbove100OrBelow1IsAValidationError() {
		assertError(execute("{ organizations(first: 1000) { totalCount } }"), "VALIDATION_FAILED", "first");
		assertError(execute("{ organizations(first: 0) { totalCount } }"), "VALIDATION_FAILED", "first");
		assertError(execute("{ organization(ars: \"073150000000\") { children(first: 101) { totalCount } } }"),
				"VALIDATION_FAILED", "first");
	}

	@Test
	void aForgedCursorIsAValidationError() {
		assertError(execute("{ organizations(first: 5, after: \"bm90LWEtY3Vyc29y\") { totalCount } }"),
				"VALIDATION_FAILED", "after");
	}

	@Test
	void registerAnItServiceProviderBelowItsLand() {
		String name = unique("Kommunales Rechenzentrum");
		var response = execute(REGISTER, Map.of("input", Map.of("kind", "IT_SERVICE_PROVIDER", "name", name,
				"landArs", "060000000000", "website", "https://krz.example.de", "contactEmail", "info@krz.example.de")));
		response.path("registerOrganization.organization.parent.name").entity(String.class).isEqualTo("Hessen");
		response.path("registerOrganization.organization.land.name").entity(String.class).isEqualTo("Hessen");
		response.path("registerOrganization.organization.ars").valueIsNull();
		response.path("registerOrganization.organization.version").entity(Integer.class).isEqualTo(1);
		response.path("registerOrganization.organization.registryNodeId").entity(String.class).isEqualTo("test-node");
		String id = response.path("registerOrganization.organization.id").entity(String.class).get();
		assertThat(changeLogEntries(UUID.fromString(id))).isEqualTo(1);
	}

	@Test
	void registerANationwideVendorWithoutLand() {
		execute(REGISTER, Map.of("input", Map.of("kind", "VENDOR", "name", unique("Software GmbH"))))
			.path("registerOrganization.organization.parent")
			.valueIsNull();
	}

	@Test
	void registerAGemeindeverbandBelowItsKreisOnce() {
		String ars = "07131" + String.format("%04d", (int) (Math.random() * 9000) + 1000) + "000";
		var input = Map.<String, Object>of("kind", "MUNICIPAL_ASSOCIATION", "name", unique("Verbandsgemeinde"),
				"ars", ars, "population", 12000);
		execute(REGISTER, Map.of("input", input)).path("registerOrganization.organization.parent.name")
			.entity(String.class)
			.isEqualTo("Ahrweiler");
		long before = count("select count(*) from organization");
		assertError(execute(REGISTER, Map.of("input", input)), "CONFLICT", null);
		assertThat(count("select count(*) from organization")).isEqualTo(before);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			territorial kind        | MUNICIPALITY        | Neustadt       |              |              |                      |                  | input.kind
			empty name              | VENDOR              | '   '          |              |              |                      |                  | input.name
			name too long           | VENDOR              | LONG           |              |              |                      |                  | input.name
			ars for a vendor        | VENDOR              | Firma          | 064310001000 |              |                      |                  | input.ars
			association without ars | MUNICIPAL_ASSOCIATION | Amt          |              |              |                      |                  | input.ars
			malformed ars           | MUNICIPAL_ASSOCIATION | Amt          | 06431000     |              |                      |                  | input.ars
			association ars of Gemeinde | MUNICIPAL_ASSOCIATION | Amt      | 064310001001 |              |                      |                  | input.ars
			unknown Kreis           | MUNICIPAL_ASSOCIATION | Amt          | 069990001000 |              |                      |                  | input.ars
			malformed land          | VENDOR              | Firma          |              | 06           |                      |                  | input.landArs
			website not http        | VENDOR              | Firma          |              |              | ftp://x.de           |                  | input.website
			website javascript      | VENDOR              | Firma          |              |              | javascript:alert(1)  |                  | input.website
			email malformed         | VENDOR              | Firma          |              |              |                      | nobody           | input.contactEmail
			control characters      | VENDOR              | NUL            |              |              |                      |                  | input.name
			""")
	void registerOrganizationRejectsInvalidInputAndWritesNothing(String rule, String kind, String name, String ars,
			String landArs, String website, String email, String field) {
		Map<String, Object> input = new java.util.HashMap<>();
		input.put("kind", kind);
		input.put("name", switch (name) {
			case "LONG" -> "x".repeat(201);
			case "NUL" -> "Firma\u0000GmbH";
			default -> name;
		});
		input.put("ars", ars);
		input.put("landArs", landArs);
		input.put("website", website);
		input.put("contactEmail", email);
		long before = count("select count(*) from organization");
		long changes = count("select count(*) from change_log");
		assertError(execute(REGISTER, Map.of("input", input)), "VALIDATION_FAILED", field);
		assertThat(count("select count(*) from organization")).isEqualTo(before);
		assertThat(count("select count(*) from change_log")).isEqualTo(changes);
	}

	/** {@code updateOrganization}'s three cases per field: omitted keeps it, {@code null} clears it, a value sets it. */
	@Test
	void updateOrganizationKeepsOmittedFieldsClearsNullFieldsAndSetsGivenOnes() {
		String name = unique("Rechenzentrum");
		String id = execute(REGISTER, Map.of("input", Map.of("kind", "IT_SERVICE_PROVIDER", "name", name,
				"website", "https://rz.example.de", "contactEmail", "info@rz.example.de", "population", 1000)))
			.path("registerOrganization.organization.id")
			.entity(String.class)
			.get();
		String document = document("updateOrganizationFields");
		assertThat(organizationAfter(execute(document, Map.of("input", Map.of("id", id, "expectedVersion", 1))), 2))
			.isEqualTo(Map.of("name", name, "website", "https://rz.example.de", "contactEmail", "info@rz.example.de",
					"population", 1000));

		Map<String, Object> clear = new HashMap<>(Map.of("id", id, "expectedVersion", 2));
		clear.put("website", null);
		clear.put("population", null);
		Map<String, Object> cleared = new HashMap<>(Map.of("name", name, "contactEmail", "info@rz.example.de"));
		cleared.put("website", null);
		cleared.put("population", null);
		assertThat(organizationAfter(execute(document, Map.of("input", clear)), 3)).isEqualTo(cleared);

		Map<String, Object> set = new HashMap<>(Map.of("id", id, "expectedVersion", 3, "name", name + " neu",
				"population", 2000));
		set.put("contactEmail", null);
		Map<String, Object> changed = new HashMap<>(Map.of("name", name + " neu", "population", 2000));
		changed.put("website", null);
		changed.put("contactEmail", null);
		assertThat(organizationAfter(execute(document, Map.of("input", set)), 4)).isEqualTo(changed);
	}

	@Test
	void updateOrganizationCannotClearTheNameAndChangesNothing() {
		String id = execute(REGISTER, Map.of("input", Map.of("kind", "VENDOR", "name", unique("Namenlos GmbH"))))
			.path("registerOrganization.organization.id")
			.entity(String.class)
			.get();
		Map<String, Object> clear = new HashMap<>(Map.of("id", id, "expectedVersion", 1));
		clear.put("name", null);
		assertError(execute(document("updateOrganizationFields"), Map.of("input", clear)), "VALIDATION_FAILED",
				"input.name");
		assertThat(count("select version from organization where id = '" + id + "'")).isEqualTo(1);
		assertThat(changeLogEntries(UUID.fromString(id))).isEqualTo(1);
	}

	/** The organization of an {@code updateOrganization} response, after checking its version. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> organizationAfter(GraphQlTester.Response response, int version) {
		Map<String, Object> organization = response.path("updateOrganization.organization").entity(Map.class).get();
		assertThat(organization).containsEntry("version", version);
		Map<String, Object> withoutVersion = new HashMap<>(organization);
		withoutVersion.remove("version");
		return withoutVersion;
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
