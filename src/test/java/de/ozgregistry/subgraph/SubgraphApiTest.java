package de.ozgregistry.subgraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry as an Apollo Federation v2 subgraph: its SDL for composition ({@code _service}), its entities for a
 * gateway ({@code _entities}: one SQL statement per entity type and key, whatever the number of representations,
 * {@code null} for an unknown key, the same restricted-field rules as everywhere), and the scalars' specifications.
 */
class SubgraphApiTest extends ApiTest {

	private static final String ENTITIES = """
			query($representations: [_Any!]!) {
			  _entities(representations: $representations) {
			    __typename
			    ... on Organization { id ars name }
			    ... on Solution { id name termsAndCosts }
			    ... on OzgService { ozgId name }
			    ... on LeikaService { key name }
			    ... on Adoption { id status }
			  }
			}""";

	@Test
	void serviceSdlMarksTheEntitiesWithTheirKeysAndLinksFederationV2() {
		String sdl = executeAs(null, "{ _service { sdl } }", Map.of()).path("_service.sdl")
			.entity(String.class)
			.get();
		assertThat(sdl).containsPattern("schema @link\\([^)]*\"https://specs.apollo.dev/federation/v2.3\"")
			.containsPattern("type Organization implements Node @key\\(fields ?: ?\"id\"[^)]*\\) @key\\(fields ?: ?\"ars\"")
			.containsPattern("type OzgService implements Node @key\\(fields ?: ?\"ozgId\"")
			.containsPattern("type LeikaService implements Node @key\\(fields ?: ?\"key\"")
			.containsPattern("type Solution implements Node @key\\(fields ?: ?\"id\"")
			.containsPattern("type Adoption implements Node @key\\(fields ?: ?\"id\"")
			.contains("scalar DateTime @specifiedBy");
	}

	@Test
	void entitiesAreResolvedInOneStatementPerTypeAndKeyInTheOrderOfTheRepresentations() {
		List<String> ars = List.of("072110000000", "073150000000", "071110000000", "110000000000");
		List<String> organizationIds = ars.stream().map(a -> db.sql("select id::text from organization where ars = :ars")
			.bind("ars", a)
			.map(row -> row.get(0, String.class))
			.one()
			.block()).toList();
		List<String> solutionIds = db.sql("select id::text from solution order by name limit 4")
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block();
		List<String> leikaKeys = db.sql("select leika_key from leika_service where leika_key is not null "
				+ "order by leika_key limit 4")
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block();
		List<Integer> ozgIds = List.of(10160, 10000, 10001, 10002);

		// warm (caches of the catalogue, the schema), then one of each against four of each, as the admin: the
		// response cache answers repeated anonymous queries without touching the database
		countStatements(representations(organizationIds.subList(3, 4), ars.subList(3, 4), solutionIds.subList(3, 4),
				ozgIds.subList(3, 4), leikaKeys.subList(3, 4)));
		int small = countStatements(representations(organizationIds.subList(0, 1), ars.subList(0, 1),
				solutionIds.subList(0, 1), ozgIds.subList(0, 1), leikaKeys.subList(0, 1)));
		List<Map<String, Object>> many = representations(organizationIds, ars, solutionIds, ozgIds, leikaKeys);
		int large = countStatements(many);
		assertThat(small).as("statements for 5 representations").isPositive();
		assertThat(large).as("statements for 4 representations of each type and key").isEqualTo(small);
		// Organization by id, Organization by ars, Solution, OzgService, LeikaService (and nothing per entity)
		assertThat(large).as("statements for 20 representations").isLessThanOrEqualTo(5 + 2);

		List<Map<String, Object>> entities = executeAs(null, ENTITIES, Map.of("representations", many))
			.path("_entities")
			.entityList(Map.class)
			.get()
			.stream()
			.map(entity -> (Map<String, Object>) entity)
			.toList();
		assertThat(entities).hasSize(many.size());
		for (int i = 0; i < 4; i++) {
			assertThat(entities.get(i)).containsEntry("__typename", "Organization").containsEntry("id",
					organizationIds.get(i));
			assertThat(entities.get(4 + i)).containsEntry("__typename", "Organization").containsEntry("ars", ars.get(i));
			assertThat(entities.get(8 + i)).containsEntry("id", solutionIds.get(i));
			assertThat(entities.get(12 + i)).containsEntry("ozgId", ozgIds.get(i));
			assertThat(entities.get(16 + i)).containsEntry("key", leikaKeys.get(i));
		}
	}

	@Test
	void anUnknownKeyIsANullEntityAndTheOthersStay() {
		String trier = municipality("072110000000");
		var response = executeAs(null, ENTITIES, Map.of("representations", List.of(
				Map.of("__typename", "Organization", "id", UUID.randomUUID().toString()),
				Map.of("__typename", "Organization", "id", trier),
				Map.of("__typename", "OzgService", "ozgId", 99999),
				Map.of("__typename", "Adoption", "id", UUID.randomUUID().toString()))));
		response.errors().verify();
		response.path("_entities[0]").valueIsNull();
		response.path("_entities[1].id").entity(String.class).isEqualTo(trier);
		response.path("_entities[2]").valueIsNull();
		response.path("_entities[3]").valueIsNull();
	}

	@Test
	void aMalformedKeyFailsWithValidationFailed() {
		var response = executeAs(null, ENTITIES, Map.of("representations", List.of(
				Map.of("__typename", "Solution", "id", "not-a-uuid"))));
		assertError(response, "VALIDATION_FAILED", "representations.0.id");
	}

	@Test
	void restrictedFieldsOfAnEntityFollowTheSameRules() {
		String solution = db.sql("select id::text from solution where terms_and_costs is not null limit 1")
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		var representations = Map.<String, Object>of("representations",
				List.of(Map.of("__typename", "Solution", "id", solution)));
		executeAs(null, ENTITIES, representations).path("_entities[0].termsAndCosts").valueIsNull();
		execute(ENTITIES, representations).path("_entities[0].termsAndCosts").entity(String.class)
			.satisfies(terms -> assertThat(terms).isNotBlank());
	}

	@Test
	void dateAndDateTimeNameTheirSpecifications() {
		for (String scalar : List.of("Date", "DateTime")) {
			executeAs(null, "{ __type(name: \"" + scalar + "\") { specifiedByURL } }", Map.of())
				.path("__type.specifiedByURL")
				.entity(String.class)
				.isEqualTo("https://www.rfc-editor.org/rfc/rfc3339#section-5.6");
		}
	}

	private int countStatements(List<Map<String, Object>> representations) {
		statements.reset();
		execute(ENTITIES, Map.of("representations", representations)).errors().verify();
		return statements.count();
	}

	private static List<Map<String, Object>> representations(List<String> organizationIds, List<String> ars,
			List<String> solutionIds, List<Integer> ozgIds, List<String> leikaKeys) {
		List<Map<String, Object>> list = new ArrayList<>();
		organizationIds.forEach(id -> list.add(Map.of("__typename", "Organization", "id", id)));
		ars.forEach(a -> list.add(Map.of("__typename", "Organization", "ars", a)));
		solutionIds.forEach(id -> list.add(Map.of("__typename", "Solution", "id", id)));
		ozgIds.forEach(id -> list.add(Map.of("__typename", "OzgService", "ozgId", id)));
		leikaKeys.forEach(key -> list.add(Map.of("__typename", "LeikaService", "key", key)));
		return list;
	}

}
