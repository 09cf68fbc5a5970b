package de.ozgregistry.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogApiTest extends ApiTest {

	@Test
	void themenfelderAreTheFourteenOfTheCatalogueWithTheirLebenslagen() {
		execute("{ themenfelder { number name ozgServiceCount lebenslagen { name themenfeld { number } } } }")
			.path("themenfelder")
			.entityList(Map.class)
			.hasSize(14)
			.satisfies(list -> {
				assertThat(list.get(0)).containsEntry("number", 1).containsEntry("name", "Arbeit & Ruhestand");
				int services = list.stream().mapToInt(t -> (Integer) t.get("ozgServiceCount")).sum();
				assertThat(services).isEqualTo(557);
				int lebenslagen = list.stream().mapToInt(t -> ((List<?>) t.get("lebenslagen")).size()).sum();
				assertThat(lebenslagen).isEqualTo(55);
			});
	}

	@Test
	void ozgServicesCountsTheWholeCatalogue() {
		execute("{ ozgServices(first: 1) { totalCount } }").path("ozgServices.totalCount").entity(Integer.class)
			.isEqualTo(557);
	}

	@Test
	void ozgServiceByOzgIdHasItsLebenslageThemenfeldLeikaLeistungenAndProvenance() {
		var response = execute("""
				{ ozgService(ozgId: 10000) { ozgId name lebenslage { name } themenfeld { name }
				  leikaServices { key name leikaType ozgService { ozgId } }
				  provenance { source illustrative } } }""");
		response.path("ozgService.name").entity(String.class).isEqualTo("Elterngeld");
		response.path("ozgService.lebenslage.name").entity(String.class).isEqualTo("Geburt");
		response.path("ozgService.themenfeld.name").entity(String.class).isEqualTo("Familie & Kind");
		response.path("ozgService.leikaServices[0].key").entity(String.class).isEqualTo("99041006000000");
		response.path("ozgService.leikaServices[0].ozgService.ozgId").entity(Integer.class).isEqualTo(10000);
		response.path("ozgService.provenance.illustrative").entity(Boolean.class).isEqualTo(false);
	}

	@Test
	void unknownOzgIdIsNull() {
		execute("{ ozgService(ozgId: 99999) { name } }").path("ozgService").valueIsNull();
	}

	@Test
	void ozgServicesFilterByThemenfeldAndLebenslage() {
		execute("{ ozgServices(filter: { themenfeld: 6 }, first: 100) { totalCount edges { node { themenfeld { number } } } } }")
			.path("ozgServices.edges[*].node.themenfeld.number")
			.entityList(Integer.class)
			.satisfies(numbers -> assertThat(numbers).isNotEmpty().allMatch(n -> n == 6));
		execute("{ ozgServices(filter: { lebenslage: 1, themenfeld: 1 }, first: 100) { edges { node { lebenslage { number } } } } }")
			.path("ozgServices.edges[*].node.lebenslage.number")
			.entityList(Integer.class)
			.satisfies(numbers -> assertThat(numbers).isNotEmpty().allMatch(n -> n == 1));
	}

	@ParameterizedTest
	@CsvSource({ "Führerschein", "fuehrerschein", "FUHRERSCHEIN", "führer" })
	void ozgServicesFilterByNameIgnoresCaseAndTransliteratesUmlauts(String name) {
		execute("query($name: String) { ozgServices(filter: { name: $name }, first: 100) { edges { node { ozgId name } } } }",
				Map.of("name", name))
			.path("ozgServices.edges[*].node.ozgId")
			.entityList(Integer.class)
			.contains(10169);
	}

	@Test
	void ozgServicesNameFilterTreatsLikeWildcardsLiterally() {
		execute("{ ozgServices(filter: { name: \"%\" }, first: 5) { totalCount } }").path("ozgServices.totalCount")
			.entity(Integer.class)
			.isEqualTo(0);
	}

	@Test
	void pagingThroughOzgServicesVisitsEachExactlyOnceInOrder() {
		List<Integer> seen = new ArrayList<>();
		String after = null;
		boolean hasNext = true;
		while (hasNext) {
			var response = execute("query($after: String) { ozgServices(first: 100, after: $after) { edges { node { ozgId } } "
					+ "pageInfo { hasNextPage endCursor } } }", after == null ? Map.of() : Map.of("after", after));
			seen.addAll(response.path("ozgServices.edges[*].node.ozgId").entityList(Integer.class).get());
			hasNext = response.path("ozgServices.pageInfo.hasNextPage").entity(Boolean.class).get();
			after = response.path("ozgServices.pageInfo.endCursor").entity(String.class).get();
		}
		assertThat(seen).hasSize(557).doesNotHaveDuplicates().isSorted();
	}

	@Test
	void leikaServiceByKey() {
		var response = execute("{ leikaService(key: \"99102013000000\") { key name leikaType ozgService { ozgId } } }");
		response.path("leikaService.key").entity(String.class).isEqualTo("99102013000000");
		response.path("leikaService.name").entity(String.class).satisfies(name -> assertThat(name).contains("Hundesteuer"));
		response.path("leikaService.ozgService.ozgId").entity(Integer.class).isEqualTo(10160);
	}

	@Test
	void unknownLeikaKeyIsNullAndAMalformedOneIsAValidationError() {
		execute("{ leikaService(key: \"99999999999999\") { name } }").path("leikaService").valueIsNull();
		assertError(execute("{ leikaService(key: \"9910201300\") { name } }"), "VALIDATION_FAILED", "key");
		assertError(execute("{ leikaService(key: \"9910201300000x\") { name } }"), "VALIDATION_FAILED", "key");
	}

	@Test
	void leikaServicesWithoutKeyAreListedWithNullKey() {
		execute("{ ozgServices(first: 100) { edges { node { leikaServices { key } } } } }")
			.path("ozgServices.edges[*].node.leikaServices[*].key")
			.entityList(Object.class)
			.satisfies(keys -> assertThat(keys).containsNull());
	}

}
