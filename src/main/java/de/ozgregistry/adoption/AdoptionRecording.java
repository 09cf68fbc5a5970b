package de.ozgregistry.adoption;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.changes.ChangeLog;
import de.ozgregistry.database.Binds;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Records adoptions and moves them through their statuses. Each status transition is stored with the date it took
 * effect; every change appends to the change log in the same transaction.
 */
@Service
class AdoptionRecording {

	/** The source of every adoption recorded through the API. */
	private static final String SELF_REPORTED = "SELF_REPORTED";

	/** The source of adoptions created or changed by an import (the data source names the file). */
	static final String IMPORTED = "IMPORTED";

	private final DatabaseClient db;

	private final Adoptions adoptions;

	private final Organizations organizations;

	private final Solutions solutions;

	private final ChangeLog changeLog;

	private final TransactionalOperator transaction;

	private final String nodeId;

	/** The registry's clock: dates without a time of day are German dates. */
	private final Clock clock;

	AdoptionRecording(DatabaseClient db, Adoptions adoptions, Organizations organizations, Solutions solutions,
			ChangeLog changeLog, TransactionalOperator transaction, RegistryProperties properties, Clock clock) {
		this.db = db;
		this.adoptions = adoptions;
		this.organizations = organizations;
		this.solutions = solutions;
		this.changeLog = changeLog;
		this.transaction = transaction;
		this.nodeId = properties.nodeId();
		this.clock = clock;
	}

	Mono<Adoption> record(RecordAdoptionInput input, Actor actor) {
		return record(input, actor, null);
	}

	/**
	 * Records an adoption; with a data source (an import's file) its source is {@code IMPORTED} and the data source
	 * is kept with it.
	 */
	Mono<Adoption> record(RecordAdoptionInput input, Actor actor, String dataSourceId) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID organizationId = Inputs.id(input.organizationId(), "input.organizationId");
			UUID solutionId = Inputs.id(input.solutionId(), "input.solutionId");
			if (input.status() == AdoptionStatus.DISCONTINUED) {
				throw RegistryException.invalid("input.status", "initial-status",
						"A new adoption cannot start as DISCONTINUED.");
			}
			LocalDate effective = effectiveDate(input.effectiveDate(), "input.effectiveDate");
			String solutionVersion = Inputs.line(input.solutionVersion(), "input.solutionVersion", 50, false);
			String source = dataSourceId == null ? source(input.source()) : IMPORTED;
			List<Integer> requested = (input.ozgIds() == null) ? null
					: List.copyOf(new LinkedHashSet<>(Inputs.list(input.ozgIds(), "input.ozgIds", 50)));
			if (requested != null && requested.isEmpty()) {
				throw RegistryException.invalid("input.ozgIds", "required",
						"Leave ozgIds out to adopt all of the solution's OZG-Leistungen, or name at least one.");
			}
			UUID id = UUID.randomUUID();
			Mono<Organization> organization = organizations.byId(organizationId)
				.switchIfEmpty(Mono.error(RegistryException.notFound("input.organizationId",
						"No organization with this ID.")))
				.doOnNext(adopter -> Permissions.requireActsFor(actor, adopter, "Recording an adoption"));
			Mono<Solution> solution = solutions.byId(solutionId)
				.switchIfEmpty(
						Mono.error(RegistryException.notFound("input.solutionId", "No solution with this ID.")));
			return organization.then(solution)
				.flatMap(s -> solutions.ozgIdsOf(List.of(solutionId)).flatMap(covered -> {
					Collection<Integer> offered = covered.getOrDefault(solutionId, List.of());
					List<Integer> ozgIds = (requested == null) ? List.copyOf(offered) : requested;
					List<Integer> notOffered = ozgIds.stream().filter(o -> !offered.contains(o)).toList();
					if (!notOffered.isEmpty()) {
						return Mono.error(RegistryException.invalid("input.ozgIds", "not-covered-by-solution",
								"The solution does not cover the OZG-Leistungen " + notOffered + "."));
					}
					if (input.legalPath() != null && !s.legalPaths().isEmpty()
							&& !s.legalPaths().contains(input.legalPath())) {
						return Mono.error(RegistryException.invalid("input.legalPath", "not-offered",
								"The solution offers only these legal paths: " + s.legalPaths() + "."));
					}
					return activeAdoptionExists(organizationId, solutionId).flatMap(exists -> exists
							? Mono.error(duplicate())
							: insert(id, organizationId, solutionId, input, solutionVersion, source, dataSourceId)
								.then(insertLinks(id, ozgIds))
								.then(insertTransition(id, 1, input.status(), effective)));
				}))
				.then(changeLog.record(ChangeLog.EntityType.ADOPTION, id, ChangeLog.Operation.CREATE, actor))
				.then(Mono.defer(() -> adoptions.byId(id)))
				.as(transaction::transactional)
				.onErrorMap(DataIntegrityViolationException.class, ex -> duplicate());
		});
	}

	Mono<Adoption> updateStatus(UpdateAdoptionStatusInput input, Actor actor) {
		return updateStatus(input, actor, null);
	}

	/**
	 * Moves an adoption to a new status; with a data source (an import's file) the adoption is then {@code IMPORTED}
	 * from it.
	 */
	Mono<Adoption> updateStatus(UpdateAdoptionStatusInput input, Actor actor, String dataSourceId) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID id = Inputs.id(input.id(), "input.id");
			LocalDate effective = effectiveDate(input.effectiveDate(), "input.effectiveDate");
			return db.sql("select status, version, organization_id from adoption where id = :id for update")
				.bind("id", id)
				.map(row -> new Object[] { AdoptionStatus.valueOf(row.get("status", String.class)),
						row.get("version", Integer.class), row.get("organization_id", UUID.class) })
				.one()
				.switchIfEmpty(Mono.error(RegistryException.notFound("input.id", "No adoption with this ID.")))
				.flatMap(current -> organizations.byId((UUID) current[2])
					.doOnNext(adopter -> Permissions.requireActsFor(actor, adopter, "Changing this adoption"))
					.thenReturn(current))
				.flatMap(current -> {
					AdoptionStatus status = (AdoptionStatus) current[0];
					int version = (Integer) current[1];
					if (input.expectedVersion() != null && input.expectedVersion() != version) {
						return Mono.error(RegistryException.conflict("The adoption was changed by someone else "
								+ "(current version " + version + "): reload it and try again."));
					}
					if (!status.canMoveTo(input.status())) {
						return Mono.error(RegistryException.invalid("input.status", "transition",
								"An adoption cannot move from " + status + " to " + input.status() + "."));
					}
					return lastTransition(id).flatMap(last -> {
						if (effective.isBefore(last.effectiveDate)) {
							return Mono.error(RegistryException.invalid("input.effectiveDate", "before-previous",
									"The previous status took effect on " + last.effectiveDate
											+ "; a later status cannot take effect before it."));
						}
						var update = db.sql("""
								update adoption set status = :status, version = version + 1, updated_at = now(),
								    source = coalesce(:source, source),
								    data_source_id = coalesce(:dataSource, data_source_id)
								where id = :id""")
							.bind("status", input.status().name())
							.bind("id", id);
						update = Binds.nullable(update, "source", dataSourceId == null ? null : IMPORTED, String.class);
						return Binds.nullable(update, "dataSource", dataSourceId, String.class)
							.then()
							.then(insertTransition(id, last.seq + 1, input.status(), effective));
					});
				})
				.then(changeLog.record(ChangeLog.EntityType.ADOPTION, id, ChangeLog.Operation.STATUS_TRANSITION,
						actor))
				.then(Mono.defer(() -> adoptions.byId(id)))
				.as(transaction::transactional);
		});
	}

	/**
	 * The provider of the adopted solution confirms ({@code note == null}) or disputes the adoption. Saying the same
	 * again changes nothing.
	 */
	Mono<Adoption> confirm(String adoptionId, String status, String note, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID id = Inputs.id(adoptionId, "input.adoptionId");
			String reason = status.equals("DISPUTED") ? Inputs.text(note, "input.reason", 1000, true) : null;
			return adoptions.byId(id)
				.switchIfEmpty(Mono.error(RegistryException.notFound("input.adoptionId", "No adoption with this ID.")))
				.flatMap(adoption -> solutions.byId(adoption.solutionId())
					.flatMap(solution -> organizations.byId(solution.providerId()))
					.flatMap(provider -> {
						if (!Permissions.actsFor(actor, provider)) {
							return Mono.error(Permissions.forbidden("Only the provider of the solution ("
									+ provider.name() + "), its Land's coordinator or an admin confirm or dispute "
									+ "its adoptions."));
						}
						if (status.equals(adoption.confirmationStatus())
								&& java.util.Objects.equals(reason, adoption.confirmationNote())) {
							return Mono.just(adoption);
						}
						// the provider's own record (in a federation owned by the provider's node); the adoption
						// shows it (adoption_confirmation_show, R__adoption.sql)
						var spec = db.sql("""
								insert into confirmation (id, adoption_id, provider_id, status, note, registry_node_id)
								values (:newId, :id, :provider, :status, :note, :node)
								on conflict (adoption_id, provider_id) do update set status = excluded.status,
								    note = excluded.note, version = confirmation.version + 1, updated_at = now()
								returning id""")
							.bind("newId", UUID.randomUUID())
							.bind("id", id)
							.bind("provider", provider.id())
							.bind("status", status)
							.bind("node", nodeId);
						return Binds.nullable(spec, "note", reason, String.class)
							.map(row -> row.get("id", UUID.class))
							.one()
							.flatMap(confirmation -> db.sql("select adoption_confirmation_show(:id)")
								.bind("id", id)
								.then()
								.then(changeLog.record(ChangeLog.EntityType.CONFIRMATION, confirmation,
										status.equals("DISPUTED") ? ChangeLog.Operation.DISPUTE
												: ChangeLog.Operation.CONFIRM, actor)))
							.then(Mono.defer(() -> adoptions.byId(id)));
					}))
				.as(transaction::transactional);
		});
	}

	/**
	 * Who reported an adoption is the registry's statement, not the caller's: everyone who may record an adoption acts
	 * for the adopter, so a recorded adoption is {@code SELF_REPORTED}. {@code PROVIDER_REPORTED} is left for a
	 * provider reporting adoptions of others (which the permissions do not allow), {@code IMPORTED} for imports and
	 * {@code ILLUSTRATIVE} for the demo seed; a caller naming one of them is refused.
	 */
	private static String source(String given) {
		if (given != null && !given.equals(SELF_REPORTED)) {
			throw RegistryException.invalid("input.source", "set-by-registry", "The source " + given
					+ " is set by the registry, never by the caller: leave source out (recorded adoptions are "
					+ SELF_REPORTED + ").");
		}
		return SELF_REPORTED;
	}

	private LocalDate effectiveDate(LocalDate given, String field) {
		LocalDate today = LocalDate.now(clock);
		if (given == null) {
			return today;
		}
		if (given.isAfter(today)) {
			throw RegistryException.invalid(field, "not-in-future",
					"A status takes effect today or earlier; plan future steps with PLANNED.");
		}
		if (given.isBefore(LocalDate.of(2000, 1, 1))) {
			throw RegistryException.invalid(field, "too-early", "Dates before 2000-01-01 are not plausible here.");
		}
		return given;
	}

	private static RegistryException duplicate() {
		return RegistryException.conflict("This organization already has an adoption of this solution that is "
				+ "not discontinued: change its status instead.");
	}

	/** An adoption that is not discontinued: its ID and status. */
	record Active(UUID id, AdoptionStatus status) {
	}

	/** The organization's adoption of the solution that is not discontinued (at most one exists), if any. */
	Mono<Active> activeAdoption(UUID organizationId, UUID solutionId) {
		return db.sql("select id, status from adoption where organization_id = :org and solution_id = :solution "
				+ "and status <> 'DISCONTINUED'")
			.bind("org", organizationId)
			.bind("solution", solutionId)
			.map(row -> new Active(row.get("id", UUID.class), AdoptionStatus.valueOf(row.get("status", String.class))))
			.first();
	}

	/** The adoption's current status, if it exists. */
	Mono<AdoptionStatus> statusOf(UUID adoptionId) {
		return db.sql("select status from adoption where id = :id")
			.bind("id", adoptionId)
			.map(row -> AdoptionStatus.valueOf(row.get("status", String.class)))
			.one();
	}

	private Mono<Boolean> activeAdoptionExists(UUID organizationId, UUID solutionId) {
		return activeAdoption(organizationId, solutionId).hasElement();
	}

	private record Last(int seq, LocalDate effectiveDate) {
	}

	private Mono<Last> lastTransition(UUID id) {
		return db.sql("select seq, effective_date from adoption_status_transition where adoption_id = :id "
				+ "order by seq desc limit 1")
			.bind("id", id)
			.map(row -> new Last(row.get("seq", Integer.class), row.get("effective_date", LocalDate.class)))
			.one();
	}

	private Mono<Void> insert(UUID id, UUID organizationId, UUID solutionId, RecordAdoptionInput input,
			String solutionVersion, String source, String dataSourceId) {
		var spec = db.sql("""
				insert into adoption (id, organization_id, solution_id, status, operating_model, legal_path,
				                      solution_version, source, data_source_id, registry_node_id)
				values (:id, :organizationId, :solutionId, :status, :operatingModel, :legalPath, :solutionVersion,
				        :source, :dataSource, :node)""")
			.bind("id", id)
			.bind("organizationId", organizationId)
			.bind("solutionId", solutionId)
			.bind("status", input.status().name())
			.bind("source", source)
			.bind("node", nodeId);
		spec = Binds.nullable(spec, "operatingModel", input.operatingModel(), String.class);
		spec = Binds.nullable(spec, "legalPath", input.legalPath(), String.class);
		spec = Binds.nullable(spec, "solutionVersion", solutionVersion, String.class);
		spec = Binds.nullable(spec, "dataSource", dataSourceId, String.class);
		return spec.then();
	}

	private Mono<Void> insertLinks(UUID id, List<Integer> ozgIds) {
		return db.sql("insert into adoption_ozg_service (adoption_id, ozg_id) select :id, unnest(:ozgIds)")
			.bind("id", id)
			.bind("ozgIds", ozgIds.toArray(Integer[]::new))
			.then();
	}

	private Mono<Void> insertTransition(UUID id, int seq, AdoptionStatus status, LocalDate effective) {
		return db.sql("insert into adoption_status_transition (adoption_id, seq, status, effective_date) "
				+ "values (:id, :seq, :status, :effective)")
			.bind("id", id)
			.bind("seq", seq)
			.bind("status", status.name())
			.bind("effective", effective)
			.then();
	}

}
