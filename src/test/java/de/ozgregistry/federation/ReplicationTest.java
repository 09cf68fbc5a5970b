package de.ozgregistry.federation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.support.ApiTest;
import de.ozgregistry.support.RegistryNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three registry nodes on databases of their own, the national one as the hub: {@code bund} (the Bundesrepublik)
 * pulls from {@code he} (authoritative for Hessen, 06) and {@code rp} (Rheinland-Pfalz, 07), and these two pull only
 * from {@code bund} (added by an admin), so each gets the other's records relayed, still signed by their owner.
 * Records cross with their owner kept, once, never sent back; statistics count replicated adoptions, each record has
 * one writer, and a peer that sends forged, foreign or tampered entries gets nothing applied.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicationTest extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BUND = "fb9b28fb-d626-39ad-8ea2-a48a42a2926d";

	/** The snapshot of a peer that has no records (its feed brings them). */
	private static final String EMPTY_SNAPSHOT = "{\"position\": \"0-0\", \"records\": [], \"next\": null}";

	@Autowired
	DatabaseEndpoint database;

	private RegistryNode he;

	private RegistryNode rp;

	private RegistryNode bund;

	@BeforeAll
	void startNodes() {
		Map<String, String> common = Map.of("ozg.federation.pull-interval", "500ms",
				"ozg.federation.allow-private-addresses", "true");
		he = RegistryNode.start(database, "he", with(common, Map.of("ozg.federation.scope", "06")));
		rp = RegistryNode.start(database, "rp", with(common, Map.of("ozg.federation.scope", "07")));
		// bund compares its peers' snapshots every 2 s (a day by default)
		bund = RegistryNode.start(database, "bund", with(common, Map.of("ozg.federation.scope", BUND,
				"ozg.federation.snapshot-interval", "2s",
				"ozg.federation.peers[0].node-id", "he", "ozg.federation.peers[0].url", he.url(),
				"ozg.federation.peers[1].node-id", "rp", "ozg.federation.peers[1].url", rp.url())));
		// he and rp learn of bund only now (it started after them): an admin of each adds it
		for (RegistryNode land : List.of(he, rp)) {
			land.execute("""
					mutation($input: AddFederationPeerInput!) { addFederationPeer(input: $input) { peer { nodeId } } }""",
					Map.of("input", Map.of("nodeId", "bund", "url", bund.url())))
				.path("addFederationPeer.peer.nodeId")
				.entity(String.class)
				.isEqualTo("bund");
		}
	}

	@AfterAll
	void stopNodes() {
		for (RegistryNode node : new RegistryNode[] { bund, rp, he }) {
			if (node != null) {
				node.close();
			}
		}
	}

	@Test
	void reuseRequestsStayOnTheNodeThatOwnsBothOrganizationsAndAreRefusedElsewhere() throws Exception {
		String darmstadt = id(he, "064110000000");
		String solution = publish(he, darmstadt, unique("Nachnutzbar"), 10042);
		await("the solution on rp", () -> exists(rp, "solution", solution));
		String document = """
				mutation($input: RequestReuseInput!) { requestReuse(input: $input) {
				  reuseRequest { state adoption { id } } } }""";
		// on rp, Mainz asks he's provider: the request would involve an organization he owns
		rp.execute(document, Map.of("input", Map.of("organizationId", id(rp, "073150000000"), "solutionId", solution,
				"message", "Nachnutzung?", "contactEmail", "digital@mainz.example")))
			.errors()
			.satisfy(errors -> {
				assertThat(errors).hasSize(1);
				assertThat(errors.get(0).getExtensions()).containsEntry("code", "NOT_AUTHORITATIVE");
				assertThat(errors.get(0).getMessage()).startsWith("Reuse requests are kept on the registry node that "
						+ "owns both organizations");
			});
		assertThat(rows(rp, "select count(*) from reuse_request")).isZero();
		assertThat(rows(rp, "select count(*) from adoption a join solution s on s.id = a.solution_id "
				+ "where s.id = '" + solution + "'")).as("nothing written on rp").isZero();
		// on he, Wiesbaden asks: both organizations are he's; the adoption travels, the request does not
		String adoption = he.execute(document, Map.of("input", Map.of("organizationId", id(he, "064140000000"),
				"solutionId", solution, "message", "Nachnutzung?", "contactEmail", "digital@wiesbaden.example")))
			.path("requestReuse.reuseRequest.adoption.id")
			.entity(String.class)
			.get();
		await("the adoption on rp", () -> exists(rp, "adoption", adoption));
		assertThat(rows(rp, "select count(*) from reuse_request")).isZero();
		assertThat(rows(bund, "select count(*) from change_log where entity_type = 'REUSE_REQUEST'")).isZero();
	}

	private static long rows(RegistryNode node, String sql) throws Exception {
		try (var connection = node.jdbc(); var statement = connection.createStatement();
				var result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	@Test
	void solutionsAndAdoptionsCrossTheNodesAndCountInTheStatisticsOfEach() throws Exception {
		String darmstadt = id(he, "064110000000");
		String solution = publish(he, darmstadt, unique("Föderiert"), 10042);
		await("the solution on rp", () -> exists(rp, "solution", solution));
		String rheinlandPfalz = id(rp, "070000000000");
		String adoption = rp.execute("""
				mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { adoption { id } } }""",
				Map.of("input", Map.of("organizationId", rheinlandPfalz, "solutionId", solution, "status", "LIVE")))
			.path("recordAdoption.adoption.id")
			.entity(String.class)
			.get();
		await("the adoption on bund", () -> exists(bund, "adoption", adoption));
		assertThat(owner(bund, "SOLUTION", solution)).isEqualTo("he via he");
		assertThat(owner(bund, "ADOPTION", adoption)).isEqualTo("rp via rp");
		// relayed by bund, still he's: rp knows he from bund's description, and checked he's signature
		assertThat(owner(rp, "SOLUTION", solution)).isEqualTo("he via bund");
		// every node shows where the solution comes from
		String provenance = "query($id: ID!) { solution(id: $id) { provenance { node { id url } authoritative receivedAt } } }";
		Map<String, Object> onBund = bund.execute(provenance, Map.of("id", solution))
			.path("solution.provenance")
			.entity(Map.class)
			.get();
		assertThat(onBund).containsEntry("authoritative", false)
			.containsEntry("node", Map.of("id", "he", "url", he.url()));
		assertThat(onBund.get("receivedAt")).isNotNull();
		assertThat(he.execute(provenance, Map.of("id", solution)).path("solution.provenance").entity(Map.class).get())
			.containsEntry("authoritative", true)
			.containsEntry("node", Map.of("id", "he", "url", he.url()))
			.containsEntry("receivedAt", null);
		// the Land-level adoption on rp of he's solution counts on bund exactly as on rp
		Map<String, Integer> onRp = coverage(rp, 10042);
		assertThat(onRp.get("07")).isPositive();
		assertThat(coverage(bund, 10042)).isEqualTo(onRp);
		// the provider on he confirms the adoption recorded on rp: its own record, on every node
		String provider = "mutation($id: ID!) { confirmAdoption(input: { adoptionId: $id }) { adoption { id } } }";
		await("the adoption on he", () -> exists(he, "adoption", adoption));
		he.execute(provider, Map.of("id", adoption)).path("confirmAdoption.adoption.id").entity(String.class)
			.isEqualTo(adoption);
		for (RegistryNode node : List.of(rp, bund)) {
			await("the confirmation on " + node.url(), () -> "CONFIRMED".equals(confirmation(node, adoption)));
		}
		// rp (the adopter's node) cannot write the provider's statement, nor can a third node
		for (RegistryNode node : List.of(rp, bund)) {
			node.execute("""
					mutation($id: ID!) { disputeAdoption(input: { adoptionId: $id, reason: "Gefälscht" }) {
					  adoption { id } } }""", Map.of("id", adoption))
				.errors()
				.satisfy(errors -> assertThat(errors.get(0).getExtensions()).containsEntry("code", "NOT_AUTHORITATIVE")
					.containsEntry("ownerNode", "he"));
			assertThat(confirmation(node, adoption)).isEqualTo("CONFIRMED");
		}
		// each node has each version once, though bund's feed relays he's solution to rp, and rp's feed relays it
		// back to bund; nothing is re-signed as a relay's own; and nobody sends a node its own records
		String confirmationOf = "(select id from confirmation where adoption_id = '" + adoption + "')";
		for (RegistryNode node : List.of(he, rp, bund)) {
			assertThat(entries(node, "'" + solution + "'")).as("the solution's entries").containsExactly("he 1");
			assertThat(entries(node, "'" + adoption + "'")).as("the adoption's entries").containsExactly("rp 1");
			assertThat(entries(node, confirmationOf)).as("the confirmation's entries").containsExactly("he 1");
		}
		assertThat(sentBack(he, "he")).as("he's own records that came back to it").isZero();
		assertThat(sentBack(rp, "rp")).as("rp's own records that came back to it").isZero();
	}

	/** The change log entries of the records on the node (an SQL expression of their IDs): owner and version. */
	private static List<String> entries(RegistryNode node, String ids) throws Exception {
		List<String> entries = new java.util.ArrayList<>();
		try (Connection connection = node.jdbc(); ResultSet rows = connection.createStatement().executeQuery(
				"select registry_node_id || ' ' || entity_version from change_log where entity_id in (" + ids
						+ ") order by seq")) {
			while (rows.next()) {
				entries.add(rows.getString(1));
			}
		}
		return entries;
	}

	/** How many of the node's own records came back to it from a peer. */
	private static long sentBack(RegistryNode node, String nodeId) throws Exception {
		try (Connection connection = node.jdbc(); ResultSet rows = connection.createStatement().executeQuery(
				"select (select count(*) from replica where node_id = '" + nodeId + "') + (select count(*) "
						+ "from change_log where registry_node_id = '" + nodeId + "' and actor_subject like 'federation:%')")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/**
	 * Property: random adoptions, at every level of Hessen and Rheinland-Pfalz, recorded on their Land's node (some
	 * of the other Land's solution), with random histories: once replicated, bund's coverage per Kreis on several
	 * dates equals a brute-force evaluation of the definition over the union of what the two Länder nodes hold.
	 */
	@Test
	void theNationalCoverageEqualsTheUnionOfTheLandNodesData() throws Exception {
		java.util.Random random = new java.util.Random(20261201);
		int ozgId = 10050;
		String fromHessen = publish(he, id(he, "064120000000"), unique("Zufall Hessen"), ozgId);
		String fromRheinlandPfalz = publish(rp, id(rp, "073150000000"), unique("Zufall Rheinland-Pfalz"), ozgId);
		await("both solutions on both Länder nodes", () -> exists(rp, "solution", fromHessen)
				&& exists(he, "solution", fromRheinlandPfalz));
		Map<String, Integer> versions = new LinkedHashMap<>();
		for (RegistryNode land : List.of(he, rp)) {
			String code = land == he ? "06" : "07";
			List<String> adopters = new java.util.ArrayList<>();
			try (Connection connection = land.jdbc(); ResultSet rows = connection.createStatement().executeQuery(
					"select id from organization where land_code = '" + code + "' and ars is not null and kind in "
							+ "('STATE', 'DISTRICT', 'MUNICIPAL_ASSOCIATION', 'MUNICIPALITY') order by ars")) {
				while (rows.next()) {
					adopters.add(rows.getString(1));
				}
			}
			java.util.Collections.shuffle(adopters, random);
			for (String adopter : adopters.subList(0, 8)) {
				String solution = random.nextBoolean() ? fromHessen : fromRheinlandPfalz;
				java.time.LocalDate start = java.time.LocalDate.of(2021, 1, 1).plusDays(random.nextInt(1200));
				String adoption = land.execute("""
						mutation($o: ID!, $s: ID!, $d: Date) { recordAdoption(input: { organizationId: $o, solutionId: $s,
						  status: PLANNED, effectiveDate: $d }) { adoption { id } } }""",
						Map.of("o", adopter, "s", solution, "d", start.toString()))
					.path("recordAdoption.adoption.id")
					.entity(String.class)
					.get();
				int version = 1;
				if (random.nextInt(4) > 0) {
					java.time.LocalDate live = start.plusDays(random.nextInt(200));
					version = status(land, adoption, "LIVE", live);
					if (random.nextInt(3) == 0 && live.plusDays(30).isBefore(java.time.LocalDate.now())) {
						version = status(land, adoption, "DISCONTINUED", live.plusDays(1 + random.nextInt(
								(int) Math.min(400, java.time.temporal.ChronoUnit.DAYS.between(live, java.time.LocalDate.now()) - 1))));
					}
				}
				versions.put(adoption, version);
			}
		}
		await("every adoption in its last version on bund", () -> versions.entrySet().stream().allMatch(adoption -> {
			try (Connection connection = bund.jdbc(); ResultSet rows = connection.createStatement().executeQuery(
					"select version from adoption where id = '" + adoption.getKey() + "'")) {
				return rows.next() && rows.getInt(1) == adoption.getValue();
			}
			catch (java.sql.SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}));
		// the union of the Länder nodes' own adoptions of the two solutions: adopter, kind, ARS, live from, until
		List<String[]> union = new java.util.ArrayList<>();
		for (RegistryNode land : List.of(he, rp)) {
			try (Connection connection = land.jdbc(); ResultSet rows = connection.createStatement().executeQuery("""
					select o.kind, o.ars,
					       (select min(t.effective_date) from adoption_status_transition t
					        where t.adoption_id = a.id and t.status = 'LIVE')::text,
					       (select min(t.effective_date) from adoption_status_transition t
					        where t.adoption_id = a.id and t.status = 'DISCONTINUED')::text
					from adoption a join organization o on o.id = a.organization_id
					where a.solution_id in ('%s', '%s')
					  and not exists (select 1 from replica r where r.entity_type = 'ADOPTION' and r.entity_id = a.id)"""
				.formatted(fromHessen, fromRheinlandPfalz))) {
				while (rows.next()) {
					union.add(new String[] { rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4) });
				}
			}
		}
		assertThat(union).hasSize(versions.size());
		List<String[]> gemeinden = new java.util.ArrayList<>();
		try (Connection connection = bund.jdbc(); ResultSet rows = connection.createStatement().executeQuery("""
				select ars, coalesce(population, 0) from organization
				where kind = 'MUNICIPALITY' and land_code in ('06', '07') and ars is not null""")) {
			while (rows.next()) {
				gemeinden.add(new String[] { rows.getString(1), rows.getString(2) });
			}
		}
		for (java.time.LocalDate at : List.of(java.time.LocalDate.of(2021, 12, 31), java.time.LocalDate.of(2023, 6, 30),
				java.time.LocalDate.of(2024, 9, 30), java.time.LocalDate.now())) {
			Map<String, long[]> expected = new java.util.TreeMap<>();
			for (String[] gemeinde : gemeinden) {
				long[] counts = expected.computeIfAbsent(gemeinde[0].substring(0, 5), kreis -> new long[2]);
				boolean covered = union.stream().anyMatch(adoption -> adoption[2] != null
						&& !java.time.LocalDate.parse(adoption[2]).isAfter(at)
						&& (adoption[3] == null || java.time.LocalDate.parse(adoption[3]).isAfter(at))
						&& switch (adoption[0]) {
							case "STATE" -> gemeinde[0].startsWith(adoption[1].substring(0, 2));
							case "DISTRICT" -> gemeinde[0].startsWith(adoption[1].substring(0, 5));
							case "MUNICIPAL_ASSOCIATION" -> gemeinde[0].startsWith(adoption[1].substring(0, 9));
							default -> gemeinde[0].equals(adoption[1]);
						});
				if (covered) {
					counts[0]++;
					counts[1] += Long.parseLong(gemeinde[1]);
				}
			}
			Map<String, long[]> actual = new java.util.TreeMap<>();
			for (String within : List.of("06", "07")) {
				bund.execute("""
						query($o: Int!, $w: String, $at: Date) { coverage(ozgId: $o, level: DISTRICT, within: $w, at: $at) {
						  region { ars } coveredMunicipalities populationCovered } }""",
						Map.of("o", ozgId, "w", within, "at", at.toString()))
					.path("coverage")
					.entityList(Map.class)
					.get()
					.forEach(row -> actual.put(((String) ((Map<?, ?>) row.get("region")).get("ars")).substring(0, 5),
							new long[] { ((Number) row.get("coveredMunicipalities")).longValue(),
									((Number) row.get("populationCovered")).longValue() }));
			}
			if (at.equals(java.time.LocalDate.now())) {
				assertThat(expected.values().stream().filter(counts -> counts[0] > 0).count())
					.as("Kreise covered today (the data are not trivial)").isGreaterThan(1);
			}
			assertThat(actual.keySet()).as("Kreise on %s", at).isEqualTo(expected.keySet());
			expected.forEach((kreis, counts) -> assertThat(actual.get(kreis)).as("Kreis %s on %s", kreis, at)
				.containsExactly(counts));
		}
	}

	/** Moves the adoption to the status on the node; its new version. */
	private static int status(RegistryNode node, String adoption, String status, java.time.LocalDate date) {
		return node.execute("""
				mutation($id: ID!, $s: AdoptionStatus!, $d: Date) { updateAdoptionStatus(input: { id: $id, status: $s,
				  effectiveDate: $d }) { adoption { version } } }""",
				Map.of("id", adoption, "s", status, "d", date.toString()))
			.path("updateAdoptionStatus.adoption.version")
			.entity(Integer.class)
			.get();
	}

	@Test
	void aReplicatedRecordIsChangedOnlyByItsOwner() throws Exception {
		String solution = publish(he, id(he, "064120000000"), unique("Nur in Hessen"), 10008);
		await("the solution on bund", () -> exists(bund, "solution", solution));
		bund.execute("""
				mutation($id: ID!) { updateSolution(input: { id: $id, expectedVersion: 1, summary: "Gefälscht" }) {
				  solution { id } } }""", Map.of("id", solution))
			.errors()
			.satisfy(errors -> {
				assertThat(errors).hasSize(1);
				assertThat(errors.get(0).getExtensions()).containsEntry("code", "NOT_AUTHORITATIVE")
					.containsEntry("ownerNode", "he")
					.containsEntry("ownerUrl", he.url());
			});
		assertThat(bund.execute("query($id: ID!) { solution(id: $id) { summary version } }", Map.of("id", solution))
			.path("solution.summary")
			.entity(String.class)
			.get()).isEqualTo("Test");
	}

	@Test
	void aRotatedKeyIsFollowedByThePeers() throws Exception {
		String kid = he.execute("mutation { rotateNodeKey { kid } }", Map.of()).path("rotateNodeKey.kid")
			.entity(String.class)
			.get();
		JsonNode keys = JSON.readTree(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(he.url() + "/.well-known/ozg-registry")).build(),
					java.net.http.HttpResponse.BodyHandlers.ofString())
			.body()).get("jwks").get("keys");
		assertThat(keys.size()).as("the old key stays published for the overlap").isGreaterThanOrEqualTo(2);
		assertThat(keys.get(0).get("kid").asString()).isEqualTo(kid);
		String solution = publish(he, id(he, "064120000000"), unique("Neuer Schlüssel"), 10008);
		await("the solution signed with the new key on bund", () -> exists(bund, "solution", solution));
	}

	/**
	 * A node killed while it bootstraps from a peer (after some of the peer's records) and started again later,
	 * while its peer went on writing: it goes on from what it applied, and ends with every current record of the
	 * peer, each version applied once.
	 */
	@Test
	void aNodeStoppedMidBatchResumesWithoutDuplicatesOrGaps() throws Exception {
		Map<String, String> settings = Map.of("ozg.federation.pull-interval", "500ms",
				"ozg.federation.allow-private-addresses", "true", "ozg.federation.scope", "08",
				"ozg.federation.page-size", "20", "ozg.federation.peers[0].node-id", "he",
				"ozg.federation.peers[0].url", he.url());
		// a backlog of 200 solutions (ten pages), more than late can apply between two looks at it
		String provider = id(he, "064120000000");
		for (int i = 0; i < 200; i++) {
			publish(he, provider, unique("Rückstand " + i), 10008);
		}
		// a process of its own, killed (no shutdown) in the middle of its work
		java.nio.file.Path log = java.nio.file.Files.createTempFile("node-late", ".log");
		log.toFile().deleteOnExit();
		Process late = RegistryNode.spawn(database, "late", settings, log);
		try {
			await("some entries applied", Duration.ofSeconds(120), () -> {
				if (!late.isAlive()) {
					throw new AssertionError("late exited:\n" + java.nio.file.Files.readString(log));
				}
				try {
					return applied(() -> RegistryNode.jdbc(database, "late")) >= 30;
				}
				catch (java.sql.SQLException ex) {
					return false;  // its tables are not there yet
				}
			});
		}
		finally {
			late.destroyForcibly();
			late.waitFor();
		}
		long before = applied(() -> RegistryNode.jdbc(database, "late"));
		String whileDown = publish(he, id(he, "064120000000"), unique("Während der Pause"), 10008);
		RegistryNode again = RegistryNode.open(database, "late", settings);
		try {
			await("caught up", () -> exists(again, "solution", whileDown) && lag(again) == 0);
			// what he lists now (its records and those it relays), and what this node has from it
			List<String> listed = new java.util.ArrayList<>();
			String after = "";
			while (true) {
				JsonNode page = JSON.readTree(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
					.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(he.url()
							+ "/federation/snapshot?limit=1000&except=late" + (after.isEmpty() ? "" : "&after=" + after)))
						.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
					.body());
				page.get("records").forEach(record -> listed.add(record.get("id").asString() + "@"
						+ record.get("version").asInt()));
				if (page.get("next").isNull()) {
					break;
				}
				after = page.get("next").asString();
			}
			List<String> held = new java.util.ArrayList<>();
			List<String> twice = new java.util.ArrayList<>();
			try (Connection connection = again.jdbc(); java.sql.Statement statement = connection.createStatement()) {
				try (ResultSet rows = statement.executeQuery(
						"select entity_id || '@' || version from replica where via = 'he'")) {
					while (rows.next()) {
						held.add(rows.getString(1));
					}
				}
				try (ResultSet rows = statement.executeQuery("""
						select entity_id || '@' || entity_version from change_log where actor_subject = 'federation:he'
						group by entity_id, entity_version having count(*) > 1""")) {
					while (rows.next()) {
						twice.add(rows.getString(1));
					}
				}
			}
			assertThat(before).as("killed mid-batch").isLessThan(200);
			assertThat(held).as("every current record of he, in its version").containsExactlyInAnyOrderElementsOf(listed);
			assertThat(twice).as("versions applied twice").isEmpty();
		}
		finally {
			again.close();
		}
	}

	/** With an hour between scheduled pulls, only the source's push hint can bring a change over in seconds. */
	@Test
	void aPushHintBringsAChangeOverAtOnce() throws Exception {
		RegistryNode hinted = RegistryNode.start(database, "hinted", Map.of("ozg.federation.pull-interval", "1h",
				"ozg.federation.allow-private-addresses", "true", "ozg.federation.scope", "08",
				"ozg.federation.peers[0].node-id", "he", "ozg.federation.peers[0].url", he.url()));
		try {
			await("the first pull done", () -> lag(hinted) == 0);
			String solution = publish(he, id(he, "064120000000"), unique("Angestoßen"), 10008);
			await("the solution on the hinted node", () -> exists(hinted, "solution", solution));
		}
		finally {
			hinted.close();
		}
	}

	private static long applied(java.util.concurrent.Callable<Connection> database) throws Exception {
		try (Connection connection = database.call(); ResultSet rows = connection.createStatement()
			.executeQuery("select coalesce(sum(applied_count), 0) from federation_peer")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static long lag(RegistryNode node) throws Exception {
		try (Connection connection = node.jdbc(); ResultSet rows = connection.createStatement()
			.executeQuery("select coalesce(lag_entries, -1) from federation_peer where node_id = 'he'")) {
			return rows.next() ? rows.getLong(1) : -1;
		}
	}

	/** A peer that signs badly, with a key it never published, or sends records outside its scope. */
	@Test
	void forgedTamperedAndForeignEntriesAreRefusedAndNothingOfThemIsApplied() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
		ECKey unpublished = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
		String munich = id(bund, "091620000000");
		String mainz = id(bund, "073150000000");
		ArrayNode events = JSON.createArrayNode();
		ObjectNode tampered = event(key, 1, "ORGANIZATION", munich, snapshot(bund, munich, "München (gefälscht)"));
		((ObjectNode) tampered.get("data")).put("name", "München (nach der Signatur geändert)");
		events.add(tampered);
		events.add(event(key, 2, "ORGANIZATION", mainz, snapshot(bund, mainz, "Mainz (nicht Bayerns)")));
		events.add(event(unpublished, 3, "ORGANIZATION", munich, snapshot(bund, munich, "München (fremder Schlüssel)")));
		// Mainz "moved" into the fake's scope: it must own the record as this node has it, not only as it sends it
		ObjectNode moved = (ObjectNode) snapshot(bund, mainz, "Mainz (umgezogen)");
		moved.put("ars", "099999999999");
		events.add(event(key, 4, "ORGANIZATION", mainz, moved));
		// München (in the fake's scope) moved out of it, and Saarbrücken (outside it, owned by no node here) moved in
		ObjectNode emigrated = (ObjectNode) snapshot(bund, munich, "München (ausgewandert)");
		emigrated.put("ars", "079999999999");
		events.add(event(key, 5, "ORGANIZATION", munich, emigrated));
		String saarbruecken = id(bund, "100410100100");
		ObjectNode immigrated = (ObjectNode) snapshot(bund, saarbruecken, "Saarbrücken (eingewandert)");
		immigrated.put("ars", "099999999998");
		events.add(event(key, 6, "ORGANIZATION", saarbruecken, immigrated));
		HttpServer fake = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		String url = "http://localhost:" + fake.getAddress().getPort();
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("nodeId", "fake");
		description.put("name", "A peer that misbehaves");
		description.put("scope", List.of("09"));
		description.put("jwks", new JWKSet(key.toPublicJWK()).toJSONObject(true));
		java.util.concurrent.atomic.AtomicReference<String> served = new java.util.concurrent.atomic.AtomicReference<>(
				JSON.writeValueAsString(description));
		respond(fake, "/.well-known/ozg-registry", query -> served.get());
		String page = JSON.writeValueAsString(Map.of("events", events, "next", "1-6"));
		String end = JSON.writeValueAsString(Map.of("events", List.of(), "next", "1-6"));
		java.util.concurrent.atomic.AtomicReference<String> fakeFeed = new java.util.concurrent.atomic.AtomicReference<>(end);
		respond(fake, "/federation/changes", query -> query != null && query.contains("after=0-0") ? page
				: query != null && query.contains("after=1-6") ? fakeFeed.get() : end);
		respond(fake, "/federation/snapshot", query -> EMPTY_SNAPSHOT);
		fake.start();
		try {
			bund.execute("""
					mutation($input: AddFederationPeerInput!) { addFederationPeer(input: $input) { peer { nodeId state } } }""",
					Map.of("input", Map.of("nodeId", "fake", "url", url)))
				.path("addFederationPeer.peer.nodeId")
				.entity(String.class)
				.isEqualTo("fake");
			await("six refusals", () -> refusals(bund, "fake").size() == 6);
			// the cursor moved past them: the next pulls read no entry twice
			Thread.sleep(1500);
			// Mainz came from rp (whose scope covers it): nobody else can take it over, however it is sent
			assertThat(refusals(bund, "fake")).containsExactly(
					"Organization outside the scope of fake as this node has it (ARS 100410100100)",
					"Organization outside the scope of fake (ARS 079999999999)", "a record of node rp",
					"signed with an unknown key (" + unpublished.getKeyID() + ")", "a record of node rp",
					"the signature does not match");
			assertThat(name(bund, munich)).isEqualTo("München");
			// a key set swapped on the way (the old key and one of somebody else's, not signed by the old key): the
			// next entry by the new key makes bund read the description again, and it refuses the set
			ECKey intruder = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
			description.put("jwks", new JWKSet(List.of(intruder.toPublicJWK(), key.toPublicJWK())).toJSONObject(true));
			served.set(JSON.writeValueAsString(description));
			String later = JSON.writeValueAsString(Map.of("events", List.of(event(intruder, 7, "ORGANIZATION", munich,
					snapshot(bund, munich, "München (Eindringling)"))), "next", "1-7"));
			fakeFeed.set(later);
			await("the swapped key set refused", () -> {
				Map<?, ?> fakePeer = (Map<?, ?>) bund.execute("{ federation { peers { nodeId state lastError } } }", Map.of())
					.path("federation.peers")
					.entityList(Map.class)
					.get()
					.stream()
					.filter(p -> "fake".equals(p.get("nodeId")))
					.findFirst()
					.orElseThrow();
				return "FAILING".equals(fakePeer.get("state"))
						&& String.valueOf(fakePeer.get("lastError")).contains("not signed by a key it signed with before");
			});
			assertThat(name(bund, munich)).isEqualTo("München");
			assertThat(name(bund, mainz)).isEqualTo("Mainz");
			assertThat(name(bund, saarbruecken)).isEqualTo("Saarbrücken");
		}
		finally {
			fake.stop(0);
		}
	}

	/**
	 * A relay passes on another node's records as their owner signed them: it cannot alter one, swap the owner's
	 * keys, bring back an older version over a newer one, or pass on records of a node it does not describe.
	 */
	@Test
	void aRelayCannotAlterRollBackOrInventAnotherNodesRecords() throws Exception {
		String solution = publish(he, id(he, "064120000000"), unique("Weitergereicht"), 10008);
		await("the solution on bund", () -> exists(bund, "solution", solution));
		ObjectNode first = (ObjectNode) feedEvent(he, solution, 1);
		he.execute("""
				mutation($id: ID!) { updateSolution(input: { id: $id, expectedVersion: 1, summary: "Zweite Fassung" }) {
				  solution { version } } }""", Map.of("id", solution))
			.path("updateSolution.solution.version")
			.entity(Integer.class)
			.isEqualTo(2);
		await("the second version on bund", () -> "Zweite Fassung".equals(summary(bund, solution)));
		ECKey relayKey = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
		ECKey intruder = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
		ArrayNode events = JSON.createArrayNode();
		// he's genuine first version, relayed after bund has the second: skipped, not applied, not refused
		events.add(relayed(first, 1));
		ObjectNode altered = relayed(first, 2);
		((ObjectNode) altered.get("data")).put("summary", "Vom Relais geändert");
		events.add(altered);
		// signed by a key the relay claims is he's
		ObjectNode forged = ChangeFeed.signedPart(first);
		((ObjectNode) forged.get("data")).put("summary", "Mit fremdem Schlüssel");
		forged.put("ozgsignature", NodeKeys.sign(intruder, Canonical.bytes(forged)));
		events.add(relayed(forged, 3));
		// a node the relay does not describe
		ObjectNode ghost = ChangeFeed.signedPart(first);
		ghost.put("ozgnode", "ghost");
		ghost.put("ozgsignature", NodeKeys.sign(intruder, Canonical.bytes(ghost)));
		events.add(relayed(ghost, 4));
		HttpServer fake = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("nodeId", "relay");
		description.put("scope", List.of("09"));
		description.put("jwks", new JWKSet(relayKey.toPublicJWK()).toJSONObject(true));
		// it lists he with the intruder's key (not signed by he's keys): bund keeps he's own
		description.put("relays", List.of(Map.of("nodeId", "he", "url", he.url(), "scope", List.of("06"), "jwks",
				new JWKSet(intruder.toPublicJWK()).toJSONObject(true), "jwksSignatures", List.of())));
		respond(fake, "/.well-known/ozg-registry", query -> JSON.writeValueAsString(description));
		String page = JSON.writeValueAsString(Map.of("events", events, "next", "1-4"));
		String end = JSON.writeValueAsString(Map.of("events", List.of(), "next", "1-4"));
		respond(fake, "/federation/changes", query -> query != null && query.contains("after=0-0") ? page : end);
		respond(fake, "/federation/snapshot", query -> EMPTY_SNAPSHOT);
		fake.start();
		try {
			bund.execute("""
					mutation($input: AddFederationPeerInput!) { addFederationPeer(input: $input) { peer { nodeId } } }""",
					Map.of("input", Map.of("nodeId", "relay", "url", "http://localhost:" + fake.getAddress().getPort())))
				.path("addFederationPeer.peer.nodeId")
				.entity(String.class)
				.isEqualTo("relay");
			await("three refusals", () -> refusals(bund, "relay").size() == 3);
			Thread.sleep(1000);
			assertThat(refusals(bund, "relay")).containsExactly(
					"relayed from node 'ghost', which relay does not describe",
					"signed with an unknown key (" + intruder.getKeyID() + ")", "the signature does not match");
			assertThat(summary(bund, solution)).isEqualTo("Zweite Fassung");
			assertThat(owner(bund, "SOLUTION", solution)).isEqualTo("he via he");
		}
		finally {
			fake.stop(0);
		}
	}

	/** The event as a relay passes it on: the owner's, with the relay's attributes. */
	private static ObjectNode relayed(ObjectNode owners, int position) {
		ObjectNode event = owners.deepCopy();
		event.put("ozgrelay", "relay");
		event.put("ozgrelayposition", "1-" + position);
		return event;
	}

	/** The node's own feed event of the record's version. */
	private static JsonNode feedEvent(RegistryNode node, String id, int version) throws Exception {
		String cursor = ChangeFeed.START;
		while (true) {
			JsonNode page = JSON.readTree(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI
					.create(node.url() + "/federation/changes?limit=1000&after=" + cursor)).build(),
						java.net.http.HttpResponse.BodyHandlers.ofString())
				.body());
			for (JsonNode event : page.get("events")) {
				if (event.get("ozgentityid").asString().equals(id) && event.get("ozgversion").asInt() == version) {
					return event;
				}
			}
			if (page.get("events").isEmpty()) {
				throw new AssertionError("not in the feed: " + id + " version " + version);
			}
			cursor = page.get("next").asString();
		}
	}

	private static String summary(RegistryNode node, String solution) {
		return node.execute("query($id: ID!) { solution(id: $id) { summary } }", Map.of("id", solution))
			.path("solution.summary")
			.entity(String.class)
			.get();
	}

	/**
	 * A peer's snapshot is compared with what came from it: one that lists a record no more withdraws it here (the
	 * tombstone in the change log), one that would withdraw more than the allowed share (an empty or cut-off
	 * snapshot) is refused with nothing of it applied, and the refusal says why.
	 */
	@Test
	void aShrunkenSnapshotIsRefusedAndARecordNoLongerListedIsWithdrawn() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
		JsonNode template = latestSnapshot(bund, publish(bund, BUND, unique("Vorlage"), 10008));
		String munich = id(bund, "091620000000");
		List<JsonNode> records = new java.util.ArrayList<>();
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			ObjectNode data = (ObjectNode) template.deepCopy();
			String id = java.util.UUID.randomUUID().toString();
			data.put("id", id);
			data.put("provider_id", munich);
			data.put("name", unique("Aus Bayern " + i));
			data.put("version", 1);
			data.put("registry_node_id", "shrinking");
			ObjectNode record = JSON.createObjectNode();
			record.put("type", "SOLUTION");
			record.put("id", id);
			record.put("node", "shrinking");
			record.put("version", 1);
			record.put("hash", bund.recordHash(data.toString()));
			record.set("event", event(key, "shrinking", i, "SOLUTION", id, data, 1));
			records.add(record);
			ids.add(id);
		}
		java.util.concurrent.atomic.AtomicReference<List<JsonNode>> listed = new java.util.concurrent.atomic.AtomicReference<>(
				records);
		HttpServer fake = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("nodeId", "shrinking");
		description.put("scope", List.of("09"));
		description.put("jwks", new JWKSet(key.toPublicJWK()).toJSONObject(true));
		respond(fake, "/.well-known/ozg-registry", query -> JSON.writeValueAsString(description));
		respond(fake, "/federation/snapshot", query -> JSON.writeValueAsString(Map.of("position", "1-10", "records",
				listed.get(), "next", "")).replace("\"next\":\"\"", "\"next\":null"));
		respond(fake, "/federation/changes", query -> JSON.writeValueAsString(Map.of("events", List.of(), "next", "1-10")));
		fake.start();
		try {
			bund.execute("""
					mutation($input: AddFederationPeerInput!) { addFederationPeer(input: $input) { peer { nodeId } } }""",
					Map.of("input", Map.of("nodeId", "shrinking", "url", "http://localhost:" + fake.getAddress().getPort())))
				.path("addFederationPeer.peer.nodeId")
				.entity(String.class)
				.isEqualTo("shrinking");
			// a new peer starts from its snapshot
			await("the ten solutions from the snapshot", () -> ids.stream().allMatch(id -> {
				try {
					return exists(bund, "solution", id);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}));
			// cut off after one record, then empty: refused, nothing withdrawn
			listed.set(records.subList(0, 1));
			await("the cut-off snapshot refused", () -> refusals(bund, "shrinking").size() == 1);
			listed.set(List.of());
			await("the empty snapshot refused", () -> refusals(bund, "shrinking").size() == 2);
			assertThat(refusals(bund, "shrinking")).containsExactly(
					"its snapshot would withdraw 10 of the 10 records received through it (more than 10 %): nothing of it applied",
					"its snapshot would withdraw 9 of the 10 records received through it (more than 10 %): nothing of it applied");
			for (String id : ids) {
				assertThat(exists(bund, "solution", id)).as("kept: " + id).isTrue();
			}
			// one record less (not more than 10 %): withdrawn, with a tombstone
			listed.set(records.subList(0, 9));
			await("the tenth withdrawn", () -> !exists(bund, "solution", ids.get(9)));
			assertThat(entries(bund, "'" + ids.get(9) + "'")).containsExactly("shrinking 1", "shrinking 1");
			assertThat(owner(bund, "SOLUTION", ids.get(9))).isNull();
			// the same snapshot again changes nothing: each of the others was written once
			Thread.sleep(2500);
			for (String id : ids.subList(0, 9)) {
				assertThat(entries(bund, "'" + id + "'")).as("entries of " + id).containsExactly("shrinking 1");
			}
			assertThat(refusals(bund, "shrinking")).hasSize(2);
			try (Connection connection = bund.jdbc(); ResultSet rows = connection.createStatement().executeQuery(
					"select operation from change_log where entity_id = '" + ids.get(9) + "' order by seq")) {
				List<String> operations = new java.util.ArrayList<>();
				while (rows.next()) {
					operations.add(rows.getString(1));
				}
				assertThat(operations).containsExactly("UPDATE", "WITHDRAW");
			}
		}
		finally {
			fake.stop(0);
		}
	}

	private static JsonNode latestSnapshot(RegistryNode node, String id) throws Exception {
		try (Connection connection = node.jdbc(); ResultSet rows = connection.createStatement().executeQuery(
				"select snapshot::text from change_log where entity_id = '" + id + "' order by seq desc limit 1")) {
			rows.next();
			return JSON.readTree(rows.getString(1));
		}
	}

	@Test
	void theStatusIsForAdminsAndShowsEveryPeer() {
		await("both peers pulled", () -> {
			List<Map<String, Object>> peers = bund.execute("{ federation { peers { nodeId state lagEntries } } }", Map.of())
				.path("federation.peers")
				.entityList(Map.class)
				.get()
				.stream()
				.map(peer -> (Map<String, Object>) peer)
				.filter(peer -> List.of("he", "rp").contains(peer.get("nodeId")))
				.toList();
			return peers.size() == 2 && peers.stream().allMatch(peer -> "OK".equals(peer.get("state")));
		});
		// the lag of each peer is also a metric of the node (Prometheus: ozg_federation_lag_entries{peer="he"})
		io.micrometer.core.instrument.MeterRegistry meters = bund.bean(io.micrometer.core.instrument.MeterRegistry.class);
		for (String peer : List.of("he", "rp")) {
			assertThat(meters.find("ozg.federation.lag.entries").tag("peer", peer).gauge()).as("lag gauge of " + peer)
				.isNotNull()
				.satisfies(gauge -> assertThat(gauge.value()).isGreaterThanOrEqualTo(0));
		}
		bund.execute("{ federation { node { id scope } } }", Map.of())
			.path("federation.node.id")
			.entity(String.class)
			.isEqualTo("bund");
		// an admin removes a peer (its records would stay, read-only); removing it again is NOT_FOUND
		String remove = "mutation($id: String!) { removeFederationPeer(input: { nodeId: $id }) { nodeId } }";
		bund.execute("""
				mutation { addFederationPeer(input: { nodeId: "gone", url: "http://localhost:1" }) { peer { nodeId } } }""",
				Map.of()).path("addFederationPeer.peer.nodeId").entity(String.class).isEqualTo("gone");
		// nobody answers there: bund backs off, doubling the wait with each failure in a row
		await("backing off", () -> {
			Map<?, ?> gone = (Map<?, ?>) bund.execute("{ federation { peers { nodeId state lastAttemptAt nextAttemptAt } } }",
					Map.of())
				.path("federation.peers")
				.entityList(Map.class)
				.get()
				.stream()
				.filter(peer -> "gone".equals(peer.get("nodeId")))
				.findFirst()
				.orElseThrow();
			return "FAILING".equals(gone.get("state")) && gone.get("nextAttemptAt") != null
					&& Duration.between(OffsetDateTime.parse((String) gone.get("lastAttemptAt")),
							OffsetDateTime.parse((String) gone.get("nextAttemptAt"))).toMillis() >= 1900;
		});
		bund.execute(remove, Map.of("id", "gone")).path("removeFederationPeer.nodeId").entity(String.class)
			.isEqualTo("gone");
		assertThat(bund.execute("{ federation { peers { nodeId } } }", Map.of())
			.path("federation.peers[*].nodeId")
			.entityList(String.class)
			.get()).contains("he", "rp").doesNotContain("gone");
		bund.execute(remove, Map.of("id", "gone"))
			.errors()
			.satisfy(errors -> assertThat(errors.get(0).getExtensions()).containsEntry("code", "NOT_FOUND"));
		org.springframework.graphql.test.tester.HttpGraphQlTester.create(
				org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
					.baseUrl(bund.url() + "/graphql")
					.build())
			.document("{ federation { node { id } } }")
			.execute()
			.errors()
			.satisfy(errors -> assertThat(errors.get(0).getExtensions()).containsEntry("code", "FORBIDDEN"));
	}

	private static ObjectNode event(ECKey key, int seq, String type, String id, JsonNode data) {
		return event(key, "fake", seq, type, id, data, 99);
	}

	private static ObjectNode event(ECKey key, String node, int seq, String type, String id, JsonNode data,
			int version) {
		ObjectNode event = JSON.createObjectNode();
		event.put("specversion", "1.0");
		event.put("id", node + "/" + seq);
		event.put("source", "urn:ozg-registry:" + node);
		event.put("type", "de.ozgregistry." + type.toLowerCase() + ".update");
		event.put("subject", type.toLowerCase() + "/" + id);
		event.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
		event.put("datacontenttype", "application/json");
		event.put("ozgnode", node);
		event.put("ozgentity", type);
		event.put("ozgentityid", id);
		event.put("ozgversion", version);
		event.put("ozgoperation", "UPDATE");
		event.put("ozgposition", "1-" + seq);
		event.set("data", data);
		event.put("ozgsignature", NodeKeys.sign(key, Canonical.bytes(event)));
		return event;
	}

	private static JsonNode snapshot(RegistryNode node, String id, String name) throws Exception {
		try (Connection connection = node.jdbc(); ResultSet rows = connection.createStatement()
			.executeQuery("select to_jsonb(o)::text from organization o where o.id = '" + id + "'")) {
			rows.next();
			ObjectNode snapshot = (ObjectNode) JSON.readTree(rows.getString(1));
			snapshot.put("name", name);
			snapshot.put("version", 99);
			return snapshot;
		}
	}

	/** Serves JSON at the path: the body for the request's query string (null without one). */
	private static void respond(HttpServer server, String path, java.util.function.UnaryOperator<String> body) {
		server.createContext(path, exchange -> {
			byte[] bytes = body.apply(exchange.getRequestURI().getQuery()).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			try (var out = exchange.getResponseBody()) {
				out.write(bytes);
			}
			catch (IOException ex) {
				// the reader went away
			}
		});
	}

	private static List<String> refusals(RegistryNode node, String peer) {
		List<Map> peers = node.execute("{ federation { peers { nodeId refusals { reason } } } }", Map.of())
			.path("federation.peers")
			.entityList(Map.class)
			.get();
		return peers.stream()
			.filter(p -> peer.equals(p.get("nodeId")))
			.flatMap(p -> ((List<Map<String, Object>>) p.get("refusals")).stream())
			.map(r -> (String) r.get("reason"))
			.toList();
	}

	private static String name(RegistryNode node, String id) {
		return node.execute("query($id: ID!) { organization(id: $id) { name } }", Map.of("id", id))
			.path("organization.name")
			.entity(String.class)
			.get();
	}

	private static Map<String, Integer> coverage(RegistryNode node, int ozgId) {
		Map<String, Integer> byLand = new LinkedHashMap<>();
		node.execute("query($o: Int!) { coverage(ozgId: $o, level: STATE) { region { ars } coveredMunicipalities } }",
				Map.of("o", ozgId))
			.path("coverage")
			.entityList(Map.class)
			.get()
			.forEach(row -> byLand.put(((String) ((Map) row.get("region")).get("ars")).substring(0, 2),
					(Integer) row.get("coveredMunicipalities")));
		return byLand;
	}

	/** Publishes a solution (labelled a test) for one OZG-Leistung on the node and returns its ID. */
	private static String publish(RegistryNode node, String provider, String name, int ozgId) {
		return node.execute("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
				Map.of("input", Map.of("name", name, "summary", "Test", "providerId", provider, "ozgIds", List.of(ozgId),
						"reuseModel", "OPEN_SOURCE", "lifecycle", "PRODUCTION", "legalPaths", List.of("OPEN_LICENCE"))))
			.path("publishSolution.solution.id")
			.entity(String.class)
			.get();
	}

	private static String confirmation(RegistryNode node, String adoption) {
		try (Connection connection = node.jdbc(); ResultSet rows = connection.createStatement()
			.executeQuery("select confirmation_status from adoption where id = '" + adoption + "'")) {
			return rows.next() ? rows.getString(1) : null;
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String id(RegistryNode node, String ars) {
		return node.execute("query($ars: String!) { organization(ars: $ars) { id } }", Map.of("ars", ars))
			.path("organization.id")
			.entity(String.class)
			.get();
	}

	private static boolean exists(RegistryNode node, String table, String id) throws Exception {
		try (Connection connection = node.jdbc(); ResultSet rows = connection.createStatement()
			.executeQuery("select count(*) from " + table + " where id = '" + id + "'")) {
			rows.next();
			return rows.getInt(1) == 1;
		}
	}

	private static String owner(RegistryNode node, String type, String id) throws Exception {
		try (Connection connection = node.jdbc(); ResultSet rows = connection.createStatement().executeQuery(
				"select node_id || ' via ' || via from replica where entity_type = '" + type + "' and entity_id = '" + id
						+ "'")) {
			return rows.next() ? rows.getString(1) : null;
		}
	}

	private interface Check {

		boolean holds() throws Exception;

	}

	private static void await(String what, Check check) {
		await(what, Duration.ofSeconds(30), check);
	}

	private static void await(String what, Duration timeout, Check check) {
		Instant deadline = Instant.now().plus(timeout);
		try {
			while (!check.holds()) {
				if (Instant.now().isAfter(deadline)) {
					throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
				}
				Thread.sleep(50);
			}
		}
		catch (AssertionError ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new AssertionError(what, ex);
		}
	}

	private static Map<String, String> with(Map<String, String> common, Map<String, String> own) {
		Map<String, String> all = new LinkedHashMap<>(common);
		all.putAll(own);
		return all;
	}

}
