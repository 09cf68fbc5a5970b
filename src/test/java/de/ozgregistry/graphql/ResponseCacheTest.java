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
import org.springframework.graphql.test.tester.GraphQlTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response cache of anonymous queries: hits skip the database; changes make stale what they reach (for an answer
 * of the compiled read path, what it declared it read; for one of the engine, what its fields told, or everything if
 * one of them tells nothing), and interruptions everything.
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

	private static final String COVERAGE = """
			query($o: Int!) { coverage(ozgId: $o, level: STATE) { region { ars name } municipalityCount
			  coveredMunicipalities populationCovered } }""";

	private static final String REUSE_OPTIONS = """
			query($org: ID!, $o: Int!) { reuseOptions(organization: $org, ozgId: $o, first: 5) { score
			  solution { name } reasons { liveAdopters liveAdoptersInLand legalPaths { path open } } } }""";

	/** As the mixed mode of bench/compare.mjs sends it: a union of items with inline fragments. */
	private static final String SEARCH = """
			query($q: String!) { search(query: $q, first: 10) { totalCount edges { node { score highlight
			  item { __typename ... on OzgService { ozgId name } ... on LeikaService { key name }
			  ... on Solution { id name } ... on Organization { ars name } } } } } }""";

	@Test
	void theCoverageOfAnOzgServiceStaysCachedThroughAdoptionsThatCannotCoverItAndNotThroughTheOthers() {
		List<Integer> ozgIds = unadoptedOzgServices();
		String provider = organizationId("073150000000", "MUNICIPALITY");
		String watched = publishSolution(provider, unique("Covering"), List.of(ozgIds.get(0)));
		String other = publishSolution(provider, unique("Elsewhere"), List.of(ozgIds.get(1)));
		List<String> adopters = municipalities(provider, 2);
		Map<String, Object> variables = Map.of("o", ozgIds.get(0));
		String before = cached(COVERAGE, variables);

		announced(other, () -> recordAdoption(adopters.get(0), other, "LIVE"));
		hits(COVERAGE, variables, before);
		// an answer of the engine is for anonymous requests only
		double misses = cacheRequests("miss");
		execute(COVERAGE, variables).path("coverage").hasValue();
		assertThat(cacheRequests("miss") - misses).as("a signed-in request executed").isEqualTo(1);

		// a live adoption of the solution that offers it: the very next answer counts it
		recordAdoption(adopters.get(1), watched, "LIVE");
		int covered = executeAs(null, COVERAGE, variables).path("coverage[*].coveredMunicipalities")
			.entityList(Integer.class).get().stream().mapToInt(Integer::intValue).sum();
		assertThat(covered).isEqualTo(1);
	}

	@Test
	void reuseOptionsStayCachedThroughAdoptionsThatCannotCoverTheOzgServiceAndNotThroughTheOthers() {
		List<Integer> ozgIds = unadoptedOzgServices();
		String provider = organizationId("073150000000", "MUNICIPALITY");
		String watched = publishSolution(provider, unique("Reusable"), List.of(ozgIds.get(0)));
		String other = publishSolution(provider, unique("Unrelated"), List.of(ozgIds.get(1)));
		List<String> municipalities = municipalities(provider, 3);
		Map<String, Object> variables = Map.of("org", municipalities.get(2), "o", ozgIds.get(0));
		String before = cached(REUSE_OPTIONS, variables);
		assertThat(before).contains("liveAdopters=0");

		announced(other, () -> recordAdoption(municipalities.get(0), other, "LIVE"));
		hits(REUSE_OPTIONS, variables, before);

		recordAdoption(municipalities.get(1), watched, "LIVE");
		executeAs(null, REUSE_OPTIONS, variables).path("reuseOptions[0].reasons.liveAdopters").entity(Integer.class)
			.isEqualTo(1);
	}

	@Test
	void aSearchStaysCachedThroughAdoptionsOfSolutionsItDidNotMatchAndNotThroughTheirs() {
		String provider = organizationId("073150000000", "MUNICIPALITY");
		String word = unique("Quellwasserbescheid").replaceAll("[^A-Za-z]", "");
		String watched = publishSolution(provider, word + " Portal", List.of(10160));
		String other = publishSolution(provider, unique("Anderes"), List.of(10160));
		List<String> adopters = municipalities(provider, 2);
		Map<String, Object> variables = Map.of("q", word);
		String before = cached(SEARCH, variables);
		assertThat(before).contains(watched);

		announced(other, () -> recordAdoption(adopters.get(0), other, "LIVE"));
		hits(SEARCH, variables, before);

		// a live adopter raises the matched solution's prior, and so its score
		recordAdoption(adopters.get(1), watched, "LIVE");
		assertThat(json(executeAs(null, SEARCH, variables))).isNotEqualTo(before);
	}

	@Test
	void aQueryWithAFieldThatDeclaresNothingGoesStaleWithAnyChangeEvenBesideDeclaredOnes() {
		List<Integer> ozgIds = unadoptedOzgServices();
		String provider = organizationId("073150000000", "MUNICIPALITY");
		String solution = publishSolution(provider, unique("Undeclared"), List.of(ozgIds.get(1)));
		String adopter = municipalities(provider, 1).get(0);
		// Organization.adoptions on the engine path tells nothing of what it read
		String document = """
				query($o: Int!, $org: ID!) { coverage(ozgId: $o, level: STATE) { coveredMunicipalities }
				  organization(id: $org) { name adoptions(first: 1) { totalCount } } }""";
		Map<String, Object> variables = Map.of("o", ozgIds.get(0), "org", adopter);
		cached(document, variables);
		announced(solution, () -> recordAdoption(adopter, solution, "PLANNED"));
		double misses = cacheRequests("miss");
		executeAs(null, document, variables).path("organization.adoptions.totalCount").entity(Integer.class)
			.isEqualTo(1);
		assertThat(cacheRequests("miss") - misses).as("executed again").isEqualTo(1);
	}

	@Test
	void aPageOfAdoptionsAfterACursorStaysCachedThroughChangesOfAdoptionsOfOtherDaysAndNotThroughThoseOfItsOwn() {
		String provider = organizationId("073150000000", "MUNICIPALITY");
		String solution = publishSolution(provider, unique("Paged"), List.of(10160));
		List<String> adopters = municipalities(provider, 6);
		// five adoptions created on five days of 2001, the newest first: page 1 shows 01-05 and 01-04, page 2
		// (after 01-04) shows 01-03 and 01-02, and 01-01 tells that a next page exists
		List<String> adoptions = new ArrayList<>();
		for (int day = 5; day >= 1; day--) {
			String id = recordAdoption(adopters.get(day - 1), solution, "LIVE");
			db.sql("update adoption set created_at = :at where id = :id")
				.bind("at", java.time.OffsetDateTime.parse("2001-01-0" + day + "T12:00:00Z"))
				.bind("id", java.util.UUID.fromString(id))
				.then()
				.block();
			adoptions.add(id);
		}
		String page = """
				query($s: ID!, $after: String) { adoptions(filter: { solutionId: $s }, first: 2, after: $after) {
				  edges { node { id status } } pageInfo { hasNextPage endCursor } } }""";
		String after = executeAs(null, page, Map.of("s", solution)).path("adoptions.pageInfo.endCursor")
			.entity(String.class).get();
		Map<String, Object> variables = Map.of("s", solution, "after", after);
		String before = cached(page, variables);
		assertThat(before).contains(adoptions.get(2), adoptions.get(3)).doesNotContain(adoptions.get(4));

		// a change of the adoption of 01-05 (before the cursor), a new adoption (today): not of this page
		updateStatus(adoptions.get(0), "DISCONTINUED");
		recordAdoption(adopters.get(5), solution, "PLANNED");
		hits(page, variables, before);

		// a change of the adoption of 01-02, on the page: the very next answer has it
		updateStatus(adoptions.get(3), "DISCONTINUED");
		executeAs(null, page, variables).path("adoptions.edges[1].node.status").entity(String.class)
			.isEqualTo("DISCONTINUED");
		// and of 01-01, past the page: whether a next page exists may change with it
		String now = json(executeAs(null, page, variables));
		updateStatus(adoptions.get(4), "DISCONTINUED");
		misses(page, variables, now);
	}

	private void updateStatus(String adoption, String status) {
		execute("""
				mutation($id: ID!, $status: AdoptionStatus!) { updateAdoptionStatus(input: { id: $id, status: $status })
				  { adoption { status } } }""", Map.of("id", adoption, "status", status))
			.path("updateAdoptionStatus.adoption.status").entity(String.class).isEqualTo(status);
	}

	/** The anonymous query is answered from the cache, with {@code same}. */
	private void hits(String document, Map<String, Object> variables, String same) {
		double hits = cacheRequests("hit");
		assertThat(json(executeAs(null, document, variables))).isEqualTo(same);
		assertThat(cacheRequests("hit") - hits).as("answered from the cache").isEqualTo(1);
	}

	/** The anonymous query is executed again (not answered from the cache), and answers {@code same}. */
	private void misses(String document, Map<String, Object> variables, String same) {
		double misses = cacheRequests("miss");
		assertThat(json(executeAs(null, document, variables))).isEqualTo(same);
		assertThat(cacheRequests("miss") - misses).as("executed again").isEqualTo(1);
	}

	@Test
	void aMissIsAQueryExecutedNotAMutationNorADocumentThatDoesNotParse() {
		String provider = organizationId("073150000000", "MUNICIPALITY");
		String solution = publishSolution(provider, unique("Counted"), List.of(10160));
		double misses = cacheRequests("miss");
		recordAdoption(municipalities(provider, 1).get(0), solution, "PLANNED");
		executeAs(null, "{ solutions(first: 1) { totalCount ", Map.of()).errors()
			.satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code"))
				.containsExactly("VALIDATION_FAILED"));
		assertThat(cacheRequests("miss") - misses).isZero();
		executeAs(null, SOLUTIONS_BY_NAME, Map.of("name", unique("Counted"))).path("solutions.totalCount").hasValue();
		assertThat(cacheRequests("miss") - misses).isEqualTo(1);
	}

	/** Two OZG-Leistungen of the catalogue that no adoption covers yet (each test its own). */
	private List<Integer> unadoptedOzgServices() {
		return db.sql("select ozg_id from ozg_service o where not exists (select 1 from adoption_ozg_service a "
				+ "where a.ozg_id = o.ozg_id) and not exists (select 1 from solution_ozg_service s "
				+ "where s.ozg_id = o.ozg_id) order by md5(ozg_id::text || :salt) limit 2")
			.bind("salt", unique("salt"))
			.map(row -> row.get(0, Integer.class))
			.all()
			.collectList()
			.block();
	}

	/** {@code n} Gemeinden other than {@code provider}, none with an adoption yet where possible. */
	private List<String> municipalities(String provider, int n) {
		return db.sql("select id::text from organization o where 'MUNICIPALITY' = any(kinds) and id <> :provider "
				+ "order by (select count(*) from adoption a where a.organization_id = o.id), md5(id::text || :salt) "
				+ "limit :n")
			.bind("provider", java.util.UUID.fromString(provider))
			.bind("salt", unique("salt"))
			.bind("n", n)
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block();
	}

	private static String json(GraphQlTester.Response response) {
		return response.path("").entity(Object.class).get().toString();
	}

	/** Runs the anonymous query until the cache answers it (announcements of earlier changes may empty it). */
	private String cached(String document, Map<String, Object> variables) {
		for (int attempt = 0; attempt < 10; attempt++) {
			double hits = cacheRequests("hit");
			String answer = json(executeAs(null, document, variables));
			if (cacheRequests("hit") > hits) {
				return answer;
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
