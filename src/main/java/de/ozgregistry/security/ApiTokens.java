package de.ozgregistry.security;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.database.Binds;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Cursor;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Ars;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.OrganizationKind;
import de.ozgregistry.organization.Organizations;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Registry-issued API tokens for machine clients and local operators: issued for one organization and role with an
 * expiry, shown once, stored only as a hash, revocable, with the time of last use.
 */
@Service
public class ApiTokens {

	/** Last use is written at most once a minute per token, not on every request. */
	private static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

	private final DatabaseClient db;

	private final Organizations organizations;

	private final TransactionalOperator transaction;

	private final String nodeId;

	private final Clock clock;

	ApiTokens(DatabaseClient db, Organizations organizations, TransactionalOperator transaction,
			RegistryProperties properties, Clock clock) {
		this.db = db;
		this.organizations = organizations;
		this.transaction = transaction;
		this.nodeId = properties.nodeId();
		this.clock = clock;
	}

	/** A newly issued token: the secret (shown once) and its listing. */
	public record Issued(String token, ApiToken apiToken) {
	}

	/** The actor a token stands for; fails with {@link AuthenticationFailed} if unknown, revoked or expired. */
	Mono<Actor> authenticate(String token) {
		return db.sql("select t.id, t.role, t.expires_at, t.revoked_at, t.last_used_at, o.id as organization_id, "
				+ "o.kind, o.land_code from api_token t join organization o on o.id = t.organization_id "
				+ "where t.token_hash = :hash")
			.bind("hash", TokenHashing.hash(token))
			.map(row -> new Object[] { row.get("id", UUID.class), Role.valueOf(row.get("role", String.class)),
					row.get("expires_at", OffsetDateTime.class), row.get("revoked_at", OffsetDateTime.class),
					row.get("last_used_at", OffsetDateTime.class), row.get("organization_id", UUID.class),
					OrganizationKind.valueOf(row.get("kind", String.class)), row.get("land_code", String.class) })
			.one()
			.switchIfEmpty(Mono.error(new AuthenticationFailed("This token is not known to the registry.")))
			.flatMap(row -> {
				OffsetDateTime now = OffsetDateTime.now(clock);
				if (row[3] != null) {
					return Mono.error(new AuthenticationFailed("This token has been revoked."));
				}
				if (!((OffsetDateTime) row[2]).isAfter(now)) {
					return Mono.error(new AuthenticationFailed("This token has expired."));
				}
				Actor actor = new Actor((UUID) row[5], (OrganizationKind) row[6], (String) row[7],
						Set.of((Role) row[1]), Permissions.TOKEN_SUBJECT + row[0]);
				OffsetDateTime lastUsed = (OffsetDateTime) row[4];
				if (lastUsed != null && lastUsed.isAfter(now.minus(LAST_USE_RESOLUTION))) {
					return Mono.just(actor);
				}
				return db.sql("update api_token set last_used_at = now() where id = :id")
					.bind("id", row[0])
					.then()
					.thenReturn(actor);
			});
	}

	Mono<Issued> issue(String organizationId, String organizationArs, Role role, Integer validDays, String label,
			Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			if ((organizationId == null) == (organizationArs == null)) {
				throw RegistryException.invalid("input.organizationId", "exactly-one",
						"Name the organization by exactly one of organizationId and organizationArs.");
			}
			int days = (validDays == null) ? 90 : validDays;
			if (days < 1 || days > 366) {
				throw RegistryException.invalid("input.validDays", "range", "A token is valid for 1 to 366 days.");
			}
			String text = Inputs.line(label, "input.label", 200, false);
			Mono<Organization> target = (organizationId != null)
					? organizations.byCurrentOrFormerId(Inputs.id(organizationId, "input.organizationId"))
						.switchIfEmpty(Mono.error(RegistryException.notFound("input.organizationId",
								"No organization with this ID.")))
					: organizations.byArs(Ars.requireWellFormed(organizationArs, "input.organizationArs"),
							(role == Role.STATE_COORDINATOR) ? OrganizationKind.STATE : null)
						.switchIfEmpty(Mono.error(RegistryException.notFound("input.organizationArs",
								"No organization with this ARS.")));
			return target.flatMap(organization -> {
					UUID orgId = organization.id();
					Permissions.requireMayIssueToken(actor, organization, role);
					requireRoleFits(organization, role);
					String token = TokenHashing.newToken();
					UUID id = UUID.randomUUID();
					var spec = db.sql("""
							insert into api_token (id, token_hash, token_prefix, organization_id, role, label, expires_at,
							                       created_by_subject, registry_node_id)
							values (:id, :hash, :prefix, :organizationId, :role, :label, now() + make_interval(days => :days),
							        :createdBy, :node)""")
						.bind("id", id)
						.bind("hash", TokenHashing.hash(token))
						.bind("prefix", TokenHashing.prefixOf(token))
						.bind("organizationId", orgId)
						.bind("role", role.name())
						.bind("days", days)
						.bind("createdBy", actor.subject())
						.bind("node", nodeId);
					spec = Binds.nullable(spec, "label", text, String.class);
					return spec.then().then(byId(id)).map(apiToken -> new Issued(token, apiToken));
				});
		}).as(transaction::transactional);
	}

	Mono<ApiToken> revoke(String tokenId, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID id = Inputs.id(tokenId, "input.id");
			return byId(id).switchIfEmpty(Mono.error(RegistryException.notFound("input.id", "No token with this ID.")))
				.flatMap(token -> organizations.byId(token.organizationId()).flatMap(organization -> {
					Permissions.requireMayManageToken(actor, organization, token.role(), token.id());
					if (token.revokedAt() != null) {
						return Mono.just(token);
					}
					return db.sql("update api_token set revoked_at = now() where id = :id")
						.bind("id", id)
						.then()
						.then(byId(id));
				}));
		}).as(transaction::transactional);
	}

	/**
	 * The tokens of an organization that the actor may manage ({@link Permissions#mayManageToken}), newest first.
	 * An unknown organization has no tokens: the list is empty.
	 */
	Mono<Connection<ApiToken>> list(String organizationId, Page page, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID orgId = Inputs.id(organizationId, "organizationId");
			return organizations.byId(orgId).flatMap(organization -> {
				if (!Permissions.mayListTokens(actor, organization)) {
					return Mono.error(Permissions.forbidden("Only " + organization.name()
							+ " itself, its Land's coordinator or an admin list its tokens."));
				}
				String[] roles = Permissions.issuableTokenRoles(actor, organization).stream()
					.map(Role::name)
					.toArray(String[]::new);
				UUID own = Permissions.ownTokenId(actor);
				// the same condition as Permissions.mayManageToken, for the page and its count
				String manageable = "t.organization_id = :org and (t.role = any(:roles)"
						+ ((own == null) ? ")" : " or t.id = :own)");
				String after = (page.after() == null) ? ""
						: " and (t.created_at, t.id) < (:afterCreated, :afterId)";
				var spec = db.sql("select " + ApiToken.COLUMNS + " from api_token t where " + manageable + after
						+ " order by t.created_at desc, t.id desc limit :limit")
					.bind("org", orgId)
					.bind("roles", roles)
					.bind("limit", page.limit());
				var count = db.sql("select count(*)::int from api_token t where " + manageable)
					.bind("org", orgId)
					.bind("roles", roles);
				if (own != null) {
					spec = spec.bind("own", own);
					count = count.bind("own", own);
				}
				if (page.after() != null) {
					spec = spec.bind("afterCreated", timestamp(page.after().sortKey()))
						.bind("afterId", Inputs.id(page.after().id(), "after"));
				}
				Mono<Integer> total = count.map(row -> row.get(0, Integer.class)).one();
				return Mono.zip(spec.map(ApiToken::of).all().collectList(), total)
					.map(both -> Connection.of(both.getT1(), page.first(),
							t -> new Cursor(t.createdAt().toString(), t.id().toString()), both.getT2()));
			}).defaultIfEmpty(Connection.empty());
		});
	}

	private static OffsetDateTime timestamp(String text) {
		try {
			return OffsetDateTime.parse(text);
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw RegistryException.invalid("after", "cursor", "Not a cursor of this list.");
		}
	}

	private Mono<ApiToken> byId(UUID id) {
		return db.sql("select " + ApiToken.COLUMNS + " from api_token t where t.id = :id")
			.bind("id", id)
			.map(ApiToken::of)
			.one();
	}

	private static void requireRoleFits(Organization organization, Role role) {
		boolean fits = switch (role) {
			case PUBLISHER, ADMIN -> true;
			case VENDOR -> organization.is(OrganizationKind.VENDOR)
					|| organization.is(OrganizationKind.IT_SERVICE_PROVIDER);
			case STATE_COORDINATOR -> organization.is(OrganizationKind.STATE);
			case FEDERAL_COORDINATOR -> organization.is(OrganizationKind.FEDERAL);
		};
		if (!fits) {
			throw RegistryException.invalid("input.role", "role-for-kind", "The role " + role
					+ " does not fit an organization of kind " + organization.kind() + ".");
		}
	}


}
