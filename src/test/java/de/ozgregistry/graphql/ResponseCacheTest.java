package de.ozgregistry.graphql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import de.ozgregistry.changes.ChangeNotifications;
import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response cache of anonymous queries: hits skip the database; changes make stale what they reach (for an answer
 * of the compiled read path, what it declared it read; for any other, everything), and interruptions everything.
 */
class ResponseCacheTest extends ApiTest {

	private static final String SOLUTIONS_BY_NAME = """
			query SolutionsByName($name: String) { solutions(filter: { name: $name }) { totalCount
			  edges { node { name provider { name } } } } }""";

	private static final String SOLUTION_ADOPTERS = """
			query($id: ID!) { solution(id: $id) { name liveAdoptionCount
			  adoptions(first: 5) { totalCount edges { node { status organization { name } } } } } }""";

	@Autowired
	ChangeNotifications notifications;

	@Autowired
	MeterRegistry meters;

	@Test
	void aCompiledAnswerStaysCachedThroughChangesOfAdoptionsItDidNotReadAndNotThroughTheOthers() {
		String provider = organizationId("073150000000", "MUNICIPALITY");
		String watched = publishSolution(provider, unique("Watched"), List.of(10160));
		String other = publishSolution(provider, unique("Other"), List.of(10160));
		List<String> adopters = db.sql("select id::text from organization where 'MUNICIPALITY' = any(kinds) "
				+ "and id <> :provider order by ars limit 2")
			.bind("provider", java.util.UUID.fromString(provider))
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block();
		Map<String, Object> variables = Map.of("id", watched);
		cached(SOLUTION_ADOPTERS, variables);

		// an adoption of the other solution: its announcement names that solution and the adopter, not this answer
		ChangeNotifications.Change change = announced(other, () -> recordAdoption(adopters.get(0), other, "LIVE"));
		assertThat(change.keys()).containsEntry("solution_id", other).containsEntry("organization_id", adopters.get(0));
		double hits = cacheRequests("hit");
		executeAs(null, SOLUTION_ADOPTERS, variables).path("solution.adoptions.totalCount").entity(Integer.class)
			.isEqualTo(0);
		assertThat(cacheRequests("hit") - hits).as("answered from the cache").isEqualTo(1);

		// an adoption of the watched solution: the very next answer has it
		recordAdoption(adopters.get(1), watched, "LIVE");
		executeAs(null, SOLUTION_ADOPTERS, variables).path("solution.adoptions.totalCount").entity(Integer.class)
			.isEqualTo(1);
		executeAs(null, SOLUTION_ADOPTERS, variables).path("solution.liveAdoptionCount").entity(Integer.class)
			.isEqualTo(1);
	}

	@Test
	void anAnswerOfTheEngineGoesStaleWithAnyChange() {
		String provider = organizationId("073150000000", "MUNICIPALITY");
		String solution = publishSolution(provider, unique("Any"), List.of(10160));
		String adopter = db.sql("select id::text from organization where 'MUNICIPALITY' = any(kinds) "
				+ "and id <> :provider order by ars desc limit 1")
			.bind("provider", java.util.UUID.fromString(provider))
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		Map<String, Object> variables = Map.of("name", unique("Engine"));
		cached(SOLUTIONS_BY_NAME, variables);
		announced(solution, () -> recordAdoption(adopter, solution, "PLANNED"));
		double misses = cacheRequests("miss");
		executeAs(null, SOLUTIONS_BY_NAME, variables).path("solutions.totalCount").entity(Integer.class).isEqualTo(0);
		assertThat(cacheRequests("miss") - misses).as("executed again").isEqualTo(1);
	}

	/** Runs the anonymous query until the cache answers it (announcements of earlier changes may empty it). */
	private void cached(String document, Map<String, Object> variables) {
		for (int attempt = 0; attempt < 10; attempt++) {
			double hits = cacheRequests("hit");
			executeAs(null, document, variables).path("").hasValue();
			if (cacheRequests("hit") > hits) {
				return;
			}
		}
		throw new AssertionError("never answered from the cache: " + document);
	}

	/** Runs {@code write} and returns the announcement of the adoption change of {@code solution} it made. */
	private ChangeNotifications.Change announced(String solution, Runnable write) {
		Mono<ChangeNotifications.Change> heard = notifications.changes()
			.filter(change -> change.entityType().equals("ADOPTION") && solution.equals(change.keys().get("solution_id")))
			.next()
			.cache();
		heard.subscribe();
		write.run();
		return heard.block(Duration.ofSeconds(10));
	}

	private double cacheRequests(String result) {
		return meters.get("ozg.response.cache.requests").tag("result", result).counter().count();
	}

	@Test
	void aRepeatedAnonymousQueryIsAnsweredWithoutTheDatabase() {
		Map<String, Object> variables = Map.of("name", unique("Cached"));
		statements.reset();
		executeAs(null, SOLUTIONS_BY_NAME, variables).path("solutions.totalCount").entity(Integer.class).isEqualTo(0);
		assertThat(statements.count()).as("statements of the first request").isPositive();

		// the counter sees every statement of the context, also background work (the feed signer, projections) and a
		// change announced by an earlier test that empties the cache: a working cache answers at least one of three
		// repeats without any statement, a broken one none
		List<Integer> counts = new ArrayList<>();
		for (int attempt = 0; attempt < 3 && !counts.contains(0); attempt++) {
			statements.reset();
			executeAs(null, SOLUTIONS_BY_NAME, variables).path("solutions.totalCount").entity(Integer.class).isEqualTo(0);
			counts.add(statements.count());
		}
		assertThat(counts).as("statements of the repeated requests").contains(0);
	}

	@Test
	void otherVariablesAreAnotherResponse() {
		String name = unique("Varied");
		executeAs(null, SOLUTIONS_BY_NAME, Map.of("name", name)).path("solutions.totalCount").entity(Integer.class)
			.isEqualTo(0);
		publishSolution(organizationId("073150000000", "MUNICIPALITY"), name + " B", List.of(10160));
		executeAs(null, SOLUTIONS_BY_NAME, Map.of("name", name + " B")).path("solutions.edges[0].node.name")
			.entity(String.class)
			.isEqualTo(name + " B");
	}

	@Test
	void aChangeIsVisibleToTheVeryNextQuery() {
		String name = unique("Fresh");
		Map<String, Object> variables = Map.of("name", name);
		executeAs(null, SOLUTIONS_BY_NAME, variables).path("solutions.totalCount").entity(Integer.class).isEqualTo(0);
		executeAs(null, SOLUTIONS_BY_NAME, variables).path("solutions.totalCount").entity(Integer.class).isEqualTo(0);

		publishSolution(organizationId("073150000000", "MUNICIPALITY"), name, List.of(10160));

		executeAs(null, SOLUTIONS_BY_NAME, variables).path("solutions.totalCount").entity(Integer.class).isEqualTo(1);
		executeAs(null, SOLUTIONS_BY_NAME, variables).path("solutions.edges[0].node.provider.name")
			.entity(String.class)
			.isEqualTo("Mainz");
	}

	@Test
	void nothingCachedBeforeTheChangeAnnouncementsWereInterruptedIsServedAfterwards() throws InterruptedException {
		Map<String, Object> variables = Map.of("name", unique("Interrupted"));
		executeAs(null, SOLUTIONS_BY_NAME, variables).path("solutions.totalCount").entity(Integer.class).isEqualTo(0);
		long before = notifications.generation();
		// the listening connection is lost: changes of other instances could be missed until it is back
		db.sql("select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'LISTEN ozg_changes%'")
			.fetch().all().blockLast();
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!(notifications.generation() >= before + 2 && notifications.listening()) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(notifications.listening()).as("listening again").isTrue();

		statements.reset();
		executeAs(null, SOLUTIONS_BY_NAME, variables).path("solutions.totalCount").entity(Integer.class).isEqualTo(0);
		assertThat(statements.count()).as("statements after the interruption").isPositive();
	}

	@Test
	void requestsWithCredentialsGetNoAnswerOfTheEngineFromTheCache() {
		// the engine's answer to an anonymous request may lack what a signed-in one is shown
		Map<String, Object> variables = Map.of("name", unique("Authenticated"));
		cached(SOLUTIONS_BY_NAME, variables);
		for (int attempt = 0; attempt < 2; attempt++) {
			double misses = cacheRequests("miss");
			execute(SOLUTIONS_BY_NAME, variables).path("solutions.totalCount").entity(Integer.class).isEqualTo(0);
			assertThat(cacheRequests("miss") - misses).as("executed, attempt " + attempt).isEqualTo(1);
		}
	}

	@Test
	void aCompiledAnswerIsServedToSignedInRequestsTooAfterTheirCredentialsWereChecked() {
		String solution = publishSolution(organizationId("073150000000", "MUNICIPALITY"), unique("Shared"),
				List.of(10160));
		Map<String, Object> variables = Map.of("id", solution);
		cached(SOLUTION_ADOPTERS, variables);
		double hits = cacheRequests("hit");
		execute(SOLUTION_ADOPTERS, variables).path("solution.adoptions.totalCount").entity(Integer.class).isEqualTo(0);
		assertThat(cacheRequests("hit") - hits).as("a signed-in request answered from the cache").isEqualTo(1);
		assertError(executeAs("ozg_not-a-token", SOLUTION_ADOPTERS, variables), "UNAUTHENTICATED", null);
	}

}
