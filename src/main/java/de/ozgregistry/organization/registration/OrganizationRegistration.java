package de.ozgregistry.organization.registration;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.changes.ChangeLog;
import de.ozgregistry.database.Binds;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Ars;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.OrganizationKind;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;
import de.ozgregistry.security.Role;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import static de.ozgregistry.graphql.Inputs.changed;

/**
 * Registers organizations that the official seed does not hold: IT service providers, vendors, agencies and
 * Gemeindeverbände. Territorial bodies with their own ARS hang below their Kreis; the others below their Land.
 * Also corrects organizations. The write side of {@code organization}, in its own package because it checks
 * permissions and writes the change log, which both depend on the organizations read here.
 */
@Service
class OrganizationRegistration {

	private static final Set<OrganizationKind> REGISTRABLE = EnumSet.of(OrganizationKind.IT_SERVICE_PROVIDER,
			OrganizationKind.VENDOR, OrganizationKind.OTHER_AUTHORITY, OrganizationKind.MUNICIPAL_ASSOCIATION);

	static final int MAX_POPULATION = 100_000_000;

	private final DatabaseClient db;

	private final Organizations organizations;

	private final ChangeLog changeLog;

	private final TransactionalOperator transaction;

	private final String nodeId;

	OrganizationRegistration(DatabaseClient db, Organizations organizations, ChangeLog changeLog,
			TransactionalOperator transaction, RegistryProperties properties) {
		this.db = db;
		this.organizations = organizations;
		this.changeLog = changeLog;
		this.transaction = transaction;
		this.nodeId = properties.nodeId();
	}

	Mono<Organization> register(RegisterOrganizationInput input, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			if (!REGISTRABLE.contains(input.kind())) {
				return Mono.error(RegistryException.invalid("input.kind", "registrable-kind",
						"Bund, Länder, Kreise and Gemeinden come from the official seed data; register an "
								+ "IT_SERVICE_PROVIDER, VENDOR, OTHER_AUTHORITY or MUNICIPAL_ASSOCIATION."));
			}
			String name = Inputs.line(input.name(), "input.name", 200, true);
			String website = Inputs.url(input.website(), "input.website");
			String email = Inputs.email(input.contactEmail(), "input.contactEmail");
			requirePopulation(input.population());
			Mono<Organization> parent;
			String ars = null;
			if (input.kind() == OrganizationKind.MUNICIPAL_ASSOCIATION) {
				ars = Ars.requireWellFormed(input.ars(), "input.ars");
				if (!ars.endsWith("000") || ars.substring(5, 9).equals("0000")) {
					throw RegistryException.invalid("input.ars", "ars",
							"The ARS of a Gemeindeverband has its 4-digit Verband part set and ends with 000.");
				}
				parent = organizations.byArs(Ars.kreisArs(ars), OrganizationKind.DISTRICT)
					.switchIfEmpty(Mono.error(RegistryException.invalid("input.ars", "unknown-ars",
							"No Kreis with the ARS " + Ars.kreisArs(ars) + " is known.")));
			}
			else {
				if (input.ars() != null) {
					throw RegistryException.invalid("input.ars", "not-allowed",
							"Only a MUNICIPAL_ASSOCIATION has its own ARS; give landArs for the others.");
				}
				if (input.landArs() == null) {
					parent = Mono.empty();
				}
				else {
					String landArs = Ars.landArs(Ars.requireWellFormed(input.landArs(), "input.landArs"));
					parent = organizations.byArs(landArs, OrganizationKind.STATE)
						.switchIfEmpty(Mono.error(RegistryException.invalid("input.landArs", "unknown-ars",
								"No Land with the ARS " + landArs + " is known.")));
				}
			}
			UUID id = UUID.randomUUID();
			String finalArs = ars;
			return parent.map(java.util.Optional::of)
				.defaultIfEmpty(java.util.Optional.empty())
				.doOnNext(p -> requireMayRegister(actor, p.orElse(null)))
				.flatMap(p -> insert(id, input.kind(), name, finalArs, p.orElse(null), website, email,
						input.population()))
				.then(changeLog.record(ChangeLog.EntityType.ORGANIZATION, id, ChangeLog.Operation.CREATE, actor))
				.then(Mono.defer(() -> organizations.byId(id)))
				.as(transaction::transactional)
				.onErrorMap(DataIntegrityViolationException.class, ex -> RegistryException
					.conflict("An organization with this ARS is already registered."));
		});
	}

	/**
	 * Admins register anywhere; a state coordinator registers organizations in its Land (below its Land or a Kreis
	 * of it). Nationwide organizations are registered by admins.
	 */
	private static void requireMayRegister(Actor actor, Organization parent) {
		if (actor.has(Role.ADMIN)) {
			return;
		}
		if (parent != null && actor.has(Role.STATE_COORDINATOR) && Permissions.actsFor(actor, parent)) {
			return;
		}
		throw Permissions.forbidden("Organizations are registered by the coordinator of their Land or an admin.");
	}

	/**
	 * Corrects name, website, contact and population of an organization the actor acts for: the fields present in
	 * {@code input} (a field given as {@code null} clears it; the name cannot be cleared).
	 */
	Mono<Organization> update(UpdateOrganizationInput input, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID id = Inputs.id(input.id(), "input.id");
			int expectedVersion = input.expectedVersion();
			return organizations.byId(id)
				.switchIfEmpty(Mono.error(RegistryException.notFound("input.id", "No organization with this ID.")))
				.flatMap(current -> {
					Permissions.requireActsFor(actor, current, "Correcting an organization");
					if (input.name().isEmpty()) {
						throw RegistryException.invalid("input.name", "required", "input.name cannot be cleared.");
					}
					String name = changed(input.name(), current.name(), n -> Inputs.line(n, "input.name", 200, true));
					String website = changed(input.website(), current.website(), w -> Inputs.url(w, "input.website"));
					String email = changed(input.contactEmail(), current.contactEmail(),
							e -> Inputs.email(e, "input.contactEmail"));
					Integer population = changed(input.population(), current.population(), Function.identity());
					requirePopulation(population);
					if (current.version() != expectedVersion) {
						throw RegistryException.conflict("The organization was changed by someone else (current version "
								+ current.version() + "): reload it and apply your change again.");
					}
					var spec = db.sql("update organization set name = :name, website = :website, "
							+ "contact_email = :email, population = :population, version = version + 1, "
							+ "updated_at = now() where id = :id and version = :expected")
						.bind("name", name)
						.bind("id", id)
						.bind("expected", expectedVersion);
					spec = Binds.nullable(spec, "website", website, String.class);
					spec = Binds.nullable(spec, "email", email, String.class);
					spec = Binds.nullable(spec, "population", population, Integer.class);
					return spec.fetch().rowsUpdated();
				})
				.flatMap(updated -> (updated == 0) ? Mono.error(RegistryException.conflict(
						"The organization was changed by someone else: reload it and apply your change again."))
						: changeLog.record(ChangeLog.EntityType.ORGANIZATION, id, ChangeLog.Operation.UPDATE, actor))
				.then(Mono.defer(() -> organizations.byId(id)))
				.as(transaction::transactional);
		});
	}


	/**
	 * A population lies between 0 and {@value #MAX_POPULATION}: no German body has more inhabitants than the
	 * country (about 84 million), and the search ranking and the statistics add populations up in 32-bit integers.
	 */
	private static void requirePopulation(Integer population) {
		if (population != null && (population < 0 || population > MAX_POPULATION)) {
			throw RegistryException.invalid("input.population", "range",
					"input.population must be between 0 and " + MAX_POPULATION + ".");
		}
	}

	private Mono<Long> insert(UUID id, OrganizationKind kind, String name, String ars, Organization parent,
			String website, String email, Integer population) {
		var spec = db.sql("""
				insert into organization (id, kind, kinds, name, ars, land_code, population, website, contact_email,
				                          parent_id, source, registry_node_id)
				values (:id, :kind, array[:kind], :name, :ars, :landCode, :population, :website, :email, :parentId,
				        'SELF_REPORTED', :node)""")
			.bind("id", id)
			.bind("kind", kind.name())
			.bind("name", name)
			.bind("node", nodeId);
		spec = Binds.nullable(spec, "ars", ars, String.class);
		String landCode = (ars != null) ? Ars.landCode(ars) : (parent != null) ? parent.landCode() : null;
		spec = Binds.nullable(spec, "landCode", landCode, String.class);
		spec = Binds.nullable(spec, "population", population, Integer.class);
		spec = Binds.nullable(spec, "website", website, String.class);
		spec = Binds.nullable(spec, "email", email, String.class);
		spec = Binds.nullable(spec, "parentId", (parent != null) ? parent.id() : null, UUID.class);
		return spec.fetch().rowsUpdated();
	}

}
