package de.ozgregistry.relay;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Query.node}: every type with a global ID is found by that ID alone (raw UUIDs, unique across the tables),
 * several {@code node} fields of one request are loaded together, an unknown ID is {@code null}, and restricted
 * fields stay restricted. Mutation payloads are nullable: one failed mutation leaves {@code data}.
 */
class NodeApiTest extends ApiTest {

	private static final String NODE = """
			query($id: ID!) {
			  node(id: $id) {
			    __typename id
			    ... on Organization { ars }
			    ... on Solution { name termsAndCosts }
			    ... on OzgService { ozgId }
			    ... on LeikaService { key }
			    ... on Adoption { status }
			    ... on Themenfeld { number }
			    ... on Lebenslage { number }
			  }
			}""";

	@Test
	void everyTypeWithAGlobalIdIsFoundByItAlone() {
		Map<String, String> tables = Map.of("Organization", "organization", "Solution", "solution", "OzgService",
				"ozg_service", "LeikaService", "leika_service", "Themenfeld", "themenfeld", "Lebenslage", "lebenslage");
		String trier = municipality("072110000000");
		String solution = publishSolution(trier, unique("Node"), List.of(10160));
		String adoption = recordAdoption(trier, solution, "PLANNED");
		Map<String, String> ids = new java.util.HashMap<>(Map.of("Adoption", adoption));
		tables.forEach((type, table) -> ids.put(type, db.sql("select id::text from " + table + " order by id limit 1")
			.map(row -> row.get(0, String.class))
			.one()
			.block()));
		ids.forEach((type, id) -> {
			var response = executeAs(null, NODE, Map.of("id", id));
			response.path("node.__typename").entity(String.class).isEqualTo(type);
			response.path("node.id").entity(String.class).isEqualTo(id);
		});
	}

	@Test
	void nodesOfOneRequestAreLoadedTogether() {
		List<String> ids = db.sql("select id::text from organization order by id limit 6")
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block();
		// as the admin: the response cache answers repeated anonymous queries without touching the database
		execute(nodes(ids.subList(0, 1))).errors().verify();
		statements.reset();
		execute(nodes(ids.subList(1, 3))).errors().verify();
		int forTwo = statements.count();
		statements.reset();
		execute(nodes(ids.subList(3, 6))).path("n2.id").entity(String.class).isEqualTo(ids.get(5));
		assertThat(forTwo).as("statements for two nodes").isPositive();
		assertThat(statements.count()).as("statements for three nodes").isEqualTo(forTwo).isLessThanOrEqualTo(3);
	}

	private static String nodes(List<String> ids) {
		StringBuilder document = new StringBuilder("{");
		for (int i = 0; i < ids.size(); i++) {
			document.append(" n").append(i).append(": node(id: \"").append(ids.get(i)).append("\") { id }");
		}
		return document.append(" }").toString();
	}

	@Test
	void anUnknownIdIsNullAndAMalformedOneFails() {
		executeAs(null, NODE, Map.of("id", UUID.randomUUID().toString())).path("node").valueIsNull();
		assertError(executeAs(null, NODE, Map.of("id", "10160")), "VALIDATION_FAILED", "id");
	}

	@Test
	void restrictedFieldsStayRestrictedThroughNode() {
		String solution = db.sql("select id::text from solution where terms_and_costs is not null limit 1")
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		executeAs(null, NODE, Map.of("id", solution)).path("node.termsAndCosts").valueIsNull();
		execute(NODE, Map.of("id", solution)).path("node.termsAndCosts").entity(String.class)
			.satisfies(terms -> assertThat(terms).isNotBlank());
	}

	@Test
	void aFailedMutationLeavesTheDataOfTheOthers() {
		var response = executeAs(null, """
				mutation { rotateNodeKey { kid } }""", Map.of());
		response.errors().satisfy(errors -> assertThat(errors).isNotEmpty());
		// data stays an object with the failed field null (a non-null payload had made all of data null)
		response.path("$.data").entity(Map.class).satisfies(data -> assertThat(data).containsEntry("rotateNodeKey", null));
	}

}
