package de.ozgregistry.federation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code replica_receive} (R__federation.sql) on a page of a peer's feed whose signatures were checked: records new
 * here are written together, a statement per table; a page in which one of them breaks a rule of the tables or refers
 * to a record not here yet is written one by one, so that only that one is refused or waits. Runs in a transaction
 * that is rolled back: the fake peer's records never reach the shared database.
 */
class ReplicaReceiveTest extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PEER = "sh-test";

	@Autowired
	DatabaseEndpoint database;

	@Test
	void newRecordsAreWrittenTogetherAndARecordThatBreaksARuleAloneIsRefusedOrWaits() throws Exception {
		String kiel = municipality("010020000000");
		String luebeck = municipality("010030000000");
		String templateSolution = publishSolution(kiel, unique("Vorlage"), List.of(10160, 10161));
		String templateAdoption = recordAdoption(luebeck, templateSolution, "LIVE");
		try (Connection connection = database.openJdbcConnection()) {
			connection.setAutoCommit(false);
			try {
				update(connection, "insert into federation_peer (node_id, url, scope_prefixes) values (?, ?, '{01}')",
						PEER, "https://sh.example.invalid");
				String gemeinde = UUID.randomUUID().toString();
				String ars = "01" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
				ObjectNode organization = row(connection, "select to_jsonb(o) from organization o where id = ?::uuid",
						kiel);
				organization.put("id", gemeinde).put("ars", ars).put("name", "Testgemeinde (nur in diesem Test)");
				String solution = UUID.randomUUID().toString();
				ObjectNode solutionData = snapshot(connection, templateSolution);
				solutionData.put("id", solution).put("provider_id", gemeinde).put("name", unique("Vom Nachbarn"));
				ObjectNode first = adoption(connection, templateAdoption, gemeinde, solution);
				ObjectNode second = adoption(connection, templateAdoption, luebeck, solution);

				ArrayNode page = JSON.createArrayNode();
				page.add(entry("ORGANIZATION", organization, "1-1"));
				page.add(entry("SOLUTION", solutionData, "1-2"));
				page.add(entry("ADOPTION", first, "1-3"));
				page.add(entry("ADOPTION", second, "1-4"));
				JsonNode result = receive(connection, page, "0-0");
				assertThat(result.get("applied").asInt()).isEqualTo(4);
				assertThat(result.get("refusals")).isEmpty();
				assertThat(result.get("waiting").isNull()).isTrue();
				assertThat(result.get("written")).extracting(w -> w.get("type").asString())
					.containsExactly("ORGANIZATION", "SOLUTION", "ADOPTION", "ADOPTION");
				assertThat(text(connection, "select name from organization where id = ?::uuid", gemeinde))
					.isEqualTo("Testgemeinde (nur in diesem Test)");
				assertThat(text(connection, """
						select string_agg(ozg_id::text, ',' order by ozg_id) from solution_ozg_service
						where solution_id = ?::uuid""", solution)).isEqualTo("10160,10161");
				assertThat(text(connection, """
						select string_agg(x.id::text || ':' || x.organization_id || ':' || t.status, ',' order by x.id)
						from adoption x join adoption_status_transition t on t.adoption_id = x.id
						where x.solution_id = ?::uuid""", solution)).isEqualTo(List.of(
							first.get("id").asString() + ":" + gemeinde + ":LIVE",
							second.get("id").asString() + ":" + luebeck + ":LIVE")
						.stream().sorted().reduce((a, b) -> a + "," + b).orElseThrow());
				assertThat(text(connection, """
						select string_agg(ozg_id::text, ',' order by ozg_id) from adoption_ozg_service
						where adoption_id = ?::uuid""", first.get("id").asString()))
					.isEqualTo(text(connection, """
							select string_agg(ozg_id::text, ',' order by ozg_id) from adoption_ozg_service
							where adoption_id = ?::uuid""", templateAdoption));
				assertThat(text(connection, """
						select string_agg(r.node_id || '/' || r.via || '/' || r.position || '/' || c.actor_subject, ','
						                  order by r.position)
						from replica r
						join change_log c on c.entity_id = r.entity_id and c.registry_node_id = r.node_id
						where r.via = ?""", PEER)).isEqualTo(String.join(",",
							"sh-test/sh-test/1-1/federation:sh-test", "sh-test/sh-test/1-2/federation:sh-test",
							"sh-test/sh-test/1-3/federation:sh-test", "sh-test/sh-test/1-4/federation:sh-test"));

				// the same page again (a pull that failed after applying it): nothing written twice
				update(connection, "update federation_peer set cursor = '0-0' where node_id = ?", PEER);
				JsonNode again = receive(connection, page, "0-0");
				assertThat(again.get("applied").asInt()).isZero();
				assertThat(again.get("written")).isEmpty();

				// a second page: an organization with an ARS taken, a good one, one outside the peer's scope, and an
				// adoption by an organization this node does not have
				ObjectNode taken = organization.deepCopy();
				taken.put("id", UUID.randomUUID().toString()).put("name", "Doppelte ARS");
				ObjectNode good = organization.deepCopy();
				String goodId = UUID.randomUUID().toString();
				good.put("id", goodId).put("ars", ars.substring(0, 11) + (ars.charAt(11) == '9' ? '8' : '9'))
					.put("name", "Zweite Testgemeinde");
				ObjectNode foreign = organization.deepCopy();
				foreign.put("id", UUID.randomUUID().toString()).put("ars", "09" + ars.substring(2)).put("name", "Bayern");
				ObjectNode orphan = adoption(connection, templateAdoption, UUID.randomUUID().toString(), solution);
				ArrayNode secondPage = JSON.createArrayNode();
				secondPage.add(entry("ORGANIZATION", taken, "1-5"));
				secondPage.add(entry("ORGANIZATION", good, "1-6"));
				secondPage.add(entry("ORGANIZATION", foreign, "1-7"));
				secondPage.add(entry("ADOPTION", orphan, "1-8"));
				JsonNode mixed = receive(connection, secondPage, "1-4");
				assertThat(mixed.get("applied").asInt()).isOne();
				assertThat(mixed.get("written")).extracting(w -> w.get("id").asString()).containsExactly(goodId);
				assertThat(mixed.get("refusals")).extracting(r -> r.get("reason").asString())
					.satisfiesExactly(reason -> assertThat(reason).contains("organization_ars_unique"),
							reason -> assertThat(reason).isEqualTo(
									"Organization outside the scope of sh-test (ARS 09" + ars.substring(2) + ")"));
				assertThat(mixed.get("waiting").asString()).startsWith("waiting for a record it refers to");
				assertThat(text(connection, "select cursor from federation_peer where node_id = ?", PEER))
					.as("the cursor stops before the waiting entry").isEqualTo("1-7");
				assertThat(text(connection, "select count(*)::text from organization where id = ?::uuid",
						taken.get("id").asString())).isEqualTo("0");
			}
			finally {
				connection.rollback();
			}
		}
	}

	private static ObjectNode entry(String type, ObjectNode data, String position) {
		ObjectNode entry = JSON.createObjectNode();
		entry.put("type", type);
		entry.put("id", data.get("id").asString());
		entry.put("version", data.path("version").asInt(1));
		entry.put("operation", "CREATE");
		entry.put("position", position);
		entry.put("node", PEER);
		entry.put("event", UUID.randomUUID().toString());
		entry.put("subject", type.toLowerCase() + "/" + data.get("id").asString());
		entry.set("data", data);
		entry.set("origin", JSON.createObjectNode().put("id", "signed by " + PEER));
		entry.putNull("refusal");
		return entry;
	}

	private static ObjectNode adoption(Connection connection, String template, String organization, String solution)
			throws SQLException {
		ObjectNode data = snapshot(connection, template);
		return data.put("id", UUID.randomUUID().toString()).put("organization_id", organization)
			.put("solution_id", solution);
	}

	/** The latest change log snapshot of the record: what a feed sends as its data. */
	private static ObjectNode snapshot(Connection connection, String id) throws SQLException {
		return row(connection, "select snapshot from change_log where entity_id = ?::uuid order by seq desc limit 1",
				id);
	}

	private static JsonNode receive(Connection connection, ArrayNode entries, String from) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"select replica_receive(?, ?::jsonb, ?, 'test-node', '{}'::text[], '{}'::uuid[])::text")) {
			statement.setString(1, PEER);
			statement.setString(2, entries.toString());
			statement.setString(3, from);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return JSON.readTree(result.getString(1));
			}
		}
	}

	private static ObjectNode row(Connection connection, String sql, String parameter) throws SQLException {
		return (ObjectNode) JSON.readTree(text(connection, sql, parameter));
	}

	private static String text(Connection connection, String sql, String parameter) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, parameter);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? result.getString(1) : null;
			}
		}
	}

	private static void update(Connection connection, String sql, String... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int index = 0; index < parameters.length; index++) {
				statement.setString(index + 1, parameters[index]);
			}
			statement.executeUpdate();
		}
	}

}
