package de.ozgregistry.organization;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.database.Sql;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Cursor;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.graphql.Page;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Read access to organizations. Lists are ordered by name, then ID. */
@Repository
public class Organizations {

	private final DatabaseClient db;

	Organizations(DatabaseClient db) {
		this.db = db;
	}

	public Mono<Organization> byId(UUID id) {
		return db.sql("select " + Organization.COLUMNS + " from organization o where o.id = :id")
			.bind("id", id)
			.map(Organization::of)
			.one();
	}

	public Flux<Organization> byIds(Collection<UUID> ids) {
		return db.sql("select " + Organization.COLUMNS + " from organization o where o.id = any(:ids)")
			.bind("ids", ids.toArray(UUID[]::new))
			.map(Organization::of)
			.all();
	}

	/** The organizations with these ARS (those that exist, in no particular order). */
	public Flux<Organization> byArs(Collection<String> ars) {
		return db.sql("select " + Organization.COLUMNS + " from organization o where o.ars = any(:ars)")
			.bind("ars", ars.toArray(String[]::new))
			.map(Organization::of)
			.all();
	}

	/**
	 * The organization with this ARS, if it has this role (any role for {@code null}). Each ARS names one body: a
	 * kreisfreie Stadt is Gemeinde and Kreis, a Stadtstaat Land, Kreis and Gemeinde.
	 */
	public Mono<Organization> byArs(String ars, OrganizationKind kind) {
		Sql where = new Sql().and("o.ars = :ars", "ars", ars).and("o.kinds @> array[:kind]::text[]", "kind",
				(kind == null) ? null : kind.name());
		return where.bind(db.sql("select " + Organization.COLUMNS + " from organization o " + where.where()))
			.map(Organization::of)
			.one();
	}

	/**
	 * The organization with this ID, also under an ID it had before records of the same body were merged into it
	 * ({@code organization_merge}, V9__one_record_per_body.sql).
	 */
	public Mono<Organization> byCurrentOrFormerId(UUID id) {
		return db.sql("select " + Organization.COLUMNS + " from organization o where o.id = coalesce("
				+ "(select m.organization_id from organization_merge m where m.merged_id = :id), :id)")
			.bind("id", id)
			.map(Organization::of)
			.one();
	}

	/**
	 * What an organization's Land is, the one rule of the data fetcher {@code Organization.land} and of the compiled
	 * read path: the organization of kind STATE ({@code land}, an alias) whose land code is {@code code}.
	 */
	static String landCondition(String land, String code) {
		return land + ".kinds @> array['STATE'] and " + land + ".land_code = " + code;
	}

	/** The Länder (organizations of kind STATE) of these land codes. */
	public Flux<Organization> landsByCode(Collection<String> landCodes) {
		return db.sql("select " + Organization.COLUMNS + " from organization o where "
				+ landCondition("o", "any(:codes)"))
			.bind("codes", landCodes.toArray(String[]::new))
			.map(Organization::of)
			.all();
	}

	public Mono<Connection<Organization>> list(OrganizationFilter filter, String landCode, Page page,
			boolean withTotal) {
		Sql where = filterOf(new Sql(), "o", filter, landCode);
		Sql pageWhere = filterOf(new Sql(), "o", filter, landCode);
		if (page.after() != null) {
			pageWhere.and("(o.name, o.id) > (:afterName, :afterId)",
					Map.of("afterName", page.after().sortKey(), "afterId", Inputs.id(page.after().id(), "after")));
		}
		Mono<List<Organization>> rows = pageWhere
			.bind(db.sql("select " + Organization.COLUMNS + " from organization o " + pageWhere.where()
					+ " order by " + order("o") + " limit :limit"))
			.bind("limit", page.limit())
			.map(Organization::of)
			.all()
			.collectList();
		Mono<Integer> total = withTotal ? where
			.bind(db.sql("select count(*)::int as n from organization o " + where.where()))
			.map(row -> row.get("n", Integer.class))
			.one() : Mono.just(-1);
		return Mono.zip(rows, total)
			.map(both -> Connection.of(both.getT1(), page.first(), Organizations::cursorOf,
					both.getT2() < 0 ? null : both.getT2()));
	}

	/**
	 * The conditions of {@code organizations(filter:)} on the organizations {@code o} (an alias), added to
	 * {@code sql}; {@code landCode} is the filter's Land as {@link OrganizationFilter#landCode} checked it. Here and on
	 * the compiled read path.
	 */
	static Sql filterOf(Sql sql, String o, OrganizationFilter filter, String landCode) {
		if (landCode != null) {
			sql.and(o + ".land_code = " + sql.placeholder(landCode));
		}
		if (filter != null) {
			if (filter.kind() != null) {
				sql.and(o + ".kinds @> array[" + sql.placeholder(filter.kind().name()) + "]::text[]");
			}
			if (filter.parentArs() != null) {
				sql.and(o + ".parent_id in (select p.id from organization p where p.ars = "
						+ sql.placeholder(filter.parentArs()) + ")");
			}
			if (filter.name() != null) {
				sql.and("de_fold(" + o + ".name) like de_fold(" + sql.placeholder(Sql.containsPattern(filter.name()))
						+ ")");
			}
		}
		return sql;
	}

	/** The order of {@code organizations}: by name, then by ID. */
	static String order(String o) {
		return o + ".name, " + o + ".id";
	}

	/** Pages of the children of many organizations at once. */
	public Mono<Map<NestedPages.Key, Connection<Organization>>> children(java.util.Set<NestedPages.Key> keys) {
		return NestedPages.load(keys, (parents, page) -> {
			Sql after = new Sql();
			if (page.after() != null) {
				after.and("(o.name, o.id) > (:afterName, :afterId)",
						Map.of("afterName", page.after().sortKey(), "afterId", Inputs.id(page.after().id(), "after")));
			}
			return after
				.bind(db.sql("select * from (select " + Organization.COLUMNS
						+ ", row_number() over (partition by o.parent_id order by o.name, o.id) as rn"
						+ " from organization o where o.parent_id = any(:parents) " + after.andWhere() + ") x"
						+ " where x.rn <= :limit order by x.parent_id, x.rn"))
				.bind("parents", parents.toArray(UUID[]::new))
				.bind("limit", page.limit())
				.map(row -> new NestedPages.Item<>(row.get("parent_id", UUID.class), Organization.of(row)))
				.all();
		}, parents -> db.sql("select parent_id, count(*)::int as n from organization "
				+ "where parent_id = any(:parents) group by parent_id")
			.bind("parents", parents.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("parent_id", UUID.class), row.get("n", Integer.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue), Organizations::cursorOf);
	}

	static Cursor cursorOf(Organization organization) {
		return new Cursor(organization.name(), organization.id().toString());
	}

}
