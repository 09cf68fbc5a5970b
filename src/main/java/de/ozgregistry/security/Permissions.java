package de.ozgregistry.security;

import java.util.EnumSet;
import java.util.Set;
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
 * <li>A vendor V publishes solutions provided by V itself (its own products) and updates solutions that name V as
 * vendor, without changing who the vendor is: only the provider names, replaces or removes the vendor.</li>
 * <li>A state coordinator of Land L acts for every organization in L.</li>
 * <li>Tokens: an admin issues any token, a state coordinator {@code PUBLISHER} and {@code VENDOR} tokens for the
 * organizations of its Land. An actor revokes, and sees in {@code apiTokens}, the tokens it could issue and the token
 * it is using, nothing of a higher rank.</li>
 * <li>Zuständigkeit: defaults by the federal coordinator, a Land's rules and its organizations' rules by the
 * Land's coordinator, everything by an admin.</li>
 * <li>Reuse requests are made and agreed to by those who act for the requesting organization, answered by those who
 * speak for the solution's provider, and seen only by the two organizations, the coordinators of their Länder and
 * admins. Notification subscriptions of an organization are kept by those who speak for it.</li>
 * <li>Restricted fields are visible to authenticated public-sector organizations (everyone but vendors), to
 * coordinators and admins, and to the solution's own provider and vendor.</li>
 * </ul>
 */
public final class Permissions {

	/** The subject of an actor authenticated by a registry API token: {@code token:<ID>}. */
	static final String TOKEN_SUBJECT = "token:";

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

	/**
	 * Whether the actor speaks for {@code provider} as the provider of solutions: it acts for the provider, or it is
	 * a vendor and the provider is the vendor itself.
	 */
	private static boolean speaksForProvider(Actor actor, Organization provider) {
		return actsFor(actor, provider) || isVendor(actor, provider.id());
	}

	/**
	 * Publishing a solution provided by {@code provider} needs the provider's voice: naming oneself as its vendor is
	 * not enough.
	 */
	public static void requireMayPublishSolution(Actor actor, Organization provider) {
		requireAuthenticated(actor);
		if (!speaksForProvider(actor, provider)) {
			throw forbidden("Solutions of " + provider.name() + " are published by its publishers, its Land's "
					+ "coordinator or an admin (a vendor publishes only solutions it provides itself).");
		}
	}

	/**
	 * Updating a solution: the provider's side may change everything it may change; the solution's vendor may change
	 * the solution too, but not who its vendor is ({@code newVendorId} must equal {@code currentVendorId}).
	 */
	public static void requireMayUpdateSolution(Actor actor, Organization provider, UUID currentVendorId,
			UUID newVendorId) {
		requireAuthenticated(actor);
		if (speaksForProvider(actor, provider)) {
			return;
		}
		if (!isVendor(actor, currentVendorId)) {
			throw forbidden("Solutions of " + provider.name() + " are changed by its publishers, its vendor, its "
					+ "Land's coordinator or an admin.");
		}
		if (!currentVendorId.equals(newVendorId)) {
			throw forbidden("Only the provider (" + provider.name() + ") names, replaces or removes the vendor of "
					+ "its solution.");
		}
	}

	/**
	 * The roles of the tokens the actor may issue for {@code organization}: every role for an admin,
	 * {@code PUBLISHER} and {@code VENDOR} for the coordinator of the organization's Land, none otherwise.
	 */
	public static Set<Role> issuableTokenRoles(Actor actor, Organization organization) {
		if (actor.has(Role.ADMIN)) {
			return EnumSet.allOf(Role.class);
		}
		if (actor.has(Role.STATE_COORDINATOR) && actsFor(actor, organization)) {
			return EnumSet.of(Role.PUBLISHER, Role.VENDOR);
		}
		return Set.of();
	}

	public static void requireMayIssueToken(Actor actor, Organization organization, Role role) {
		requireAuthenticated(actor);
		if (!issuableTokenRoles(actor, organization).contains(role)) {
			throw forbidden("Tokens are issued by an admin, or for publishers and vendors by the coordinator of "
					+ "their Land.");
		}
	}

	/** The ID of the registry API token the actor uses, or {@code null} (OIDC, bootstrap admin, anonymous). */
	public static UUID ownTokenId(Actor actor) {
		String subject = actor.subject();
		if (subject == null || !subject.startsWith(TOKEN_SUBJECT)) {
			return null;
		}
		try {
			return UUID.fromString(subject.substring(TOKEN_SUBJECT.length()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Whether the actor may revoke (and see listed) the token {@code tokenId} with this role for
	 * {@code organization}: a token it could issue, or its own.
	 */
	public static boolean mayManageToken(Actor actor, Organization organization, Role role, UUID tokenId) {
		return issuableTokenRoles(actor, organization).contains(role) || tokenId.equals(ownTokenId(actor));
	}

	public static void requireMayManageToken(Actor actor, Organization organization, Role role, UUID tokenId) {
		requireAuthenticated(actor);
		if (!mayManageToken(actor, organization, role, tokenId)) {
			throw forbidden("A token is revoked by whoever could issue it (an admin; for publisher and vendor tokens "
					+ "the coordinator of " + organization.name() + "'s Land) or by its own holder.");
		}
	}

	/**
	 * Whether the actor may ask for the token list of {@code organization}: it acts for it or belongs to it. The list
	 * then holds only the tokens of {@link #mayManageToken}.
	 */
	public static boolean mayListTokens(Actor actor, Organization organization) {
		return actsFor(actor, organization) || organization.id().equals(actor.organizationId());
	}

	public static void requireActsFor(Actor actor, Organization target, String action) {
		requireAuthenticated(actor);
		if (!actsFor(actor, target)) {
			throw forbidden(action + " is only allowed for " + target.name() + " itself, its Land's coordinator or an admin.");
		}
	}

	/** The OZG catalogue is national reference data: a new version is loaded by the federal coordinator or an admin. */
	public static void requireMayUpdateCatalogue(Actor actor) {
		requireAuthenticated(actor);
		if (!actor.has(Role.ADMIN) && !actor.has(Role.FEDERAL_COORDINATOR)) {
			throw forbidden("Loading a new version of the OZG catalogue is only allowed for the federal coordinator "
					+ "or an admin.");
		}
	}

	/**
	 * Zuständigkeit: the default of an OZG-Leistung is set by the federal coordinator or an admin; a Land rule (for
	 * {@code landCode}) by that Land's coordinator or an admin; a rule for one {@code organization} by the coordinator
	 * of its Land or an admin.
	 */
	public static void requireMaySetResponsibility(Actor actor, String landCode, Organization organization) {
		requireAuthenticated(actor);
		if (actor.has(Role.ADMIN)) {
			return;
		}
		if (organization != null) {
			if (!(actor.has(Role.STATE_COORDINATOR) && actsFor(actor, organization))) {
				throw forbidden("The Zuständigkeit of " + organization.name() + " is set by the coordinator of its Land "
						+ "or an admin.");
			}
		}
		else if (landCode != null) {
			if (!(actor.has(Role.STATE_COORDINATOR) && landCode.equals(actor.landCode()))) {
				throw forbidden("A Land's rules of Zuständigkeit are set by that Land's coordinator or an admin.");
			}
		}
		else if (!actor.has(Role.FEDERAL_COORDINATOR)) {
			throw forbidden("The default Zuständigkeit is set by the federal coordinator or an admin.");
		}
	}

	/**
	 * Whether the actor speaks for the organization as a party of the reuse marketplace: it acts for it (its
	 * publishers, its Land's coordinator, admins), or it is the vendor organization itself.
	 */
	public static boolean speaksFor(Actor actor, Organization organization) {
		return speaksForProvider(actor, organization);
	}

	/**
	 * Whether the actor may read the reuse requests and notification subscriptions of the organization: anyone
	 * authenticated for the organization itself, the coordinator of its Land, admins. A federal coordinator may not:
	 * these are the two parties' exchange, not public-sector data.
	 */
	public static boolean mayReadPrivateOf(Actor actor, Organization organization) {
		return actor.authenticated()
				&& (actsFor(actor, organization) || organization.id().equals(actor.organizationId()));
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
