package de.ozgregistry.solution;

import java.util.Collection;
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

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Read access to solutions. Lists are ordered by name, then ID. */
@Repository
public class Solutions {

	private final DatabaseClient db;

	Solutions(DatabaseClient db) {
		this.db = db;
	}

	/** The order of every list of solutions: by name, then by ID ({@code s}: the alias of the listed solutions). */
	static String order(String s) {
		return s + ".name, " + s + ".id";
	}

	public Mono<Solution> byId(UUID id) {
		return db.sql("select " + Solution.COLUMNS + " from solution s where s.id = :id")
			.bind("id", id)
			.map(Solution::of)
			.one();
	}

	public Flux<Solution> byIds(Collection<UUID> ids) {
		return db.sql("select " + Solution.COLUMNS + " from solution s where s.id = any(:ids)")
			.bind("ids", ids.toArray(UUID[]::new))
			.map(Solution::of)
			.all();
	}

	/** The solutions that declare URL patterns (matched by {@link UrlPatterns#best}). */
	public Flux<Solution> withUrlPatterns() {
		return db.sql("select " + Solution.COLUMNS + " from solution s where cardinality(s.url_patterns) > 0")
			.map(Solution::of)
			.all();
	}

	/** Every solution of the registry, by name. */
	Flux<Solution> all() {
		return db.sql("select " + Solution.COLUMNS + " from solution s order by " + order("s"))
			.map(Solution::of)
			.all();
	}

	/** The OZG-IDs covered by each of the solutions. */
	public Mono<Map<UUID, Collection<Integer>>> ozgIdsOf(Collection<UUID> solutionIds) {
		return db.sql("select solution_id, ozg_id from solution_ozg_service where solution_id = any(:ids) "
				+ "order by ozg_id")
			.bind("ids", solutionIds.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("solution_id", UUID.class), row.get("ozg_id", Integer.class)))
			.all()
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue);
	}

	Mono<Map<UUID, Collection<String>>> leikaKeysOf(Collection<UUID> solutionIds) {
		return db.sql("select sl.solution_id, l.leika_key from solution_leika_service sl "
				+ "join leika_service l on l.id = sl.leika_id where sl.solution_id = any(:ids) order by l.leika_key")
			.bind("ids", solutionIds.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("solution_id", UUID.class), row.get("leika_key", String.class)))
			.all()
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue);
	}

	Mono<Connection<Solution>> list(SolutionFilter filter, Page page, boolean withTotal) {
		Sql where = filterOf(filter);
		Sql pageWhere = filterOf(filter);
		if (page.after() != null) {
			pageWhere.and("(s.name, s.id) > (:afterName, :afterId)",
					Map.of("afterName", page.after().sortKey(), "afterId", Inputs.id(page.after().id(), "after")));
		}
		Mono<List<Solution>> rows = pageWhere
			.bind(db.sql("select " + Solution.COLUMNS + " from solution s " + pageWhere.where()
					+ " order by " + order("s") + " limit :limit"))
			.bind("limit", page.limit())
			.map(Solution::of)
			.all()
			.collectList();
		Mono<Integer> total = withTotal ? where.bind(db.sql("select count(*)::int as n from solution s " + where.where()))
			.map(row -> row.get("n", Integer.class))
			.one() : Mono.just(-1);
		return Mono.zip(rows, total)
			.map(both -> Connection.of(both.getT1(), page.first(), Solutions::cursorOf,
					both.getT2() < 0 ? null : both.getT2()));
	}

	private static Sql filterOf(SolutionFilter filter) {
		Sql sql = new Sql();
		if (filter != null) {
			sql.and("exists (select 1 from solution_ozg_service so where so.solution_id = s.id and so.ozg_id = :ozgId)",
					"ozgId", filter.ozgId())
				.and("s.provider_id = :providerId", "providerId", Inputs.optionalId(filter.providerId(),
						"filter.providerId"))
				.and("s.lifecycle = :lifecycle", "lifecycle", filter.lifecycle())
				.and("s.reuse_model = :reuseModel", "reuseModel", filter.reuseModel())
				.and("s.maturity_level >= :minMaturity", "minMaturity", filter.minMaturity())
				.and("s.maturity_model = :maturityModel", "maturityModel",
						(filter.maturityModel() == null) ? null : filter.maturityModel().name())
				.and("de_fold(s.name) like de_fold(:name)", "name",
						(filter.name() == null) ? null : Sql.containsPattern(filter.name()));
		}
		return sql;
	}

	/** Pages of the solutions provided by many organizations at once. */
	Mono<Map<NestedPages.Key, Connection<Solution>>> providedBy(Set<NestedPages.Key> keys) {
		return nested(keys, "s.provider_id", "from solution s where s.provider_id = any(:parents)",
				"select provider_id as parent_id, count(*)::int as n from solution "
						+ "where provider_id = any(:parents) group by provider_id");
	}

	/** Pages of the solutions covering many OZG-Leistungen (keyed by the OZG-Leistung's ID) at once. */
	Mono<Map<NestedPages.Key, Connection<Solution>>> covering(Set<NestedPages.Key> keys) {
		return nested(keys, "o.id",
				"from solution s join solution_ozg_service so on so.solution_id = s.id "
						+ "join ozg_service o on o.ozg_id = so.ozg_id where o.id = any(:parents)",
				"select o.id as parent_id, count(*)::int as n from solution_ozg_service so "
						+ "join ozg_service o on o.ozg_id = so.ozg_id where o.id = any(:parents) group by o.id");
	}

	private Mono<Map<NestedPages.Key, Connection<Solution>>> nested(Set<NestedPages.Key> keys, String parentColumn,
			String from, String totals) {
		return NestedPages.load(keys, (parents, page) -> {
			Sql after = new Sql();
			if (page.after() != null) {
				after.and("(s.name, s.id) > (:afterName, :afterId)",
						Map.of("afterName", page.after().sortKey(), "afterId", Inputs.id(page.after().id(), "after")));
			}
			return after
				.bind(db.sql("select * from (select " + Solution.COLUMNS + ", " + parentColumn + " as parent_id, "
						+ "row_number() over (partition by " + parentColumn + " order by " + order("s") + ") as rn " + from
						+ " " + after.andWhere() + ") x where x.rn <= :limit order by x.parent_id, x.rn"))
				.bind("parents", parents.toArray(UUID[]::new))
				.bind("limit", page.limit())
				.map(row -> new NestedPages.Item<>(row.get("parent_id", UUID.class), Solution.of(row)))
				.all();
		}, parents -> db.sql(totals)
			.bind("parents", parents.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("parent_id", UUID.class), row.get("n", Integer.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue), Solutions::cursorOf);
	}

	static Cursor cursorOf(Solution solution) {
		return new Cursor(solution.name(), solution.id().toString());
	}

}
