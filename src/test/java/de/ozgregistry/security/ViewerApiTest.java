package de.ozgregistry.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class ViewerApiTest extends ApiTest {

	private static final String VIEWER = """
			query($id: ID!) { viewer { subject roles organization { name } mayActFor(organizationId: $id) } }""";

	@Test
	void viewerIsNullWithoutCredentials() {
		executeAs(null, VIEWER, Map.of("id", municipality("073150000000"))).path("viewer").valueIsNull();
	}

	@Test
	void viewerNamesTheOrganizationAndRolesOfAnApiToken() {
		String koblenz = municipality("071110000000");
		String token = issueToken(koblenz, "PUBLISHER");
		var response = executeAs(token, VIEWER, Map.of("id", koblenz));
		response.path("viewer.organization.name").entity(String.class).isEqualTo("Koblenz");
		response.path("viewer.roles").entityList(String.class).containsExactly("PUBLISHER");
		response.path("viewer.subject").entity(String.class).satisfies(subject -> assertThat(subject).startsWith("token:"));
		response.path("viewer.mayActFor").entity(Boolean.class).isEqualTo(true);
	}

	@Test
	void aPublisherMayNotActForAnotherOrganization() {
		String token = issueToken(municipality("071110000000"), "PUBLISHER");
		executeAs(token, VIEWER, Map.of("id", municipality("073150000000"))).path("viewer.mayActFor")
			.entity(Boolean.class)
			.isEqualTo(false);
		executeAs(token, VIEWER, Map.of("id", "not-an-id")).path("viewer.mayActFor").entity(Boolean.class).isEqualTo(false);
	}

	@Test
	void viewerOfAnOidcTokenAndOfTheAdmin() {
		executeAs(ISSUER.token("070000000000", "STATE_COORDINATOR"), VIEWER, Map.of("id", municipality("073150000000")))
			.path("viewer.roles").entityList(String.class).isEqualTo(List.of("STATE_COORDINATOR"))
			.path("viewer.organization.name").entity(String.class).isEqualTo("Rheinland-Pfalz")
			.path("viewer.subject").entity(String.class).isEqualTo("oidc:user-070000000000")
			.path("viewer.mayActFor").entity(Boolean.class).isEqualTo(true);
		execute(VIEWER, Map.of("id", municipality("073150000000"))).path("viewer.organization").valueIsNull()
			.path("viewer.mayActFor").entity(Boolean.class).isEqualTo(true);
	}

	@Test
	void invalidCredentialsAreNotAnAnonymousViewer() {
		assertError(executeAs("ozg_unknown_0123456789", VIEWER, Map.of("id", municipality("073150000000"))),
				"UNAUTHENTICATED", null);
	}

}
