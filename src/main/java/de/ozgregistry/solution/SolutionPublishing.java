package de.ozgregistry.solution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

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

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import static de.ozgregistry.graphql.Inputs.changed;

/**
 * Publishes and updates solutions. All checks run before anything is written, and every write (the solution, what
 * it covers, the change-log entry) happens in one transaction: a failed call writes nothing.
 */
@Service
class SolutionPublishing {

	/** The complete, validated state of a solution as it is to be written. */
	record Draft(String name, String summary, String description, UUID providerId, UUID vendorId,
			List<Integer> ozgIds, List<String> leikaKeys, Maturity maturity, String reuseModel, List<String> legalPaths,
			String licence, String repositoryUrl, String landingUrl, List<String> standards, List<String> urlPatterns,
			String lifecycle,
			String releaseVersion, String termsAndCosts, String contactPerson) {
	}

	/** The source of solutions created or changed by an import (the data source names the file). */
	static final String IMPORTED = "IMPORTED";

	private final DatabaseClient db;

	private final Solutions solutions;

	private final Organizations organizations;

	private final ChangeLog changeLog;

	private final TransactionalOperator transaction;

	private final String nodeId;

	SolutionPublishing(DatabaseClient db, Solutions solutions, Organizations organizations, ChangeLog changeLog,
			TransactionalOperator transaction, RegistryProperties properties) {
		this.db = db;
		this.solutions = solutions;
		this.organizations = organizations;
		this.changeLog = changeLog;
		this.transaction = transaction;
		this.nodeId = properties.nodeId();
	}

	/**
	 * What an import adds to a write: the data source naming the file (the solution is then {@code IMPORTED} from
	 * it) and the provider's unverified usedBy claims, which only an import sets.
	 */
	record Imported(String dataSourceId, List<String> usedByClaims) {
	}

	Mono<Solution> publish(PublishSolutionInput input, Actor actor) {
		return publish(input, actor, null);
	}

	/** Publishes a solution; with {@code imported} (an import's file) as {@code IMPORTED} from that file. */
	Mono<Solution> publish(PublishSolutionInput input, Actor actor, Imported imported) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			Draft draft = new Draft(SolutionFields.name(input.name()), SolutionFields.summary(input.summary()),
					SolutionFields.description(input.description()), Inputs.id(input.providerId(), "input.providerId"),
					Inputs.optionalId(input.vendorId(), "input.vendorId"), SolutionFields.ozgIds(input.ozgIds()),
					SolutionFields.leikaKeys(input.leikaKeys()), SolutionFields.maturity(input.maturity()),
					input.reuseModel(), SolutionFields.legalPaths(input.legalPaths()),
					SolutionFields.licence(input.licence()), Inputs.url(input.repositoryUrl(), "input.repositoryUrl"),
					Inputs.url(input.landingUrl(), "input.landingUrl"), SolutionFields.standards(input.standards()),
					UrlPatterns.validated(input.urlPatterns()),
					input.lifecycle(), SolutionFields.releaseVersion(input.releaseVersion()),
					SolutionFields.termsAndCosts(input.termsAndCosts()),
					SolutionFields.contactPerson(input.contactPerson()));
			UUID id = UUID.randomUUID();
			return provider(draft.providerId())
				.doOnNext(provider -> Permissions.requireMayPublishSolution(actor, provider))
				.then(checkReferences(draft))
				.flatMap(leikaIds -> insert(id, draft, imported).then(replaceCoverage(id, draft.ozgIds(), leikaIds)))
				.then(changeLog.record(ChangeLog.EntityType.SOLUTION, id, ChangeLog.Operation.CREATE, actor))
				.then(Mono.defer(() -> solutions.byId(id)))
				.as(transaction::transactional);
		});
	}

	/**
	 * Applies the fields present in {@code input} (a field given as {@code null} clears it) to the solution, if its
	 * version is still {@code expectedVersion}.
	 */
	Mono<Solution> update(UpdateSolutionInput input, Actor actor) {
		return update(input, actor, null);
	}

	/** Updates a solution; with {@code imported} (an import's file) it is then {@code IMPORTED} from that file. */
	Mono<Solution> update(UpdateSolutionInput input, Actor actor, Imported imported) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID id = Inputs.id(input.id(), "input.id");
			int expectedVersion = input.expectedVersion();
			Mono<Solution> current = solutions.byId(id)
				.switchIfEmpty(Mono.error(RegistryException.notFound("input.id", "No solution with this ID.")));
			return current.flatMap(solution -> Mono.zip(provider(solution.providerId()),
					solutions.ozgIdsOf(List.of(id)), solutions.leikaKeysOf(List.of(id)))
				.flatMap(loaded -> {
					Draft draft = merge(solution, loaded.getT2().getOrDefault(id, List.of()),
							loaded.getT3().getOrDefault(id, List.of()), input);
					Permissions.requireMayUpdateSolution(actor, loaded.getT1(), solution.vendorId(), draft.vendorId());
					if (solution.version() != expectedVersion) {
						return Mono.error(stale(solution.version()));
					}
					return checkReferences(draft).flatMap(leikaIds -> update(id, expectedVersion, draft, imported)
						.flatMap(updated -> (updated == 0) ? Mono.error(stale(null))
								: replaceCoverage(id, draft.ozgIds(), leikaIds)));
				}))
				.then(changeLog.record(ChangeLog.EntityType.SOLUTION, id, ChangeLog.Operation.UPDATE, actor))
				.then(Mono.defer(() -> solutions.byId(id)))
				.as(transaction::transactional);
		});
	}

	/** The provider of a solution; an unknown provider is {@code NOT_FOUND}. */
	private Mono<Organization> provider(UUID providerId) {
		return organizations.byId(providerId)
			.switchIfEmpty(Mono.error(RegistryException.notFound("input.providerId",
					"No organization with the ID given as providerId.")));
	}

	private static RegistryException stale(Integer currentVersion) {
		return RegistryException.conflict("The solution was changed by someone else"
				+ ((currentVersion != null) ? " (current version " + currentVersion + ")" : "")
				+ ": reload it and apply your change again.");
	}

	/** The solution {@code s} with the changes of {@code in}; checks every changed field as publishing does. */
	static Draft merge(Solution s, Collection<Integer> ozgIds, Collection<String> leikaKeys, UpdateSolutionInput in) {
		SolutionFields.notCleared(in.name(), "input.name");
		SolutionFields.notCleared(in.summary(), "input.summary");
		SolutionFields.notCleared(in.reuseModel(), "input.reuseModel");
		SolutionFields.notCleared(in.lifecycle(), "input.lifecycle");
		SolutionFields.notCleared(in.ozgIds(), "input.ozgIds");
		Maturity maturity = changed(in.maturity(), s.maturity(), SolutionFields::maturity);
		return new Draft(changed(in.name(), s.name(), SolutionFields::name),
				changed(in.summary(), s.summary(), SolutionFields::summary),
				changed(in.description(), s.description(), SolutionFields::description), s.providerId(),
				changed(in.vendorId(), s.vendorId(), id -> Inputs.optionalId(id, "input.vendorId")),
				changed(in.ozgIds(), List.copyOf(ozgIds), SolutionFields::ozgIds),
				changed(in.leikaKeys(), List.copyOf(leikaKeys), SolutionFields::leikaKeys), maturity,
				changed(in.reuseModel(), s.reuseModel(), Function.identity()),
				changed(in.legalPaths(), s.legalPaths(), SolutionFields::legalPaths),
				changed(in.licence(), s.licence(), SolutionFields::licence),
				changed(in.repositoryUrl(), s.repositoryUrl(), url -> Inputs.url(url, "input.repositoryUrl")),
				changed(in.landingUrl(), s.landingUrl(), url -> Inputs.url(url, "input.landingUrl")),
				changed(in.standards(), s.standards(), SolutionFields::standards),
				changed(in.urlPatterns(), s.urlPatterns(), UrlPatterns::validated),
				changed(in.lifecycle(), s.lifecycle(), Function.identity()),
				changed(in.releaseVersion(), s.releaseVersion(), SolutionFields::releaseVersion),
				changed(in.termsAndCosts(), s.termsAndCosts(), SolutionFields::termsAndCosts),
				changed(in.contactPerson(), s.contactPerson(), SolutionFields::contactPerson));
	}

	/**
	 * Checks that provider and vendor exist and that every OZG-ID and LeiKa key is in the catalogue, each LeiKa key
	 * belonging to one of the OZG-IDs. Emits the IDs of the LeiKa-Leistungen.
	 */
	private Mono<List<UUID>> checkReferences(Draft draft) {
		Mono<Boolean> provider = organizations.byId(draft.providerId())
			.hasElement()
			.filter(Boolean::booleanValue)
			.switchIfEmpty(Mono.error(RegistryException.notFound("input.providerId",
					"No organization with the ID given as providerId.")));
		Mono<Boolean> vendor = (draft.vendorId() == null) ? Mono.just(true) : organizations.byId(draft.vendorId())
			.hasElement()
			.filter(Boolean::booleanValue)
			.switchIfEmpty(Mono.error(RegistryException.notFound("input.vendorId",
					"No organization with the ID given as vendorId.")));
		Mono<Set<Integer>> knownOzgIds = db.sql("select ozg_id from ozg_service where ozg_id = any(:ids)")
			.bind("ids", draft.ozgIds().toArray(Integer[]::new))
			.map(row -> row.get("ozg_id", Integer.class))
			.all()
			.collect(java.util.stream.Collectors.toSet());
		return provider.then(vendor).then(knownOzgIds).flatMap(known -> {
			List<Integer> unknown = draft.ozgIds().stream().filter(id -> !known.contains(id)).toList();
			if (!unknown.isEmpty()) {
				return Mono.error(RegistryException.invalid("input.ozgIds", "unknown-ozg-id",
						"Not in the OZG catalogue: " + unknown + "."));
			}
			if (draft.leikaKeys().isEmpty()) {
				return Mono.just(List.<UUID>of());
			}
			return db.sql("select id, leika_key, ozg_id from leika_service where leika_key = any(:keys)")
				.bind("keys", draft.leikaKeys().toArray(String[]::new))
				.map(row -> new Object[] { row.get("id", UUID.class), row.get("leika_key", String.class),
						row.get("ozg_id", Integer.class) })
				.all()
				.collectList()
				.flatMap(rows -> {
					Set<String> found = new HashSet<>();
					List<UUID> ids = new ArrayList<>();
					for (Object[] row : rows) {
						if (!draft.ozgIds().contains((Integer) row[2])) {
							return Mono.error(RegistryException.invalid("input.leikaKeys", "leika-not-in-ozg-service",
									"LeiKa key " + row[1] + " belongs to OZG-Leistung " + row[2]
											+ ", which the solution does not cover."));
						}
						found.add((String) row[1]);
						ids.add((UUID) row[0]);
					}
					List<String> unknownKeys = draft.leikaKeys().stream().filter(k -> !found.contains(k)).toList();
					if (!unknownKeys.isEmpty()) {
						return Mono.error(RegistryException.invalid("input.leikaKeys", "unknown-leika-key",
								"Not in the LeiKa catalogue: " + unknownKeys + "."));
					}
					return Mono.just(ids);
				});
		});
	}

	private Mono<Long> insert(UUID id, Draft draft, Imported imported) {
		GenericExecuteSpec spec = db.sql("""
				insert into solution (id, name, summary, description, provider_id, vendor_id, maturity_level,
				                      maturity_model, reuse_model, legal_paths, licence, repository_url, landing_url,
				                      standards, url_patterns, lifecycle, release_version, terms_and_costs,
				                      contact_person, source, data_source_id, used_by_claims, registry_node_id)
				values (:id, :name, :summary, :description, :providerId, :vendorId, :maturityLevel, :maturityModel,
				        :reuseModel, :legalPaths, :licence, :repositoryUrl, :landingUrl, :standards, :urlPatterns,
				        :lifecycle, :releaseVersion, :termsAndCosts, :contactPerson, coalesce(:source, 'SELF_REPORTED'),
				        :dataSource, coalesce(:usedBy, '{}'), :node)""")
			.bind("id", id)
			.bind("node", nodeId);
		return bindImported(bindFields(spec, draft), imported).fetch().rowsUpdated();
	}

	private Mono<Long> update(UUID id, int expectedVersion, Draft draft, Imported imported) {
		GenericExecuteSpec spec = db.sql("""
				update solution set name = :name, summary = :summary, description = :description,
				       provider_id = :providerId, vendor_id = :vendorId, maturity_level = :maturityLevel,
				       maturity_model = :maturityModel, reuse_model = :reuseModel, legal_paths = :legalPaths,
				       licence = :licence, repository_url = :repositoryUrl, landing_url = :landingUrl,
				       standards = :standards, url_patterns = :urlPatterns, lifecycle = :lifecycle,
				       release_version = :releaseVersion, terms_and_costs = :termsAndCosts,
				       contact_person = :contactPerson, source = coalesce(:source, source),
				       data_source_id = coalesce(:dataSource, data_source_id),
				       used_by_claims = coalesce(:usedBy, used_by_claims), version = version + 1, updated_at = now()
				where id = :id and version = :expectedVersion""")
			.bind("id", id)
			.bind("expectedVersion", expectedVersion);
		return bindImported(bindFields(spec, draft), imported).fetch().rowsUpdated();
	}

	/** An import's source, data source and usedBy claims; all null (as they are) for the mutations. */
	private static GenericExecuteSpec bindImported(GenericExecuteSpec spec, Imported imported) {
		spec = Binds.nullable(spec, "source", imported == null ? null : IMPORTED, String.class);
		spec = Binds.nullable(spec, "dataSource", imported == null ? null : imported.dataSourceId(), String.class);
		return Binds.nullable(spec, "usedBy",
				imported == null ? null : imported.usedByClaims().toArray(String[]::new), String[].class);
	}

	private static GenericExecuteSpec bindFields(GenericExecuteSpec spec, Draft draft) {
		spec = spec.bind("name", draft.name())
			.bind("summary", draft.summary())
			.bind("providerId", draft.providerId())
			.bind("reuseModel", draft.reuseModel())
			.bind("legalPaths", draft.legalPaths().toArray(String[]::new))
			.bind("standards", draft.standards().toArray(String[]::new))
			.bind("urlPatterns", draft.urlPatterns().toArray(String[]::new))
			.bind("lifecycle", draft.lifecycle());
		spec = Binds.nullable(spec, "description", draft.description(), String.class);
		spec = Binds.nullable(spec, "vendorId", draft.vendorId(), UUID.class);
		spec = Binds.nullable(spec, "maturityLevel",
				(draft.maturity() == null) ? null : (short) draft.maturity().level(), Short.class);
		spec = Binds.nullable(spec, "maturityModel",
				(draft.maturity() == null) ? null : draft.maturity().model().name(), String.class);
		spec = Binds.nullable(spec, "licence", draft.licence(), String.class);
		spec = Binds.nullable(spec, "repositoryUrl", draft.repositoryUrl(), String.class);
		spec = Binds.nullable(spec, "landingUrl", draft.landingUrl(), String.class);
		spec = Binds.nullable(spec, "releaseVersion", draft.releaseVersion(), String.class);
		spec = Binds.nullable(spec, "contactPerson", draft.contactPerson(), String.class);
		return Binds.nullable(spec, "termsAndCosts", draft.termsAndCosts(), String.class);
	}

	private Mono<Void> replaceCoverage(UUID id, List<Integer> ozgIds, List<UUID> leikaIds) {
		return db.sql("delete from solution_ozg_service where solution_id = :id")
			.bind("id", id)
			.then()
			.then(db.sql("delete from solution_leika_service where solution_id = :id").bind("id", id).then())
			.then(db.sql("insert into solution_ozg_service (solution_id, ozg_id) select :id, unnest(:ozgIds)")
				.bind("id", id)
				.bind("ozgIds", ozgIds.toArray(Integer[]::new))
				.then())
			.then(leikaIds.isEmpty() ? Mono.empty()
					: db.sql("insert into solution_leika_service (solution_id, leika_id) select :id, unnest(:leikaIds)")
						.bind("id", id)
						.bind("leikaIds", leikaIds.toArray(UUID[]::new))
						.then());
	}

}
