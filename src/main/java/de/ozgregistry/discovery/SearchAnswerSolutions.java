package de.ozgregistry.discovery;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.database.Binds;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Cursor;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The solutions of the OZG-Leistungen of a search answer, most live adopters first (then by name), each with its
 * live adopters in the viewer's Land; pages for many OZG-Leistungen in two statements plus one that loads the
 * solutions.
 */
@Repository
class SearchAnswerSolutions {

	/** A solution of an OZG-Leistung in the answer: the schema's {@code SolutionUse}. */
	record SolutionUse(Solution solution, Integer liveAdoptersInViewerLand, int position) {
	}

	static final String LIST = "answerSolutions";

	private final DatabaseClient db;

	private final Solutions solutions;

	SearchAnswerSolutions(DatabaseClient db, Solutions solutions) {
		this.db = db;
		this.solutions = solutions;
	}

	/** Pages of the solutions of many OZG-Leistungen (keyed by the OZG-Leistung's ID); {@code land} may be null. */
	Mono<Map<NestedPages.Key, Connection<SolutionUse>>> of(Set<NestedPages.Key> keys, String land) {
		return NestedPages.load(keys, (parents, page) -> {
			int offset = page.offset(LIST);
			record Ranked(UUID parentId, UUID solutionId, Integer inLand, int position) {
			}
			Mono<List<Ranked>> ranked = Binds.nullable(db.sql("""
					select x.parent_id, x.solution_id, x.in_land, x.position::int from (
					  select o.id as parent_id, s.id as solution_id, live.in_land,
					         row_number() over (partition by o.id order by live.total desc, s.name, s.id) as position
					  from ozg_service o
					  join solution_ozg_service so on so.ozg_id = o.ozg_id
					  join solution s on s.id = so.solution_id
					  cross join lateral (
					    select count(*) as total,
					           case when cast(:land as text) is null then null
					                else (count(*) filter (where g.land_code = :land))::int end as in_land
					    from adoption a join organization g on g.id = a.organization_id
					    where a.solution_id = s.id and a.status = 'LIVE') live
					  where o.id = any(:parents)) x
					where x.position > :offset and x.position <= :offset + :limit
					order by x.parent_id, x.position"""), "land", land, String.class)
				.bind("parents", parents.toArray(UUID[]::new))
				.bind("offset", offset)
				.bind("limit", page.limit())
				.map(row -> new Ranked(row.get("parent_id", UUID.class), row.get("solution_id", UUID.class),
						row.get("in_land", Integer.class), row.get("position", Integer.class)))
				.all()
				.collectList();
			return ranked.flatMapMany(rows -> rows.isEmpty() ? Flux.empty()
					: solutions.byIds(rows.stream().map(Ranked::solutionId).distinct().toList())
						.collectMap(Solution::id)
						.flatMapIterable(byId -> rows.stream()
							.filter(row -> byId.containsKey(row.solutionId()))
							.map(row -> new NestedPages.Item<>(row.parentId(),
									new SolutionUse(byId.get(row.solutionId()), row.inLand(), row.position())))
							.toList()));
		}, parents -> db.sql("""
				select o.id as parent_id, count(*)::int as n from ozg_service o
				join solution_ozg_service so on so.ozg_id = o.ozg_id where o.id = any(:parents) group by o.id""")
			.bind("parents", parents.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("parent_id", UUID.class), row.get("n", Integer.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue),
				use -> new Cursor(Integer.toString(use.position()), LIST));
	}

}
