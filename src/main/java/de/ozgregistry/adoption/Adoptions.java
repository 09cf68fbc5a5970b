package de.ozgregistry.adoption;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.database.Sql;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Cursor;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Ars;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Read access to adoptions. Lists are ordered by creation, newest first, then by ID. */
@Repository
public class Adoptions {

	/** The tables recording an adoption writes to: its row, its OZG-Leistungen, its status history, the change log. */
	static final List<String> TABLES = List.of("adoption", "adoption_ozg_service", "adoption_status_transition",
			"change_log");

	/** An adoption by an organization of the Land {@code :land} (its 2-digit code). */
	private static final String IN_LAND = inLand("a", ":land");

	/**
	 * The order of every list of adoptions, newest first, then by ID ({@code row}: the alias of the listed adoptions),
	 * here and on the compiled read path.
	 */
	static String order(String row) {
		return row + ".created_at desc, " + row + ".id desc";
	}

	/** An adoption ({@code row}) by an organization of the Land whose 2-digit code {@code land} (SQL) is. */
	static String inLand(String row, String land) {
		return row + ".organization_id in (select o.id from organization o where o.land_code = " + land + ")";
	}

	private final DatabaseClient db;

	Adoptions(DatabaseClient db) {
		this.db = db;
	}

	Mono<Adoption> byId(UUID id) {
		return db.sql("select " + Adoption.COLUMNS + " from adoption a where a.id = :id")
			.bind("id", id)
			.map(Adoption::of)
			.one();
	}

	/** Adoptions by their IDs (those that exist, in no particular order). */
	public Flux<Adoption> byIds(Collection<UUID> ids) {
		return db.sql("select " + Adoption.COLUMNS + " from adoption a where a.id = any(:ids)")
			.bind("ids", ids.toArray(UUID[]::new))
			.map(Adoption::of)
			.all();
	}

	/** The OZG-Leistungen (their OZG-IDs, ascending) each of the adoptions covers. */
	public Mono<Map<UUID, Collection<Integer>>> ozgIdsOf(Collection<UUID> adoptionIds) {
		return db.sql("select adoption_id, ozg_id from adoption_ozg_service where adoption_id = any(:ids) "
				+ "order by ozg_id")
			.bind("ids", adoptionIds.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("adoption_id", UUID.class), row.get("ozg_id", Integer.class)))
			.all()
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue);
	}

	Flux<Adoption.StatusTransition> transitionsOf(Collection<UUID> adoptionIds) {
		return db.sql("select adoption_id, status, effective_date, recorded_at from adoption_status_transition "
				+ "where adoption_id = any(:ids) order by adoption_id, seq")
			.bind("ids", adoptionIds.toArray(UUID[]::new))
			.map(row -> new Adoption.StatusTransition(row.get("adoption_id", UUID.class),
					AdoptionStatus.valueOf(row.get("status", String.class)),
					row.get("effective_date", java.time.LocalDate.class),
					row.get("recorded_at", OffsetDateTime.class)))
			.all();
	}

	Mono<Connection<Adoption>> list(AdoptionFilter filter, Page page, boolean withTotal) {
		Sql where = filterOf(new Sql(), "a", filter);
		Sql pageWhere = filterOf(new Sql(), "a", filter);
		if (page.after() != null) {
			pageWhere.and(after(page.after(), pageWhere, "a"));
		}
		Mono<List<Adoption>> rows = pageWhere
			.bind(db.sql("select " + Adoption.COLUMNS + " from adoption a " + pageWhere.where()
					+ " order by " + order("a") + " limit :limit"))
			.bind("limit", page.limit())
			.map(Adoption::of)
			.all()
			.collectList();
		Mono<Integer> total = withTotal ? where.bind(db.sql("select count(*)::int as n from adoption a " + where.where()))
			.map(row -> row.get("n", Integer.class))
			.one() : Mono.just(-1);
		return Mono.zip(rows, total)
			.map(both -> Connection.of(both.getT1(), page.first(), Adoptions::cursorOf,
					both.getT2() < 0 ? null : both.getT2()));
	}

	/**
	 * The conditions of {@code adoptions(filter:)} on the adoptions {@code a} (an alias), added to {@code sql}, their
	 * IDs and Land checked ({@code VALIDATION_FAILED}); here and on the compiled read path.
	 */
	static Sql filterOf(Sql sql, String a, AdoptionFilter filter) {
		if (filter == null) {
			return sql;
		}
		UUID organization = Inputs.optionalId(filter.organizationId(), "filter.organizationId");
		if (organization != null) {
			sql.and(a + ".organization_id = " + sql.placeholder(organization));
		}
		UUID solution = Inputs.optionalId(filter.solutionId(), "filter.solutionId");
		if (solution != null) {
			sql.and(a + ".solution_id = " + sql.placeholder(solution));
		}
		if (filter.ozgId() != null) {
			sql.and("exists (select 1 from adoption_ozg_service ao where ao.adoption_id = " + a + ".id and ao.ozg_id = "
					+ sql.placeholder(filter.ozgId()) + ")");
		}
		if (filter.status() != null) {
			sql.and(a + ".status = " + sql.placeholder(filter.status().name()));
		}
		String land = Ars.landFilter(filter.land(), "filter.land");
		if (land != null) {
			sql.and(inLand(a, sql.placeholder(land)));
		}
		return sql;
	}

	/**
	 * The adoptions {@code a} (an alias) after the position {@code after} in the order of every list of adoptions
	 * ({@link #order}), its values bound in {@code binds}; {@code VALIDATION_FAILED} for a cursor of another list.
	 */
	static String after(Cursor after, Sql binds, String a) {
		return "(" + a + ".created_at, " + a + ".id) < (" + binds.placeholder(timestamp(after)) + ", "
				+ binds.placeholder(Inputs.id(after.id(), "after")) + ")";
	}

	/** Pages of the adoptions of many organizations at once; with a status, only those in it. */
	Mono<Map<NestedPages.Key, Connection<Adoption>>> byOrganizations(Set<NestedPages.Key> keys, AdoptionStatus status) {
		return nested(keys, "organization_id", status, null);
	}

	/**
	 * The key of a page of a solution's adoptions: the page, and the status and Land (2-digit code, validated) the
	 * list is filtered by, each {@code null} for all.
	 */
	record SolutionKey(NestedPages.Key key, AdoptionStatus status, String land) {
	}

	/** Pages of the adoptions of many solutions at once: one pair of statements per distinct filter and page. */
	Mono<Map<SolutionKey, Connection<Adoption>>> bySolutions(Set<SolutionKey> keys) {
		Map<List<Object>, Set<NestedPages.Key>> byFilter = new LinkedHashMap<>();
		for (SolutionKey key : keys) {
			byFilter.computeIfAbsent(Arrays.asList(key.status(), key.land()), f -> new HashSet<>())
				.add(key.key());
		}
		return Flux.fromIterable(byFilter.entrySet()).concatMap(group -> {
			AdoptionStatus status = (AdoptionStatus) group.getKey().get(0);
			String land = (String) group.getKey().get(1);
			return nested(group.getValue(), "solution_id", status, land).map(pages -> {
				Map<SolutionKey, Connection<Adoption>> result = new HashMap<>();
				pages.forEach((key, page) -> result.put(new SolutionKey(key, status, land), page));
				return result;
			});
		}).collect(HashMap::new, Map::putAll);
	}

	/**
	 * {@code parentColumn} is one of two fixed column names, never user input. Each parent's page is an index range
	 * scan of its own (a lateral subquery with a limit), so a solution with thousands of adopters costs no more than
	 * one with fifty. With {@code land}, only adoptions by organizations of that Land (as the filter of
	 * {@code adoptions}).
	 */
	private Mono<Map<NestedPages.Key, Connection<Adoption>>> nested(Set<NestedPages.Key> keys, String parentColumn,
			AdoptionStatus status, String land) {
		String statusName = (status == null) ? null : status.name();
		return NestedPages.load(keys, (parents, page) -> {
			Sql where = new Sql().and("a.status = :status", "status", statusName).and(IN_LAND, "land", land);
			if (page.after() != null) {
				where.and(after(page.after(), where, "a"));
			}
			return where
				.bind(db.sql("select p.id as parent_id, x.* from unnest(:parents) as p(id) cross join lateral ("
						+ "select " + Adoption.COLUMNS + " from adoption a where a." + parentColumn + " = p.id "
						+ where.andWhere() + " order by " + order("a") + " limit :limit) x"))
				.bind("parents", parents.toArray(UUID[]::new))
				.bind("limit", page.limit())
				.map(row -> new NestedPages.Item<>(row.get("parent_id", UUID.class), Adoption.of(row)))
				.all();
		}, parents -> {
			Sql where = new Sql().and("a.status = :status", "status", statusName).and(IN_LAND, "land", land);
			return where
				.bind(db.sql("select " + parentColumn + " as parent_id, count(*)::int as n from adoption a where "
						+ parentColumn + " = any(:parents) " + where.andWhere() + " group by " + parentColumn))
				.bind("parents", parents.toArray(UUID[]::new))
				.map(row -> Map.entry(row.get("parent_id", UUID.class), row.get("n", Integer.class)))
				.all()
				.collectMap(Map.Entry::getKey, Map.Entry::getValue);
		}, Adoptions::cursorOf);
	}

	static Cursor cursorOf(Adoption adoption) {
		return cursorOf(adoption.createdAt(), adoption.id().toString());
	}

	/** The cursor of the adoption {@code id} created at {@code createdAt}; here and on the compiled read path. */
	static Cursor cursorOf(OffsetDateTime createdAt, String id) {
		return new Cursor(createdAt.toString(), id);
	}

	static OffsetDateTime timestamp(Cursor cursor) {
		try {
			return OffsetDateTime.parse(cursor.sortKey());
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw RegistryException.invalid("after", "cursor", "Not a cursor of this list.");
		}
	}

}
