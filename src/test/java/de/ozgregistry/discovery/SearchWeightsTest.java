package de.ozgregistry.discovery;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ranking weights live in the table {@code search_weight} (seeded by {@code R__search.sql}) and nowhere else:
 * {@code search_entries} reads every one of them, and changing one changes the ranking without a migration.
 */
class SearchWeightsTest extends ApiTest {

	@Autowired
	private Search search;

	@Test
	void everyWeightOfTheTableIsReadByTheRankingAndNoneIsMissing() {
		List<String> names = db.sql("select name from search_weight order by name")
			.map(row -> row.get("name", String.class))
			.all()
			.collectList()
			.block();
		@SuppressWarnings("unchecked")
		Map<String, Object> columns = db.sql("select to_jsonb(w)::text as w from search_weights w")
			.map(row -> row.get("w", String.class))
			.one()
			.map(json -> (Map<String, Object>) JsonMapper.builder().build().readValue(json, Map.class))
			.block();
		assertThat(names).hasSizeGreaterThanOrEqualTo(15);
		assertThat(columns).containsOnlyKeys(names.toArray(String[]::new));
		assertThat(columns.values()).doesNotContainNull();
		String ranking = db.sql("select pg_get_functiondef('search_entries'::regproc) as def")
			.map(row -> row.get("def", String.class))
			.one()
			.block();
		for (String name : names) {
			assertThat(ranking).as("search_entries reads the weight " + name)
				.containsPattern("\\bw\\." + name + "\\b");
		}
	}

	/**
	 * "Hundesteuer" finds LeiKa- and OZG-Leistungen first and also a solution (the seed's dog-tax software). A huge
	 * kind weight for solutions puts the solution first; restoring the weight restores the ranking. The context is
	 * shared: the weight is restored in {@code finally}.
	 */
	@Test
	void changingAWeightInTheTableChangesTheRanking() {
		Search.Hit before = first("Hundesteuer");
		assertThat(before.kind()).isNotEqualTo("SOLUTION");
		double original = weight("kind_solution");
		try {
			setWeight("kind_solution", 1000);
			Search.Hit changed = first("Hundesteuer");
			assertThat(changed.kind()).isEqualTo("SOLUTION");
			assertThat(changed.score()).isGreaterThan(1000);
		}
		finally {
			setWeight("kind_solution", original);
		}
		assertThat(first("Hundesteuer")).isEqualTo(before);
	}

	private Search.Hit first(String query) {
		return search.search(query, null, 0, 1).map(result -> result.hits().get(0)).block();
	}

	private double weight(String name) {
		return db.sql("select value from search_weight where name = :name")
			.bind("name", name)
			.map(row -> row.get("value", Double.class))
			.one()
			.block();
	}

	private void setWeight(String name, double value) {
		db.sql("update search_weight set value = :value where name = :name")
			.bind("name", name)
			.bind("value", value)
			.fetch()
			.rowsUpdated()
			.block();
	}

}
