package de.ozgregistry.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.changes.ChangeNotifications;
import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The response cache of anonymous queries: hits skip the database, changes and interruptions empty it. */
class ResponseCacheTest extends ApiTest {

	private static final String SOLUTIONS_BY_NAME = """
			query SolutionsByName($name: String) { solutions(filter: { name: $name }) { totalCount
			  edges { node { name provider { name } } } } }""";

	@Autowired
	ChangeNotifications notifications;

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
	void requestsWithCredentialsAreAlwaysExecuted() {
		Map<String, Object> variables = Map.of("name", unique("Authenticated"));
		for (int attempt = 0; attempt < 2; attempt++) {
			statements.reset();
			execute(SOLUTIONS_BY_NAME, variables).path("solutions.totalCount").entity(Integer.class).isEqualTo(0);
			assertThat(statements.count()).as("statements of attempt " + attempt).isPositive();
		}
	}

}
