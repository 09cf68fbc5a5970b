package de.ozgregistry.federation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.support.ApiTest;
import de.ozgregistry.support.RegistryNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node description, the signed change feed and the snapshot of a Land node ({@code he}, authoritative for ARS 06:
 * Hessen), and the one-writer rule: a local change of a record outside its scope fails with {@code NOT_AUTHORITATIVE}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangeFeedTest extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Autowired
	DatabaseEndpoint database;

	private RegistryNode he;

	@BeforeAll
	void startHessen() {
		he = RegistryNode.start(database, "he", Map.of("ozg.federation.scope", "06", "ozg.federation.name",
				"Registry Hessen (test)"));
	}

	@AfterAll
	void stop() {
		he.close();
	}

	@Test
	void theNodeDescribesItselfWithItsScopeFeedAndKeys() throws Exception {
		JsonNode description = get(he.url() + "/.well-known/ozg-registry");
		assertThat(description.get("nodeId").asString()).isEqualTo("he");
		assertThat(description.get("name").asString()).isEqualTo("Registry Hessen (test)");
		assertThat(description.get("scope").get(0).asString()).isEqualTo("06");
		assertThat(description.get("feed").asString()).isEqualTo(he.url() + "/federation/changes");
		JWKSet keys = JWKSet.parse(description.get("jwks").toString());
		assertThat(keys.getKeys()).isNotEmpty()
			.allSatisfy(key -> {
				assertThat(key.isPrivate()).as("only public keys are published").isFalse();
				assertThat(key.getKeyID()).isNotBlank();
			});
	}

	@Test
	void everyEventIsASignedCloudEventOfARecordInTheScope() throws Exception {
		String provider = hessianGemeinde("064120000000");
		String solution = publish(provider, unique("Feed"));
		List<JsonNode> events = allEvents();
		JsonNode event = events.stream()
			.filter(e -> e.get("subject").asString().equals("solution/" + solution))
			.findFirst()
			.orElseThrow();
		assertThat(event.get("specversion").asString()).isEqualTo("1.0");
		assertThat(event.get("type").asString()).isEqualTo("de.ozgregistry.solution.create");
		assertThat(event.get("source").asString()).isEqualTo(he.url());
		assertThat(event.get("ozgnode").asString()).isEqualTo("he");
		assertThat(event.get("data").get("provider_id").asString()).isEqualTo(provider);
		List<JWK> keys = JWKSet.parse(get(he.url() + "/.well-known/ozg-registry").get("jwks").toString()).getKeys();
		assertThat(verify(event, keys)).as("signature of " + event.get("id")).isNull();
		ObjectNode tampered = (ObjectNode) event.deepCopy();
		((ObjectNode) tampered.get("data")).put("name", "Geändert");
		assertThat(verify(tampered, keys)).isEqualTo("the signature does not match");
		// every organization in the feed is Hessian: the seeded bodies of other Länder are not he's to announce
		assertThat(events).filteredOn(e -> e.get("ozgentity").asString().equals("ORGANIZATION"))
			.isNotEmpty()
			.allSatisfy(e -> assertThat(e.get("data").get("ars").asString()).startsWith("06"));
	}

	/**
	 * The commit-order problem: an entry drawn first but committed last must not be skipped by a reader that read
	 * (and moved its cursor past) the entries committed before it.
	 */
	@Test
	void aReaderNeverSkipsAnEntryThatCommitsLater() throws Exception {
		String cursor = lastCursor();
		String gemeinde = hessianGemeinde("064110000000");
		try (Connection slow = he.jdbc()) {
			slow.setAutoCommit(false);
			try (PreparedStatement insert = slow.prepareStatement("""
					insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, registry_node_id)
					select 'ORGANIZATION', o.id, o.version, 'UPDATE', to_jsonb(o), 'he' from organization o
					where o.id = ?::uuid""")) {
				insert.setString(1, gemeinde);
				assertThat(insert.executeUpdate()).isOne();
			}
			// a change that commits while the slow one is still open
			String solution = publish(hessianGemeinde("064120000000"), unique("Später gezogen"));
			JsonNode page = page(cursor);
			assertThat(subjects(page)).as("nothing after the open transaction's entry is shown yet")
				.doesNotContain("solution/" + solution);
			String readerCursor = page.get("next").asString();
			slow.commit();
			List<String> seen = new ArrayList<>(subjects(page));
			for (JsonNode next = page(readerCursor); !next.get("events").isEmpty(); next = page(readerCursor)) {
				seen.addAll(subjects(next));
				readerCursor = next.get("next").asString();
			}
			assertThat(seen).containsSubsequence("organization/" + gemeinde, "solution/" + solution);
			assertThat(seen).filteredOn(("organization/" + gemeinde)::equals).hasSize(1);
			assertThat(seen).filteredOn(("solution/" + solution)::equals).hasSize(1);
		}
	}

	/**
	 * A node holds many entries that are not in its feed (organizations seeded outside its scope, records received):
	 * a page shorter than asked for ends at the feed's end, so that the next read (the node's own signer after every
	 * change, a peer's pull) does not read them all again.
	 */
	@Test
	void aShortPageEndsAtTheEndOfTheFeedEvenIfItsLastEntriesAreNotForTheReader() throws Exception {
		String last = lastCursor();
		long seq;
		try (Connection connection = he.jdbc(); PreparedStatement insert = connection.prepareStatement("""
				insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, registry_node_id)
				select 'ORGANIZATION', o.id, o.version, 'UPDATE', to_jsonb(o), 'he' from organization o
				where o.ars = '073150000000'
				returning seq""")) {
			try (var result = insert.executeQuery()) {
				result.next();
				seq = result.getLong(1);
			}
		}
		JsonNode page = page(last);
		assertThat(page.get("events")).as("Mainz is not he's to announce").isEmpty();
		assertThat(page.get("next").asString()).as("the cursor after the entry not shown").endsWith("-" + seq);
	}

	@Test
	void aLocalChangeOutsideTheScopeIsRefusedAndChangesNothing() {
		String mainz = he.execute("{ organization(ars: \"073150000000\") { id } }", Map.of())
			.path("organization.id")
			.entity(String.class)
			.get();
		String name = unique("Nicht hier");
		var response = he.execute("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
				Map.of("input", Map.of("name", name, "summary", "Test", "providerId", mainz, "ozgIds", List.of(10008),
						"reuseModel", "OPEN_SOURCE", "lifecycle", "PRODUCTION", "legalPaths", List.of("OPEN_LICENCE"))));
		response.errors()
			.satisfy(errors -> {
				assertThat(errors).hasSize(1);
				assertThat(errors.get(0).getExtensions()).containsEntry("code", "NOT_AUTHORITATIVE");
				assertThat(errors.get(0).getMessage()).contains("outside the scope of this registry node (he)");
			});
		assertThat(he.execute("query($q: String!) { search(query: $q) { totalCount } }", Map.of("q", name))
			.path("search.totalCount")
			.entity(Integer.class)
			.get()).isZero();
	}

	/**
	 * The snapshot lists every current record the node owns once, in its latest version, organizations first, paged
	 * without gaps or repeats; each with the hash of its data and, if asked for, its latest event, signed.
	 */
	@Test
	void theSnapshotListsEveryCurrentRecordOnceWithItsHash() throws Exception {
		String solution = publish(hessianGemeinde("064120000000"), unique("Im Schnappschuss"));
		he.execute("""
				mutation($id: ID!) { updateSolution(input: { id: $id, expectedVersion: 1, summary: "Zweite Fassung" }) {
				  solution { version } } }""", Map.of("id", solution))
			.path("updateSolution.solution.version")
			.entity(Integer.class)
			.isEqualTo(2);
		List<JsonNode> listed = new ArrayList<>();
		String after = "";
		int pages = 0;
		do {
			JsonNode page = get(he.url() + "/federation/snapshot?limit=100" + (after.isEmpty() ? "" : "&after=" + after));
			assertThat(page.get("position").asString()).matches("\\d+-\\d+");
			page.get("records").forEach(listed::add);
			after = page.get("next").isNull() ? "" : page.get("next").asString();
			pages++;
		}
		while (!after.isEmpty());
		assertThat(pages).as("paged").isGreaterThan(1);
		List<String> keys = listed.stream().map(r -> r.get("type").asString() + "/" + r.get("id").asString()).toList();
		assertThat(keys).as("each record once").doesNotHaveDuplicates();
		// what a record refers to comes first: organizations, then solutions
		assertThat(keys.indexOf("SOLUTION/" + solution)).isGreaterThan(keys.lastIndexOf(keys.stream()
			.filter(key -> key.startsWith("ORGANIZATION/"))
			.reduce((a, b) -> b)
			.orElseThrow()));
		JsonNode record = listed.stream().filter(r -> r.get("id").asString().equals(solution)).findFirst().orElseThrow();
		assertThat(record.get("version").asInt()).isEqualTo(2);
		assertThat(record.get("node").asString()).isEqualTo("he");
		assertThat(record.has("event")).as("events only when asked for").isFalse();
		// every record the feed shows is listed, and nothing else: Hessian organizations and he's solutions
		List<JsonNode> events = allEvents();
		assertThat(keys).containsExactlyInAnyOrderElementsOf(events.stream()
			.map(e -> e.get("ozgentity").asString() + "/" + e.get("ozgentityid").asString())
			.distinct()
			.toList());
		// with events: the latest, signed, and the hash is that of its data
		JsonNode withEvents = get(he.url() + "/federation/snapshot?events=true&limit=1000&after=ORGANIZATION/"
				+ "ffffffff-ffff-ffff-ffff-ffffffffffff");
		JsonNode listedWithEvent = java.util.stream.StreamSupport.stream(withEvents.get("records").spliterator(), false)
			.filter(r -> r.get("id").asString().equals(solution))
			.findFirst()
			.orElseThrow();
		JsonNode event = listedWithEvent.get("event");
		assertThat(event.get("ozgversion").asInt()).isEqualTo(2);
		assertThat(event.get("data").get("summary").asString()).isEqualTo("Zweite Fassung");
		List<JWK> keysOfHe = JWKSet.parse(get(he.url() + "/.well-known/ozg-registry").get("jwks").toString()).getKeys();
		assertThat(verify(event, keysOfHe)).isNull();
		assertThat(listedWithEvent.get("hash").asString()).isEqualTo(he.recordHash(event.get("data").toString()))
			.hasSize(64);
		HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create(he.url()
				+ "/federation/snapshot?after=SOLUTION")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(bad.body()).get("error").asString()).startsWith("after:");
	}

	@Test
	void aBadCursorIsABadRequest() throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest
			.newBuilder(URI.create(he.url() + "/federation/changes?after=101")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(response.body()).get("error").asString()).startsWith("after:");
	}

	private String hessianGemeinde(String ars) {
		return he.execute("query($ars: String!) { organization(ars: $ars) { id } }", Map.of("ars", ars))
			.path("organization.id")
			.entity(String.class)
			.get();
	}

	private String publish(String provider, String name) {
		return he.execute("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
				Map.of("input", Map.of("name", name, "summary", "Test solution " + name, "providerId", provider,
						"ozgIds", List.of(10008), "reuseModel", "OPEN_SOURCE", "lifecycle", "PRODUCTION",
						"legalPaths", List.of("OPEN_LICENCE"))))
			.path("publishSolution.solution.id")
			.entity(String.class)
			.get();
	}

	private List<JsonNode> allEvents() throws Exception {
		List<JsonNode> events = new ArrayList<>();
		String cursor = ChangeFeed.START;
		for (JsonNode page = page(cursor); !page.get("events").isEmpty(); page = page(cursor)) {
			page.get("events").forEach(events::add);
			cursor = page.get("next").asString();
		}
		return events;
	}

	private String lastCursor() throws Exception {
		String cursor = ChangeFeed.START;
		for (JsonNode page = page(cursor); !page.get("events").isEmpty(); page = page(cursor)) {
			cursor = page.get("next").asString();
		}
		return cursor;
	}

	private JsonNode page(String cursor) throws Exception {
		return get(he.url() + "/federation/changes?limit=1000&after=" + cursor);
	}

	private static List<String> subjects(JsonNode page) {
		List<String> subjects = new ArrayList<>();
		page.get("events").forEach(event -> subjects.add(event.get("subject").asString()));
		return subjects;
	}

	private static String verify(JsonNode event, List<JWK> keys) {
		ObjectNode unsigned = (ObjectNode) event.deepCopy();
		String signature = unsigned.remove("ozgsignature").asString();
		return NodeKeys.verify(signature, Canonical.bytes(unsigned), keys);
	}

	private static JsonNode get(String url) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return JSON.readTree(response.body());
	}

}
