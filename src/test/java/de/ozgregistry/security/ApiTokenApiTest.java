package de.ozgregistry.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenApiTest extends ApiTest {

	private static final String ISSUE = """
			mutation($input: IssueApiTokenInput!) {
			  issueApiToken(input: $input) { token apiToken { id prefix role label expiresAt revokedAt lastUsedAt organization { name } } }
			}""";

	@Test
	void anIssuedTokenIsShownOnceStoredOnlyAsAHashAndRecordsItsLastUse() {
		String mainz = municipality("073150000000");
		var response = execute(ISSUE, Map.of("input", Map.of("organizationId", mainz, "role", "PUBLISHER", "label",
				"Fachverfahren Hundesteuer", "validDays", 30)));
		String token = response.path("issueApiToken.token").entity(String.class).get();
		String id = response.path("issueApiToken.apiToken.id").entity(String.class).get();
		assertThat(token).startsWith("ozg_").hasSizeGreaterThan(40);
		response.path("issueApiToken.apiToken.prefix").entity(String.class).isEqualTo(token.substring(0, 10));
		response.path("issueApiToken.apiToken.organization.name").entity(String.class).isEqualTo("Mainz");
		response.path("issueApiToken.apiToken.lastUsedAt").valueIsNull();
		assertThat(count("select count(*) from api_token where id = '" + id + "' and token_hash = sha256(convert_to('"
				+ token + "', 'UTF8'))")).isEqualTo(1);
		assertThat(count("select count(*) from api_token where position('" + token.substring(10) + "' in "
				+ "concat_ws('|', token_prefix, label, encode(token_hash, 'escape'))) > 0")).isZero();

		executeAs(token, "{ themenfelder { name } }", Map.of()).path("themenfelder").hasValue();
		var listed = executeAs(token, "query($org: ID!) { apiTokens(organizationId: $org) { edges { node { id lastUsedAt } } } }",
				Map.of("org", mainz));
		listed.path("apiTokens.edges[?(@.node.id == '" + id + "')].node.lastUsedAt").entityList(String.class)
			.satisfies(values -> assertThat(values).hasSize(1).doesNotContainNull());
	}

	@Test
	void aRevokedTokenIsRefusedAtOnce() {
		String mainz = municipality("073150000000");
		var issued = execute(ISSUE, Map.of("input", Map.of("organizationId", mainz, "role", "PUBLISHER")));
		String token = issued.path("issueApiToken.token").entity(String.class).get();
		String id = issued.path("issueApiToken.apiToken.id").entity(String.class).get();
		executeAs(token, "{ themenfelder { name } }", Map.of()).errors().verify();
		executeAs(token, "mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { revokedAt } } }",
				Map.of("id", id)).path("revokeApiToken.apiToken.revokedAt").hasValue();
		assertError(executeAs(token, "{ themenfelder { name } }", Map.of()), "UNAUTHENTICATED", null);
	}

	@Test
	void theReadmeStepIssuesAPublisherTokenForMainzByArs() {
		String token = execute("""
				mutation { issueApiToken(input: { organizationArs: "073150000000", role: PUBLISHER }) {
				  token apiToken { organization { name kind } } } }""")
			.path("issueApiToken.apiToken.organization.kind").entity(String.class).isEqualTo("MUNICIPALITY")
			.path("issueApiToken.token").entity(String.class).get();
		executeAs(token, """
				mutation($id: ID!) { updateOrganization(input: { id: $id, expectedVersion: 1, contactEmail: "digital@mainz.de" }) {
				  organization { contactEmail } } }""", Map.of("id", municipality("073150000000")))
			.path("updateOrganization.organization.contactEmail").entity(String.class).isEqualTo("digital@mainz.de");
		execute("""
				mutation { issueApiToken(input: { organizationArs: "070000000000", role: STATE_COORDINATOR }) {
				  apiToken { organization { kind } } } }""")
			.path("issueApiToken.apiToken.organization.kind").entity(String.class).isEqualTo("STATE");
		assertError(execute("mutation { issueApiToken(input: { role: PUBLISHER }) { token } }"), "VALIDATION_FAILED",
				"input.organizationId");
		assertError(execute("mutation { issueApiToken(input: { organizationArs: \"07315\", role: PUBLISHER }) { token } }"),
				"VALIDATION_FAILED", "input.organizationArs");
	}

	@Test
	void rolesMustFitTheOrganization() {
		assertError(execute(ISSUE, Map.of("input", Map.of("organizationId", municipality("073150000000"), "role",
				"STATE_COORDINATOR"))), "VALIDATION_FAILED", "input.role");
		assertError(execute(ISSUE, Map.of("input", Map.of("organizationId", municipality("073150000000"), "role",
				"PUBLISHER", "validDays", 400))), "VALIDATION_FAILED", "input.validDays");
	}

	@Test
	void aStateCoordinatorIssuesPublisherTokensInItsLandButNoCoordinatorTokens() {
		String coordinator = issueToken(organizationId("070000000000", "STATE"), "STATE_COORDINATOR");
		executeAs(coordinator, ISSUE, Map.of("input", Map.of("organizationId", municipality("073150000000"), "role",
				"PUBLISHER"))).path("issueApiToken.token").hasValue();
		assertError(executeAs(coordinator, ISSUE, Map.of("input", Map.of("organizationId",
				organizationId("070000000000", "STATE"), "role", "STATE_COORDINATOR"))), "FORBIDDEN", null);
	}

	@Test
	void tokensOfAnOrganizationAreNotListedForOthers() {
		String other = issueToken(municipality("051110000000"), "PUBLISHER");
		assertError(executeAs(other, "query($org: ID!) { apiTokens(organizationId: $org) { totalCount } }",
				Map.of("org", municipality("073150000000"))), "FORBIDDEN", null);
		assertError(executeAs(null, "query($org: ID!) { apiTokens(organizationId: $org) { totalCount } }",
				Map.of("org", municipality("073150000000"))), "UNAUTHENTICATED", null);
	}

	private static final String REVOKE = """
			mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { revokedAt } } }""";

	private static final String LIST = """
			query($org: ID!) {
			  apiTokens(organizationId: $org, first: 100) { totalCount edges { node { id role } } }
			}""";

	private static final String RLP = "070000000000";

	private static final String MAINZ = "073150000000";

	/** Issues a token as admin and returns its secret and ID. */
	private String[] issued(String organizationId, String role) {
		var response = execute(ISSUE, Map.of("input", Map.of("organizationId", organizationId, "role", role,
				"validDays", 1)));
		return new String[] { response.path("issueApiToken.token").entity(String.class).get(),
				response.path("issueApiToken.apiToken.id").entity(String.class).get() };
	}

	private void assertRevokeForbidden(String token, String id) {
		assertError(executeAs(token, REVOKE, Map.of("id", id)), "FORBIDDEN", null);
		assertThat(count("select count(*) from api_token where id = '" + id + "' and revoked_at is null")).isOne();
		executeAs(token, "{ themenfelder { number } }", Map.of()).errors().verify();
	}

	@Test
	void aPublisherOfALandCannotRevokeTheLandsCoordinatorToken() {
		String land = organizationId(RLP, "STATE");
		String[] coordinator = issued(land, "STATE_COORDINATOR");
		String[] publisher = issued(land, "PUBLISHER");
		assertRevokeForbidden(publisher[0], coordinator[1]);
		executeAs(coordinator[0], "{ themenfelder { number } }", Map.of()).errors().verify();
	}

	@Test
	void neitherAPublisherNorTheLandsCoordinatorRevokesAnAdminTokenIssuedForMainz() {
		String[] admin = issued(municipality(MAINZ), "ADMIN");
		String[] publisher = issued(municipality(MAINZ), "PUBLISHER");
		String[] coordinator = issued(organizationId(RLP, "STATE"), "STATE_COORDINATOR");
		assertRevokeForbidden(publisher[0], admin[1]);
		assertRevokeForbidden(coordinator[0], admin[1]);
		execute(REVOKE, Map.of("id", admin[1])).path("revokeApiToken.apiToken.revokedAt").hasValue();
	}

	@Test
	void aCoordinatorRevokesWhatItCouldIssueButNotAnotherCoordinatorsToken() {
		String land = organizationId(RLP, "STATE");
		String[] coordinator = issued(land, "STATE_COORDINATOR");
		String[] otherCoordinator = issued(land, "STATE_COORDINATOR");
		String[] publisher = issued(municipality(MAINZ), "PUBLISHER");
		executeAs(coordinator[0], REVOKE, Map.of("id", publisher[1])).path("revokeApiToken.apiToken.revokedAt")
			.hasValue();
		assertRevokeForbidden(coordinator[0], otherCoordinator[1]);
	}

	@Test
	void everyoneRevokesTheirOwnTokenButAPublisherNotAColleaguesToken() {
		String[] publisher = issued(municipality(MAINZ), "PUBLISHER");
		String[] colleague = issued(municipality(MAINZ), "PUBLISHER");
		String[] federal = issued(db.sql("select id::text from organization where kind = 'FEDERAL'")
			.map(row -> row.get(0, String.class))
			.one()
			.block(), "FEDERAL_COORDINATOR");
		assertRevokeForbidden(publisher[0], colleague[1]);
		executeAs(federal[0], REVOKE, Map.of("id", federal[1])).path("revokeApiToken.apiToken.revokedAt").hasValue();
		assertError(executeAs(federal[0], "{ themenfelder { number } }", Map.of()), "UNAUTHENTICATED", null);
		executeAs(colleague[0], REVOKE, Map.of("id", colleague[1])).path("revokeApiToken.apiToken.revokedAt")
			.hasValue();
	}

	@Test
	void theTokenListShowsOnlyTheTokensTheCallerMayRevoke() {
		String mainz = municipality(MAINZ);
		String[] admin = issued(mainz, "ADMIN");
		String[] publisher = issued(mainz, "PUBLISHER");
		String[] colleague = issued(mainz, "PUBLISHER");
		String[] coordinator = issued(organizationId(RLP, "STATE"), "STATE_COORDINATOR");

		var own = executeAs(publisher[0], LIST, Map.of("org", mainz));
		own.path("apiTokens.edges[*].node.id").entityList(String.class).containsExactly(publisher[1]);
		own.path("apiTokens.totalCount").entity(Integer.class).isEqualTo(1);

		var byCoordinator = executeAs(coordinator[0], LIST, Map.of("org", mainz));
		byCoordinator.path("apiTokens.edges[*].node.id").entityList(String.class)
			.contains(publisher[1], colleague[1])
			.doesNotContain(admin[1]);
		byCoordinator.path("apiTokens.edges[*].node.role").entityList(String.class)
			.satisfies(roles -> assertThat(roles).isSubsetOf("PUBLISHER", "VENDOR"));
		int listed = byCoordinator.path("apiTokens.edges").entityList(Object.class).get().size();
		byCoordinator.path("apiTokens.totalCount").entity(Integer.class).isEqualTo(listed);

		execute(LIST, Map.of("org", mainz)).path("apiTokens.edges[*].node.id").entityList(String.class)
			.contains(admin[1], publisher[1], colleague[1]);
	}

	@Test
	void tokensOfAnUnknownOrganizationAreAnEmptyList() {
		String unknown = java.util.UUID.randomUUID().toString();
		String publisher = issueToken(municipality(MAINZ), "PUBLISHER");
		for (String token : new String[] { ADMIN_TOKEN, publisher }) {
			var response = executeAs(token, LIST, Map.of("org", unknown));
			response.errors().verify();
			response.path("apiTokens.totalCount").entity(Integer.class).isEqualTo(0);
			response.path("apiTokens.edges").entityList(Object.class).hasSize(0);
		}
		assertError(execute(LIST, Map.of("org", "073150000000")), "VALIDATION_FAILED", "organizationId");
	}

	@Test
	void malformedAuthorizationHeadersAreRejected() {
		var response = graphQl.mutate()
			.headers(headers -> headers.set("Authorization", "Basic dXNlcjpwYXNz"))
			.build()
			.document("{ themenfelder { name } }")
			.execute();
		assertError(response, "UNAUTHENTICATED", null);
	}

	@Test
	void oidcTokensAreCheckedForSignatureIssuerAudienceAndExpiryEvenOnReads() {
		String query = "{ themenfelder { number } }";
		executeAs(ISSUER.token("073150000000", "PUBLISHER"), query, Map.of()).path("themenfelder").hasValue();
		for (String token : new String[] { ISSUER.forgedToken("073150000000", "PUBLISHER"),
				ISSUER.expiredToken("073150000000", "PUBLISHER"), ISSUER.tokenFromOtherIssuer("073150000000", "PUBLISHER"),
				ISSUER.tokenForOtherAudience("073150000000", "PUBLISHER"), ISSUER.token("073150000000"),
				ISSUER.token("079999999999", "PUBLISHER"), "not.a.jwt" }) {
			assertError(executeAs(token, query, Map.of()), "UNAUTHENTICATED", null);
		}
	}

}
