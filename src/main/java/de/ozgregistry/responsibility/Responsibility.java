package de.ozgregistry.responsibility;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.changes.ChangeLog;
import de.ozgregistry.database.Binds;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Ars;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Zuständigkeit: which OZG-Leistungen an organization is responsible for, and the rules that say so.
 * <p>
 * Every OZG-Leistung has a default rule naming the levels that execute it (seeded by {@link ResponsibilitySeed}). In
 * a Land, a Land rule replaces the default's levels; an organization rule makes one organization responsible in
 * addition (a große Kreisstadt that carries the Bauaufsicht). An organization is responsible for an OZG-Leistung if
 * it has an organization rule for it, or if one of the levels it acts at ({@link #levelsOf}) is among the levels of
 * the Land rule of its Land (if any) or else of the default. This class is the one place that applies the rules.
 */
@Component
public class Responsibility {

	/** Why an organization is responsible for an OZG-Leistung: the rule, and the levels of it that it acts at. */
	public record Reason(ResponsibilityRule rule, List<AdministrativeLevel> levels) {
	}

	/** The input of {@code setResponsibility}. */
	public record SetResponsibilityInput(Integer ozgId, String land, String organizationId,
			List<AdministrativeLevel> levels, String source, String note) {
	}

	/** The rules that apply to an organization; a retired OZG-Leistung (catalogue update) is nobody's task. */
	private static final String RULES_FOR = "select " + ResponsibilityRule.COLUMNS + " from responsibility_rule r "
			+ "where (r.scope = 'DEFAULT' or (r.scope = 'LAND' and r.land_code = :land) "
			+ "or (r.scope = 'ORGANIZATION' and r.organization_id = :organization)) "
			+ "and not exists (select 1 from ozg_service o where o.ozg_id = r.ozg_id and o.retired_in is not null)";

	private static final String UPSERT = """
			insert into responsibility_rule (id, ozg_id, scope, land_code, organization_id, levels, basis, source, note,
			                                 registry_node_id)
			values (:id, :ozgId, :scope, :land, :organization, :levels, :basis, :source, :note, :node)
			on conflict (id) do update set levels = excluded.levels, basis = excluded.basis, source = excluded.source,
			    note = excluded.note, data_source_id = null, version = responsibility_rule.version + 1,
			    updated_at = now()
			returning (xmax = 0) as inserted""";

	private final DatabaseClient db;

	private final Organizations organizations;

	private final Catalog catalog;

	private final ChangeLog changeLog;

	private final TransactionalOperator transaction;

	private final String nodeId;

	Responsibility(DatabaseClient db, Organizations organizations, Catalog catalog, ChangeLog changeLog,
			TransactionalOperator transaction, RegistryProperties properties) {
		this.db = db;
		this.organizations = organizations;
		this.catalog = catalog;
		this.changeLog = changeLog;
		this.transaction = transaction;
		this.nodeId = properties.nodeId();
	}

	/**
	 * The levels an organization acts at. The one place that says so: a territorial body at the level of each of its
	 * kinds (a kreisfreie Stadt as Kreis and as Gemeinde), other organizations (providers, vendors, agencies) at none.
	 */
	public static Set<AdministrativeLevel> levelsOf(Organization organization) {
		Set<AdministrativeLevel> levels = EnumSet.noneOf(AdministrativeLevel.class);
		for (var kind : organization.kinds()) {
			if (kind.territorial()) {
				levels.add(AdministrativeLevel.valueOf(kind.name()));
			}
		}
		return levels;
	}

	/** The OZG-Leistungen the organization is responsible for, by OZG-ID in ascending order, each with its reason. */
	public Mono<Map<Integer, Reason>> of(Organization organization) {
		Set<AdministrativeLevel> levels = levelsOf(organization);
		if (levels.isEmpty()) {
			return Mono.just(Map.of());
		}
		var spec = db.sql(RULES_FOR + " order by r.ozg_id").bind("organization", organization.id());
		return Binds.nullable(spec, "land", organization.landCode(), String.class)
			.map(ResponsibilityRule::of)
			.all()
			.collectList()
			.map(rules -> apply(levels, rules));
	}

	/** Applies the rules of one organization (the defaults, its Land's rules and its own rules, by OZG-ID). */
	static Map<Integer, Reason> apply(Set<AdministrativeLevel> levels, List<ResponsibilityRule> rules) {
		Map<Integer, ResponsibilityRule> defaults = new LinkedHashMap<>();
		Map<Integer, ResponsibilityRule> land = new LinkedHashMap<>();
		Map<Integer, ResponsibilityRule> own = new LinkedHashMap<>();
		for (ResponsibilityRule rule : rules) {
			if (!rule.active()) {
				continue;
			}
			(switch (rule.scope()) {
				case DEFAULT -> defaults;
				case LAND -> land;
				case ORGANIZATION -> own;
			}).put(rule.ozgId(), rule);
		}
		Map<Integer, Reason> result = new LinkedHashMap<>();
		for (ResponsibilityRule rule : defaults.values()) {
			int ozgId = rule.ozgId();
			if (own.containsKey(ozgId)) {
				result.put(ozgId, new Reason(own.get(ozgId), own.get(ozgId).levels()));
				continue;
			}
			ResponsibilityRule applies = land.getOrDefault(ozgId, rule);
			List<AdministrativeLevel> matching = applies.levels().stream().filter(levels::contains).toList();
			if (!matching.isEmpty()) {
				result.put(ozgId, new Reason(applies, matching));
			}
		}
		return result;
	}

	/** The default of an OZG-Leistung, then its Land rules (of one Land, if given), then its organization rules. */
	public Flux<ResponsibilityRule> rules(int ozgId, String land) {
		String landCode = Ars.landFilter(land, "land");
		var spec = db.sql("select " + ResponsibilityRule.COLUMNS + " from responsibility_rule r where r.ozg_id = :ozgId "
				+ "and (r.scope = 'DEFAULT' or cast(:land as text) is null or r.land_code = :land "
				+ "or r.organization_id in (select o.id from organization o where o.land_code = :land)) "
				+ "order by case r.scope when 'DEFAULT' then 0 when 'LAND' then 1 else 2 end, r.land_code, r.id")
			.bind("ozgId", ozgId);
		return Binds.nullable(spec, "land", landCode, String.class).map(ResponsibilityRule::of).all();
	}

	public Flux<ResponsibilityRule> byIds(List<UUID> ids) {
		return db.sql("select " + ResponsibilityRule.COLUMNS + " from responsibility_rule r where r.id = any(:ids)")
			.bind("ids", ids.toArray(UUID[]::new))
			.map(ResponsibilityRule::of)
			.all();
	}

	/**
	 * Sets a rule: the default (federal coordinator, admin), a Land rule (that Land's coordinator, admin) or an
	 * organization rule (the coordinator of its Land, admin). Records the change in the change log.
	 */
	public Mono<ResponsibilityRule> set(SetResponsibilityInput input, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			if (input.land() != null && input.organizationId() != null) {
				throw RegistryException.invalid("input.organizationId", "one-scope",
						"Give either land (a Land rule) or organizationId (a rule for one organization), not both.");
			}
			String land = Ars.landFilter(input.land(), "input.land");
			UUID organizationId = Inputs.optionalId(input.organizationId(), "input.organizationId");
			EnumSet<AdministrativeLevel> distinct = EnumSet.noneOf(AdministrativeLevel.class);
			distinct.addAll(input.levels());
			List<AdministrativeLevel> levels = List.copyOf(distinct);
			String source = Inputs.line(input.source(), "input.source", 500, true);
			String note = Inputs.text(input.note(), "input.note", 1000, false);
			Mono<Organization> organization = (organizationId == null) ? Mono.empty()
					: organizations.byCurrentOrFormerId(organizationId)
						.switchIfEmpty(Mono.error(
								RegistryException.notFound("input.organizationId", "No organization with this ID.")));
			return catalog.ozgService(input.ozgId())
				.switchIfEmpty(Mono.error(RegistryException.invalid("input.ozgId", "ozg-id",
						"No OZG-Leistung with this OZG-ID in the catalogue.")))
				.then(organization.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
				.flatMap(target -> {
					Organization org = target.orElse(null);
					if (org != null && !org.kind().territorial()) {
						throw RegistryException.invalid("input.organizationId", "territorial",
								"Only territorial bodies (Bund, Land, Kreis, Gemeindeverband, Gemeinde) are responsible "
										+ "for OZG-Leistungen.");
					}
					Permissions.requireMaySetResponsibility(actor, land, org);
					ResponsibilityRule.Scope scope = (org != null) ? ResponsibilityRule.Scope.ORGANIZATION
							: (land != null) ? ResponsibilityRule.Scope.LAND : ResponsibilityRule.Scope.DEFAULT;
					ResponsibilityRule.Basis basis = switch (scope) {
						case DEFAULT -> ResponsibilityRule.Basis.CURATED;
						case LAND -> ResponsibilityRule.Basis.LAND_RULE;
						case ORGANIZATION -> ResponsibilityRule.Basis.ORGANIZATION_RULE;
					};
					UUID id = ResponsibilityRule.idOf(scope, (org != null) ? org.id().toString() : land, input.ozgId());
					var spec = db.sql(UPSERT)
						.bind("id", id)
						.bind("ozgId", input.ozgId())
						.bind("scope", scope.name())
						.bind("levels", levels.stream().map(Enum::name).toArray(String[]::new))
						.bind("basis", basis.name())
						.bind("source", source)
						.bind("node", nodeId);
					spec = Binds.nullable(spec, "land", land, String.class);
					spec = Binds.nullable(spec, "organization", (org == null) ? null : org.id(), UUID.class);
					spec = Binds.nullable(spec, "note", note, String.class);
					return spec.map(row -> row.get("inserted", Boolean.class))
						.one()
						.flatMap(inserted -> changeLog.record(ChangeLog.EntityType.RESPONSIBILITY_RULE, id,
								inserted ? ChangeLog.Operation.CREATE : ChangeLog.Operation.UPDATE, actor))
						.then(Mono.defer(() -> byIds(List.of(id)).single()))
						.as(transaction::transactional);
				});
		});
	}

}
