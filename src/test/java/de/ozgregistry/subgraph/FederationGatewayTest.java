package de.ozgregistry.subgraph;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;
import de.ozgregistry.support.Npm;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry composes into a supergraph with open-source tools from npm ({@code src/test/node/federation.mjs}):
 * {@code @theguild/federation-composition} composes its {@code _service} SDL without errors, and Hive Gateway's
 * runtime answers one query over the registry and a second subgraph that extends {@code Organization} with a field,
 * asking for registry fields and that field together (so the gateway calls both subgraphs' {@code _entities}).
 */
class FederationGatewayTest extends ApiTest {

	@LocalServerPort
	int port;

	@Test
	void theRegistrysSchemaComposesWithoutErrors() {
		Npm.Result result = Npm.node(Duration.ofMinutes(2), "federation.mjs", "compose", graphqlUrl());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stdout()).contains("composed:");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aGatewayAnswersOneQueryOverTheRegistryAndASubgraphThatExtendsOrganization() throws Exception {
		String trier = municipality("072110000000");
		String mainz = municipality("073150000000");
		String berlin = organizationId("110000000000", "STATE");
		Npm.Result result = Npm.node(Duration.ofMinutes(2), "federation.mjs", "gateway", graphqlUrl(), "072110000000",
				mainz, berlin);
		assertThat(result.exitCode()).as(result.output()).isZero();
		Map<?, ?> body = JsonMapper.builder().build().readValue(result.stdout().strip(), Map.class);
		assertThat(body.get("errors")).as(result.output()).isNull();
		Map<?, ?> data = (Map<?, ?>) body.get("data");
		assertThat((Map<String, Object>) data.get("organization")).containsEntry("id", trier)
			.containsEntry("ars", "072110000000")
			.containsEntry("portalUrl", "https://portal.example/organisation/" + trier)
			.containsKey("name");
		assertThat(((Map<String, Object>) data.get("organization")).get("name").toString()).contains("Trier");
		List<?> featured = (List<?>) data.get("featuredOrganizations");
		assertThat(featured).hasSize(2);
		assertThat((Map<String, Object>) featured.get(0)).containsEntry("id", mainz).containsEntry("ars", "073150000000");
		assertThat(((Map<String, Object>) featured.get(0)).get("name").toString()).contains("Mainz");
		assertThat((Map<String, Object>) featured.get(1)).containsEntry("id", berlin).containsEntry("ars", "110000000000")
			.containsEntry("portalUrl", "https://portal.example/organisation/" + berlin);
	}

	private String graphqlUrl() {
		return "http://localhost:" + port + "/graphql";
	}

}
