package de.ozgregistry.adoption;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import de.ozgregistry.changes.ChangeLog;
import de.ozgregistry.changes.ChangeNotifications;
import de.ozgregistry.graphql.CoverageTopics;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The topics of reads of adoptions ({@link ChangeNotifications#changedSince}), and what a change of an adoption
 * reaches: all adoptions, those of its solution, those of its organization, those created on its day. A cached answer
 * that read the adoptions of other solutions, organizations and days only stays cached. The compiled read path
 * ({@link AdoptionSqlFields}) writes the same topics in SQL; the engine's fields tell them through
 * {@code ReadTopics.read}.
 */
@Component
public class AdoptionTopics implements CoverageTopics {

	/** The topic of every read of adoptions: a list of all of them. */
	public static final String ALL = "adoption";

	/** The start of the topic of the adoptions of one solution (the solution's ID follows). */
	static final String OF_SOLUTION = "adoption.solution ";

	/** The start of the topic of the adoptions of one organization (the organization's ID follows). */
	static final String OF_ORGANIZATION = "adoption.organization ";

	/**
	 * The start of the topic of the adoptions created on one day in UTC (the date, {@code 2026-12-06}, follows): the
	 * pages of all adoptions after a cursor read those of the days they span.
	 */
	static final String OF_DAY = "adoption.day ";

	/** How many OZG-Leistungen's topics are kept (emptied when full; there are about 600). */
	private static final int CAPACITY = 2000;

	private record Kept(long generation, Set<String> topics) {
	}

	private final DatabaseClient db;

	private final ChangeNotifications notifications;

	private final Map<Integer, Kept> ofOzgService = new ConcurrentHashMap<>();

	AdoptionTopics(DatabaseClient db, ChangeNotifications notifications) {
		this.db = db;
		this.notifications = notifications;
		notifications.reach(ChangeLog.EntityType.ADOPTION.name(), change -> {
			String solution = change.keys().get("solution_id");
			String organization = change.keys().get("organization_id");
			String created = change.keys().get("created_at");
			return (solution == null || organization == null || created == null) ? null
					: Set.of(ALL, OF_SOLUTION + solution, OF_ORGANIZATION + organization, OF_DAY
							+ OffsetDateTime.parse(created).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
		});
	}

	/** The topic of the adoptions of the solution {@code solutionId}. */
	public static String ofSolution(Object solutionId) {
		return OF_SOLUTION + solutionId;
	}

	/**
	 * The topics of the adoptions that can cover the OZG-Leistung {@code ozgId}: those of every solution that offers
	 * it, and of every solution with an adoption recorded for it (an adoption covers only OZG-Leistungen its solution
	 * offered when it was recorded, and a replica's follow its solution's). Which solutions those are changes only
	 * with changes of solutions, and those reach everything: the answer is kept until one of them.
	 */
	@Override
	public Mono<Set<String>> ofOzgService(int ozgId) {
		return Mono.defer(() -> {
			long generation = notifications.generation();
			Kept kept = ofOzgService.get(ozgId);
			if (kept != null && !notifications.changedSince(kept.generation(), Set.of())) {
				return Mono.just(kept.topics());
			}
			return db.sql("""
					select solution_id from solution_ozg_service where ozg_id = :ozgId
					union
					select a.solution_id from adoption_ozg_service ao join adoption a on a.id = ao.adoption_id
					where ao.ozg_id = :ozgId""")
				.bind("ozgId", ozgId)
				.map(row -> ofSolution(row.get("solution_id")))
				.all()
				.collect(Collectors.toUnmodifiableSet())
				.doOnNext(topics -> {
					if (!notifications.changedSince(generation, Set.of()) && notifications.listening()) {
						if (ofOzgService.size() >= CAPACITY) {
							ofOzgService.clear();
						}
						ofOzgService.put(ozgId, new Kept(generation, topics));
					}
				});
		});
	}

}
