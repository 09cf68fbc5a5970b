package de.ozgregistry.security;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import de.ozgregistry.graphql.ErrorCode;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.OrganizationKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of {@link Permissions} on their own, without the application: solutions and token ranks. */
class PermissionsTest {

	private static final Organization MAINZ = organization(OrganizationKind.MUNICIPALITY, "Mainz", "07");

	private static final Organization RHEINLAND_PFALZ = organization(OrganizationKind.STATE, "Rheinland-Pfalz", "07");

	private static final Organization VENDOR = organization(OrganizationKind.VENDOR, "Hersteller GmbH", null);

	private static final Organization OTHER_VENDOR = organization(OrganizationKind.VENDOR, "Andere GmbH", null);

	private static Organization organization(OrganizationKind kind, String name, String landCode) {
		return new Organization(UUID.randomUUID(), kind, java.util.Set.of(kind), name, null, null, landCode, null, null, null, null, null,
				null, "test-node", 1, null, null);
	}

	private static Actor actor(Organization organization, Role role, UUID tokenId) {
		return new Actor(organization.id(), organization.kind(), organization.landCode(), Set.of(role),
				(tokenId == null) ? "oidc:someone" : "token:" + tokenId);
	}

	private static void assertForbidden(Runnable check) {
		assertThatThrownBy(check::run).isInstanceOfSatisfying(RegistryException.class,
				ex -> assertThat(ex.code()).isEqualTo(ErrorCode.FORBIDDEN));
	}

	@Test
	void aVendorPublishesOnlyAsItsOwnProvider() {
		Actor vendor = actor(VENDOR, Role.VENDOR, UUID.randomUUID());
		assertThatCode(() -> Permissions.requireMayPublishSolution(vendor, VENDOR)).doesNotThrowAnyException();
		assertForbidden(() -> Permissions.requireMayPublishSolution(vendor, MAINZ));
		assertForbidden(() -> Permissions.requireMayPublishSolution(actor(VENDOR, Role.PUBLISHER, null), MAINZ));
	}

	@Test
	void theVendorOfASolutionUpdatesItButKeepsItselfAsVendor() {
		Actor vendor = actor(VENDOR, Role.VENDOR, UUID.randomUUID());
		assertThatCode(() -> Permissions.requireMayUpdateSolution(vendor, MAINZ, VENDOR.id(), VENDOR.id()))
			.doesNotThrowAnyException();
		assertForbidden(() -> Permissions.requireMayUpdateSolution(vendor, MAINZ, VENDOR.id(), null));
		assertForbidden(() -> Permissions.requireMayUpdateSolution(vendor, MAINZ, VENDOR.id(), OTHER_VENDOR.id()));
		assertForbidden(() -> Permissions.requireMayUpdateSolution(vendor, MAINZ, OTHER_VENDOR.id(), VENDOR.id()));
		assertThatCode(() -> Permissions.requireMayUpdateSolution(actor(MAINZ, Role.PUBLISHER, null), MAINZ,
				VENDOR.id(), null)).doesNotThrowAnyException();
		assertThatCode(() -> Permissions.requireMayUpdateSolution(vendor, VENDOR, VENDOR.id(), OTHER_VENDOR.id()))
			.as("a vendor that is the provider names the vendor").doesNotThrowAnyException();
	}

	@Test
	void tokensAreRevokedByWhoeverCouldIssueThemAndByTheirHolder() {
		UUID own = UUID.randomUUID();
		Actor publisher = actor(MAINZ, Role.PUBLISHER, own);
		Actor coordinator = actor(RHEINLAND_PFALZ, Role.STATE_COORDINATOR, UUID.randomUUID());
		Actor admin = actor(MAINZ, Role.ADMIN, UUID.randomUUID());
		assertThat(Permissions.mayManageToken(publisher, MAINZ, Role.PUBLISHER, own)).isTrue();
		assertThat(Permissions.mayManageToken(publisher, MAINZ, Role.PUBLISHER, UUID.randomUUID())).isFalse();
		assertThat(Permissions.mayManageToken(publisher, RHEINLAND_PFALZ, Role.STATE_COORDINATOR, UUID.randomUUID()))
			.isFalse();
		assertThat(Permissions.mayManageToken(coordinator, MAINZ, Role.PUBLISHER, UUID.randomUUID())).isTrue();
		assertThat(Permissions.mayManageToken(coordinator, MAINZ, Role.ADMIN, UUID.randomUUID())).isFalse();
		assertThat(Permissions.mayManageToken(coordinator, RHEINLAND_PFALZ, Role.STATE_COORDINATOR,
				UUID.randomUUID())).isFalse();
		assertThat(Permissions.mayManageToken(admin, RHEINLAND_PFALZ, Role.ADMIN, UUID.randomUUID())).isTrue();
	}

	@Test
	void onlyRegistryTokensHaveAnOwnTokenId() {
		UUID id = UUID.randomUUID();
		assertThat(Permissions.ownTokenId(actor(MAINZ, Role.PUBLISHER, id))).isEqualTo(id);
		assertThat(Permissions.ownTokenId(actor(MAINZ, Role.PUBLISHER, null))).isNull();
		assertThat(Permissions.ownTokenId(Actor.ANONYMOUS)).isNull();
		assertThat(Permissions.ownTokenId(new Actor(null, null, null, Set.of(Role.ADMIN), "bootstrap-admin"))).isNull();
	}

}
