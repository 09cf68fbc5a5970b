package de.ozgregistry.statistics;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import de.ozgregistry.database.RulesDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the statistics (R__statistics.sql) on their own, without the application: the area of an
 * organization, nesting, the part of an area in a region, the union of nested areas, the live period. On an empty
 * migrated database; each test rolls back what it wrote.
 */
class StatisticsRulesTest extends RulesDatabase {

	/**
	 * Flyway runs a repeatable migration again whenever it changes, on a database that has everything it created: each
	 * must run twice in a row (views recreated dependents first, functions replaced, no definition that cannot change).
	 */
	@Test
	void theRepeatableMigrationsRunAgainOnADatabaseThatHasThem() throws Exception {
		for (String name : List.of("R__statistics.sql", "R__search.sql")) {
			String sql = new String(StatisticsRulesTest.class.getResourceAsStream("/db/migration/" + name).readAllBytes(),
					java.nio.charset.StandardCharsets.UTF_8);
			try (var statement = db.createStatement()) {
				statement.execute(sql);
				statement.execute(sql);
			}
		}
		assertThat(text("select count(*) from pg_proc where proname = 'outermost_areas'")).isEqualTo("1");
		assertThat(text("select count(*) from pg_proc where proname = 'adoption_reach_refresh'")).isEqualTo("1");
	}

	@Test
	void anOrganizationsAreaIsTheArsPrefixOfItsLevel() throws SQLException {
		assertThat(area("FEDERAL", null, null)).isEqualTo("");
		assertThat(area("STATE", "060000000000", "06")).isEqualTo("06");
		assertThat(area("DISTRICT", "064310000000", "06")).isEqualTo("06431");
		assertThat(area("MUNICIPAL_ASSOCIATION", "073355001000", "07")).isEqualTo("073355001");
		assertThat(area("MUNICIPALITY", "064310001001", "06")).isEqualTo("064310001001");
		// a kreisfreie Stadt is a Gemeinde: its ARS, the only Gemeinde of its Kreis
		assertThat(area("MUNICIPALITY", "064110000000", "06")).isEqualTo("064110000000");
		assertThat(area("VENDOR", null, "06")).isNull();
		assertThat(area("IT_SERVICE_PROVIDER", null, "06")).isNull();
		assertThat(area("OTHER_AUTHORITY", null, null)).isNull();
	}

	@Test
	void theWiderAreasOfAnAreaAreItsPrefixesAtTheLevelsAboveIt() throws SQLException {
		assertThat(texts("select unnest(wider_areas('064310001001'))")).containsExactly("", "06", "06431", "064310001");
		assertThat(texts("select unnest(wider_areas('06431'))")).containsExactly("", "06");
		assertThat(texts("select unnest(wider_areas('06'))")).containsExactly("");
		assertThat(texts("select unnest(wider_areas(''))")).isEmpty();
		assertThat(texts("select unnest(area_prefixes('064310001001'))"))
			.containsExactly("", "06", "06431", "064310001", "064310001001");
	}

	@Test
	void thePartOfAnAreaInARegionIsTheNarrowerOfTwoNestedOnes() throws SQLException {
		assertThat(text("select area_within('06431', '06')")).isEqualTo("06431");
		assertThat(text("select area_within('', '06')")).isEqualTo("06");
		assertThat(text("select area_within('06', '06')")).isEqualTo("06");
		assertThat(text("select area_within('06431', '')")).isEqualTo("06431");
		assertThat(text("select area_within('07', '06')")).isNull();
		assertThat(text("select area_within('064310001001', '06432')")).isNull();
	}

	@Test
	void ofNestedAreasOnlyTheOutermostCountPerKey() throws SQLException {
		Map<String, List<String>> outermost = new TreeMap<>();
		try (PreparedStatement query = db.prepareStatement("select key, area from outermost_areas(?, ?) order by 1, 2")) {
			query.setArray(1, db.createArrayOf("text", new String[] { "a", "a", "a", "b", "b", "b", "c", "c", "c" }));
			query.setArray(2, db.createArrayOf("text", new String[] { "", "06", "064310001001", "06431",
					"064320001001", "06", "06431", "07", "06431" }));
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					outermost.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
				}
			}
		}
		// the Bund contains everything; Hessen contains its Kreise and Gemeinden; disjoint areas both count (once)
		assertThat(outermost).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", List.of(""), "b", List.of("06"),
				"c", List.of("06431", "07"))));
	}

	@Test
	void theUnionOfNestedAreasSumsTheTotalsOfTheOutermost() throws SQLException {
		execute("delete from region_total");
		execute("""
				insert into region_total (prefix, municipalities, population) values
				    ('', 3, 600), ('06', 2, 500), ('06431', 2, 500), ('064310001001', 1, 200), ('064310002002', 1, 300),
				    ('07', 1, 100), ('07335', 1, 100), ('073350001001', 1, 100)""");
		Map<String, String> totals = new TreeMap<>();
		try (PreparedStatement query = db.prepareStatement(
				"select key, municipalities || '/' || population from area_union_totals(?, ?)")) {
			query.setArray(1, db.createArrayOf("text", new String[] { "x", "x", "y", "y", "z" }));
			query.setArray(2, db.createArrayOf("text", new String[] { "064310001001", "06431", "064310002002", "07",
					"99" }));
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					totals.put(rows.getString(1), rows.getString(2));
				}
			}
		}
		// an area without Gemeinden ("99") counts nothing, and its key does not appear
		assertThat(totals).containsExactlyEntriesOf(new TreeMap<>(Map.of("x", "2/500", "y", "2/400")));
		assertThat(texts("select region || ' ' || area from area_by_region('06', 5)")).containsExactly("06431 06431");
		assertThat(texts("select region || ' ' || area from area_by_region('064310001001', 5)"))
			.containsExactly("06431 064310001001");
		assertThat(texts("select region || ' ' || area from area_by_region('', 2) order by 1"))
			.containsExactly("06 06", "07 07");
	}

	@Test
	void anAdoptionIsLiveFromItsFirstLiveTransitionUntilTheDiscontinuationAfterIt() throws SQLException {
		UUID organization = UUID.randomUUID();
		UUID solution = UUID.randomUUID();
		execute("insert into organization (id, kind, kinds, name, registry_node_id) values ('" + organization
				+ "', 'VENDOR', '{VENDOR}', 'Regeltest', 'test')");
		execute("insert into solution (id, name, summary, provider_id, reuse_model, lifecycle, source, registry_node_id) "
				+ "values ('" + solution + "', 'Regeltest', 'Regeltest', '" + organization
				+ "', 'OPEN_SOURCE', 'PRODUCTION', 'ILLUSTRATIVE', 'test')");
		UUID ended = adoption(organization, solution, "PLANNED 2021-01-01", "LIVE 2021-02-01", "DISCONTINUED 2022-03-01");
		UUID live = adoption(organization, solution, "IN_PROGRESS 2023-05-01", "LIVE 2023-06-15");
		UUID never = adoption(organization, solution, "PLANNED 2022-01-01", "DISCONTINUED 2022-02-01");
		assertThat(text("select live_from || ' ' || live_to from adoption_live_period where adoption_id = '" + ended + "'"))
			.isEqualTo("2021-02-01 2022-03-01");
		assertThat(text("select live_from || ' ' || coalesce(live_to::text, 'open') from adoption_live_period "
				+ "where adoption_id = '" + live + "'")).isEqualTo("2023-06-15 open");
		assertThat(texts("select live_from::text from adoption_live_period where adoption_id = '" + never + "'")).isEmpty();
		// live on a date: from the first day, not on the day of the discontinuation
		assertThat(liveOn("2021-02-01", "2022-03-01", "2021-02-01")).isTrue();
		assertThat(liveOn("2021-02-01", "2022-03-01", "2022-02-28")).isTrue();
		assertThat(liveOn("2021-02-01", "2022-03-01", "2022-03-01")).isFalse();
		assertThat(liveOn("2021-02-01", "2022-03-01", "2021-01-31")).isFalse();
		assertThat(liveOn("2021-02-01", null, "2026-12-01")).isTrue();
	}

	private UUID adoption(UUID organization, UUID solution, String... transitions) throws SQLException {
		UUID id = UUID.randomUUID();
		// the status column does not matter to the rule; DISCONTINUED keeps clear of the one-active-adoption index
		execute("insert into adoption (id, organization_id, solution_id, status, source, registry_node_id) values ('"
				+ id + "', '" + organization + "', '" + solution + "', 'DISCONTINUED', 'ILLUSTRATIVE', 'test')");
		for (int seq = 0; seq < transitions.length; seq++) {
			String[] parts = transitions[seq].split(" ");
			try (PreparedStatement insert = db.prepareStatement("insert into adoption_status_transition "
					+ "(adoption_id, seq, status, effective_date) values (?, ?, ?, ?)")) {
				insert.setObject(1, id);
				insert.setInt(2, seq + 1);
				insert.setString(3, parts[0]);
				insert.setDate(4, Date.valueOf(LocalDate.parse(parts[1])));
				insert.executeUpdate();
			}
		}
		return id;
	}

	private static boolean liveOn(String from, String to, String at) throws SQLException {
		try (PreparedStatement query = db.prepareStatement("select live_on(?::date, ?::date, ?::date)")) {
			query.setString(1, from);
			query.setString(2, to);
			query.setString(3, at);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getBoolean(1);
			}
		}
	}

	private static String area(String kind, String ars, String land) throws SQLException {
		try (PreparedStatement query = db.prepareStatement("select organization_area(?, ?, ?)")) {
			query.setString(1, kind);
			query.setString(2, ars);
			query.setString(3, land);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getString(1);
			}
		}
	}

	private static void execute(String sql) throws SQLException {
		try (var statement = db.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String text(String sql) throws SQLException {
		List<String> texts = texts(sql);
		assertThat(texts).as(sql).hasSize(1);
		return texts.get(0);
	}

	private static List<String> texts(String sql) throws SQLException {
		List<String> result = new ArrayList<>();
		try (var statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				result.add(rows.getString(1));
			}
		}
		return result;
	}

}
