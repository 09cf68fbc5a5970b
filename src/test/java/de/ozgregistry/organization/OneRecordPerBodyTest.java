package de.ozgregistry.organization;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One record per body (issue 12): a kreisfreie Stadt is one organization that is Gemeinde and Kreis, Berlin and
 * Hamburg one that is Land, Kreis and Gemeinde; the counts by role stay those of the official lists; databases
 * holding the old duplicate records are merged by V9 without losing adoptions, tokens or history.
 */
class OneRecordPerBodyTest extends ApiTest {

	private static final String DARMSTADT = "064110000000";

	@Autowired
	DatabaseEndpoint endpoint;

	@Test
	void aKreisfreieStadtIsOneOrganizationThatIsGemeindeAndKreis() {
		var response = execute("""
				{ plain: organization(ars: "064110000000") { id name kind kinds designation parent { ars } }
				  asKreis: organization(ars: "064110000000", kind: DISTRICT) { id }
				  asLand: organization(ars: "064110000000", kind: STATE) { id }
				  berlin: organization(ars: "110000000000") { kinds }
				  hamburg: organization(ars: "020000000000") { kinds }
				  bremenLand: organization(ars: "040000000000") { kinds }
				  bremen: organization(ars: "040110000000") { kinds parent { ars } } }""");
		String id = response.path("plain.id").entity(String.class).get();
		response.path("asKreis.id").entity(String.class).isEqualTo(id);
		response.path("asLand").valueIsNull();
		response.path("plain.kind").entity(String.class).isEqualTo("MUNICIPALITY");
		response.path("plain.kinds").entityList(String.class).containsExactly("DISTRICT", "MUNICIPALITY");
		response.path("plain.designation").entity(String.class).isEqualTo("Kreisfreie Stadt");
		response.path("plain.parent.ars").entity(String.class).isEqualTo("060000000000");
		response.path("berlin.kinds").entityList(String.class).containsExactly("STATE", "DISTRICT", "MUNICIPALITY");
		response.path("hamburg.kinds").entityList(String.class).containsExactly("STATE", "DISTRICT", "MUNICIPALITY");
		response.path("bremenLand.kinds").entityList(String.class).containsExactly("STATE");
		response.path("bremen.kinds").entityList(String.class).containsExactly("DISTRICT", "MUNICIPALITY");
		response.path("bremen.parent.ars").entity(String.class).isEqualTo("040000000000");
		assertThat(count("select count(*) from organization where ars = '" + DARMSTADT + "'")).isEqualTo(1);
		assertThat(count("select count(*) from (select ars from organization where ars is not null group by ars "
				+ "having count(*) > 1) d")).isZero();
	}

	@Test
	void theCountsByRoleAreThoseOfTheOfficialLists() {
		var response = execute("""
				{ laender: organizations(filter: { kind: STATE }, first: 1) { totalCount }
				  kreise: organizations(filter: { kind: DISTRICT }, first: 1) { totalCount }
				  gemeinden: organizations(filter: { kind: MUNICIPALITY }, first: 1) { totalCount } }""");
		response.path("laender.totalCount").entity(Integer.class).isEqualTo(16);
		response.path("kreise.totalCount").entity(Integer.class).isEqualTo(400);
		response.path("gemeinden.totalCount").entity(Integer.class).isEqualTo(10786);
	}

	@Test
	void theLandListsItsKreisfreieStadtAmongItsChildrenAndSearchFindsItByItsKreisKey() {
		execute("""
				{ organization(ars: "060000000000") { children(first: 100) { edges { node { ars kinds } } } } }""")
			.path("organization.children.edges[*].node.ars")
			.entityList(String.class)
			.contains(DARMSTADT, "064120000000", "064140000000");
		execute("""
				{ search(query: "06411", first: 5) { edges { node { item { ... on Organization { ars } } } } } }""")
			.path("search.edges[0].node.item.ars")
			.entity(String.class)
			.isEqualTo(DARMSTADT);
	}

	@Test
	void theLandFacetNamesBerlinAndHamburg() {
		for (Map.Entry<String, String> land : Map.of("11", "Berlin", "02", "Hamburg").entrySet()) {
			execute("query($q: String!) { search(query: $q, first: 1) { facets { name values { value label } } } }",
					Map.of("q", land.getValue()))
				.path("search.facets[?(@.name == 'land')].values[?(@.value == '" + land.getKey() + "')].label")
				.entityList(String.class)
				.containsExactly(land.getValue());
		}
	}

	@Test
	void anIdTheBodyHadBeforeTheMergeStillFindsIt() {
		UUID formerId = UUID.randomUUID();
		db.sql("insert into organization_merge (merged_id, organization_id) values (:merged, :into::uuid)")
			.bind("merged", formerId)
			.bind("into", municipality(DARMSTADT))
			.fetch()
			.rowsUpdated()
			.block();
		execute("query($id: ID!) { organization(id: $id) { id ars } }", Map.of("id", formerId.toString()))
			.path("organization.id")
			.entity(String.class)
			.isEqualTo(municipality(DARMSTADT));
	}

	/**
	 * A database of the old shape: Darmstadt as Kreis and as Gemeinde, each with adoptions (two of them of the same
	 * solution), the Kreis record with an API token, a provided solution and its history. V9 merges them.
	 */
	@Test
	void theMigrationMergesTheRecordsOfOneBodyWithoutLosingAnything() throws SQLException {
		String database = "merge_" + Long.toHexString(System.nanoTime());
		try (Connection admin = endpoint.openJdbcConnection(); Statement statement = admin.createStatement()) {
			statement.execute("create database " + database);
		}
		DatabaseEndpoint old = new DatabaseEndpoint(endpoint.host(), endpoint.port(), database, endpoint.username(),
				endpoint.password(), null);
		try {
			Flyway.configure()
				.dataSource(old.jdbcUrl(), old.username(), old.password())
				.locations("classpath:db/migration")
				.target("8")
				// repeatable migrations (R__search.sql) run with any target; they belong to the current schema
				.repeatableSqlMigrationPrefix("none-before-V8__")
				.load()
				.migrate();
			UUID land = UUID.randomUUID();
			UUID kreis = UUID.randomUUID();
			UUID gemeinde = UUID.randomUUID();
			UUID solutionA = UUID.randomUUID();
			UUID solutionB = UUID.randomUUID();
			UUID kreisLive = UUID.randomUUID();
			UUID gemeindeInterested = UUID.randomUUID();
			UUID kreisPlanned = UUID.randomUUID();
			UUID token = UUID.randomUUID();
			// Berlin had three records; the Land's and the Kreis's adoptions of A compete, all three adopted B
			UUID bund = UUID.randomUUID();
			UUID berlinLand = UUID.randomUUID();
			UUID berlinKreis = UUID.randomUUID();
			UUID berlin = UUID.randomUUID();
			UUID landLive = UUID.randomUUID();
			UUID kreisInProgress = UUID.randomUUID();
			UUID landPlanned = UUID.randomUUID();
			UUID kreisPlannedB = UUID.randomUUID();
			UUID berlinPlanned = UUID.randomUUID();
			try (Connection connection = old.openJdbcConnection(); Statement sql = connection.createStatement()) {
				sql.execute("""
						insert into organization (id, kind, name, designation, ars, land_code, parent_id, registry_node_id)
						values ('%1$s', 'STATE', 'Hessen', 'Land', '060000000000', '06', null, 'old'),
						       ('%2$s', 'DISTRICT', 'Darmstadt', 'Kreisfreie Stadt', '064110000000', '06', '%1$s', 'old'),
						       ('%3$s', 'MUNICIPALITY', 'Darmstadt', 'Stadt', '064110000000', '06', '%2$s', 'old');
						insert into solution (id, name, summary, provider_id, reuse_model, lifecycle, source, registry_node_id)
						values ('%4$s', 'A', 'A', '%2$s', 'OPEN_SOURCE', 'PRODUCTION', 'SELF_REPORTED', 'old'),
						       ('%5$s', 'B', 'B', '%1$s', 'OPEN_SOURCE', 'PRODUCTION', 'SELF_REPORTED', 'old');
						insert into adoption (id, organization_id, solution_id, status, source, registry_node_id)
						values ('%6$s', '%2$s', '%4$s', 'LIVE', 'SELF_REPORTED', 'old'),
						       ('%7$s', '%3$s', '%4$s', 'INTERESTED', 'SELF_REPORTED', 'old'),
						       ('%8$s', '%2$s', '%5$s', 'PLANNED', 'SELF_REPORTED', 'old');
						insert into adoption_status_transition (adoption_id, seq, status, effective_date)
						values ('%6$s', 1, 'LIVE', '2024-01-01'), ('%7$s', 1, 'INTERESTED', '2024-02-01'),
						       ('%8$s', 1, 'PLANNED', '2024-03-01');
						insert into api_token (id, token_hash, token_prefix, organization_id, role, expires_at, registry_node_id)
						values ('%9$s', '\\x01', 'ozg_', '%2$s', 'PUBLISHER', now() + interval '1 day', 'old');
						insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, registry_node_id)
						values ('ORGANIZATION', '%2$s', 1, 'CREATE', '{"name": "Darmstadt"}', 'old');
						""".formatted(land, kreis, gemeinde, solutionA, solutionB, kreisLive, gemeindeInterested,
						kreisPlanned, token));
				sql.execute("""
						insert into organization (id, kind, name, designation, ars, land_code, parent_id, registry_node_id)
						values ('%1$s', 'FEDERAL', 'Bund', 'Bund', null, null, null, 'old'),
						       ('%2$s', 'STATE', 'Berlin', 'Land', '110000000000', '11', '%1$s', 'old'),
						       ('%3$s', 'DISTRICT', 'Berlin', 'Kreisfreie Stadt', '110000000000', '11', '%2$s', 'old'),
						       ('%4$s', 'MUNICIPALITY', 'Berlin', 'Stadt', '110000000000', '11', '%3$s', 'old');
						insert into adoption (id, organization_id, solution_id, status, source, registry_node_id, created_at)
						values ('%5$s', '%2$s', '%10$s', 'LIVE', 'SELF_REPORTED', 'old', now()),
						       ('%6$s', '%3$s', '%10$s', 'IN_PROGRESS', 'SELF_REPORTED', 'old', now()),
						       ('%7$s', '%2$s', '%11$s', 'PLANNED', 'SELF_REPORTED', 'old', now() - interval '2 days'),
						       ('%8$s', '%3$s', '%11$s', 'PLANNED', 'SELF_REPORTED', 'old', now() - interval '3 days'),
						       ('%9$s', '%4$s', '%11$s', 'PLANNED', 'SELF_REPORTED', 'old', now() - interval '1 day');
						""".formatted(bund, berlinLand, berlinKreis, berlin, landLive, kreisInProgress, landPlanned,
						kreisPlannedB, berlinPlanned, solutionA, solutionB));
			}
			Flyway.configure()
				.dataSource(old.jdbcUrl(), old.username(), old.password())
				.locations("classpath:db/migration")
				.load()
				.migrate();
			try (Connection connection = old.openJdbcConnection(); Statement sql = connection.createStatement()) {
				assertThat(rows(sql, "select id, kind, array_to_string(kinds, ',') as kinds, designation, parent_id "
						+ "from organization where ars = '064110000000'"))
					.containsExactly(List.of(gemeinde.toString(), "MUNICIPALITY", "DISTRICT,MUNICIPALITY",
							"Kreisfreie Stadt", land.toString()));
				assertThat(rows(sql, "select id, kind, array_to_string(kinds, ',') as kinds, designation, parent_id "
						+ "from organization where ars = '110000000000'"))
					.containsExactly(List.of(berlin.toString(), "MUNICIPALITY", "STATE,DISTRICT,MUNICIPALITY", "Land",
							bund.toString()));
				assertThat(rows(sql, "select id, organization_id, status from adoption where organization_id = '"
						+ berlin + "'"))
					.as("the most advanced adoption stays, on a tie the survivor's own")
					.containsExactlyInAnyOrder(List.of(landLive.toString(), berlin.toString(), "LIVE"),
							List.of(kreisInProgress.toString(), berlin.toString(), "DISCONTINUED"),
							List.of(landPlanned.toString(), berlin.toString(), "DISCONTINUED"),
							List.of(kreisPlannedB.toString(), berlin.toString(), "DISCONTINUED"),
							List.of(berlinPlanned.toString(), berlin.toString(), "PLANNED"));
				assertThat(rows(sql, "select id, organization_id, status from adoption where organization_id = '"
						+ gemeinde + "' order by status"))
					.containsExactlyInAnyOrder(List.of(kreisLive.toString(), gemeinde.toString(), "LIVE"),
							List.of(gemeindeInterested.toString(), gemeinde.toString(), "DISCONTINUED"),
							List.of(kreisPlanned.toString(), gemeinde.toString(), "PLANNED"));
				assertThat(rows(sql, "select status from adoption_status_transition where adoption_id = '"
						+ gemeindeInterested + "' order by seq"))
					.containsExactly(List.of("INTERESTED"), List.of("DISCONTINUED"));
				assertThat(rows(sql, "select organization_id from api_token"))
					.containsExactly(List.of(gemeinde.toString()));
				assertThat(rows(sql, "select provider_id from solution where id = '" + solutionA + "'"))
					.containsExactly(List.of(gemeinde.toString()));
				assertThat(rows(sql, "select merged_id, organization_id from organization_merge"))
					.containsExactlyInAnyOrder(List.of(kreis.toString(), gemeinde.toString()),
							List.of(berlinLand.toString(), berlin.toString()),
							List.of(berlinKreis.toString(), berlin.toString()));
				assertThat(rows(sql, "select operation from change_log where entity_id = '" + gemeinde + "'"))
					.containsExactly(List.of("MERGE"));
				assertThat(rows(sql, "select operation from change_log where entity_id = '" + kreis + "'"))
					.as("the merged record's history stays").containsExactly(List.of("CREATE"));
				assertThat(rows(sql, "select entity_version, operation from change_log where entity_id = '"
						+ gemeindeInterested + "'")).containsExactly(List.of("2", "STATUS_TRANSITION"));
				assertThat(rows(sql, "select entity_version, operation from change_log where entity_id = '"
						+ solutionA + "'")).as("the moved solution").containsExactly(List.of("2", "UPDATE"));
				assertThat(rows(sql, "select operation from change_log where entity_id = '" + solutionB + "'"))
					.as("a solution nothing moved").isEmpty();
			}
		}
		finally {
			try (Connection admin = endpoint.openJdbcConnection(); Statement statement = admin.createStatement()) {
				statement.execute("drop database if exists " + database + " with (force)");
			}
		}
	}

	private static List<List<String>> rows(Statement sql, String query) throws SQLException {
		List<List<String>> rows = new java.util.ArrayList<>();
		try (ResultSet result = sql.executeQuery(query)) {
			int columns = result.getMetaData().getColumnCount();
			while (result.next()) {
				List<String> row = new java.util.ArrayList<>();
				for (int i = 1; i <= columns; i++) {
					row.add(result.getString(i));
				}
				rows.add(row);
			}
		}
		return rows;
	}

}
