package de.ozgregistry.security;

import java.util.UUID;

import de.ozgregistry.graphql.ErrorCode;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.OrganizationKind;

/**
 * The rules of who may write what. Every mutation first requires an authenticated actor
 * ({@code UNAUTHENTICATED} otherwise), then one of these rules on the records it touches ({@code FORBIDDEN}).
 * <ul>
 * <li>An admin may do everything.</li>
 * <li>A publisher of organization X acts for X: publishes and updates solutions provided by X, records and updates
 * adoptions of X, confirms or disputes adoptions of X's solutions.</li>
 * <li>A vendor V publishes and updates solutions that name V as vendor.</li>
 * <li>A state coordinator of Land L acts for every organization in L.</li>
 * <li>Restricted fields are visible to authenticated public-sector organizations (everyone but vendors), to
 * coordinators and admins, and to the solution's own provider and vendor.</li>
 * </ul>
 */
public final class Permissions {

	private Permissions() {
	}

	public static void requireAuthenticated(Actor actor) {
		if (!actor.authenticated()) {
			throw new RegistryException(ErrorCode.UNAUTHENTICATED,
					"This needs a token: send 'Authorization: Bearer <token>' (see the README on tokens).");
		}
	}

	/** Whether the actor may act for {@code target}: as admin, as its publisher, or as coordinator of its Land. */
	public static boolean actsFor(Actor actor, Organization target) {
		if (actor.has(Role.ADMIN)) {
			return true;
		}
		if (actor.has(Role.PUBLISHER) && target.id().equals(actor.organizationId())) {
			return true;
		}
		return actor.has(Role.STATE_COORDINATOR) && actor.landCode() != null
				&& actor.landCode().equals(target.landCode()) && target.kind() != OrganizationKind.FEDERAL;
	}

	/** Whether the actor is the vendor organization {@code vendorId}. */
	public static boolean isVendor(Actor actor, UUID vendorId) {
		return vendorId != null && actor.has(Role.VENDOR) && vendorId.equals(actor.organizationId());
	}

	public static void requireActsFor(Actor actor, Organization target, String action) {
		requireAuthenticated(actor);
		if (!actsFor(actor, target)) {
			throw forbidden(action + " is only allowed for " + target.name() + " itself, its Land's coordinator or an admin.");
		}
	}

	/** Restricted fields (terms and costs, contact persons) of a solution with this provider and vendor. */
	public static boolean mayReadRestricted(Actor actor, UUID providerId, UUID vendorId) {
		if (!actor.authenticated()) {
			return false;
		}
		if (actor.has(Role.ADMIN) || actor.has(Role.FEDERAL_COORDINATOR) || actor.has(Role.STATE_COORDINATOR)) {
			return true;
		}
		if (actor.organizationId() != null
				&& (actor.organizationId().equals(providerId) || actor.organizationId().equals(vendorId))) {
			return true;
		}
		return actor.organizationKind() != null && actor.organizationKind() != OrganizationKind.VENDOR;
	}

	public static RegistryException forbidden(String message) {
		return new RegistryException(ErrorCode.FORBIDDEN, message);
	}

}
