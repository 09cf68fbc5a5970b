package de.ozgregistry.federation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;

import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.support.ApiTest;
import de.ozgregistry.support.RegistryNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first signing key of a node, on a fresh node that has none: made once however many ask at the same time, and
 * not at all for push hints that nobody subscribed to. Found under 10 writes/s on a fresh database: every instance
 * made RSA keys for hints without subscribers, many at once, and stored none (see {@code AfterChangesTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeKeysTest extends ApiTest {

	@Autowired
	DatabaseEndpoint database;

	private RegistryNode fresh;

	@BeforeAll
	void startAFreshNode() {
		fresh = RegistryNode.start(database, "keys", Map.of());
	}

	@AfterAll
	void stop() {
		fresh.close();
	}

	@Test
	void pushHintsWithoutSubscribersMakeNoKeyThenConcurrentSignersShareTheFirstKey() throws Exception {
		fresh.bean(PushHints.class).send().block();
		assertThat(keyIds()).as("no subscriber, no hint, no key").isEmpty();

		NodeKeys keys = fresh.bean(NodeKeys.class);
		Set<String> used = Flux.range(0, 8)
			.flatMap(n -> keys.signingKey())
			.map(JWK::getKeyID)
			.collect(Collectors.toSet())
			.block();
		assertThat(keyIds()).hasSize(1).isEqualTo(used);
	}

	private Set<String> keyIds() throws Exception {
		try (Connection jdbc = fresh.jdbc();
				ResultSet keys = jdbc.createStatement().executeQuery("select kid from node_key")) {
			Set<String> ids = new java.util.HashSet<>();
			while (keys.next()) {
				ids.add(keys.getString(1));
			}
			return ids;
		}
	}

}
