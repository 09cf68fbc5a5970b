package de.ozgregistry.changes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import de.ozgregistry.OzgRegistryApplication;
import de.ozgregistry.changes.ChangeNotifications.Change;
import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.graphql.ErrorCode;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.client.HttpGraphQlClient;
import org.springframework.graphql.client.SubscriptionErrorException;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live notifications with two application instances on one database: a change made through one instance reaches
 * subscribers of the other, over WebSocket (graphql-transport-ws) and over Server-Sent Events; bursts of 10,000
 * changes keep both instances listening, reach both, and are never replayed to later subscribers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveNotificationsTest extends ApiTest {

	@Autowired
	DatabaseEndpoint database;

	@Autowired
	ChangeNotifications notificationsA;

	@Value("${local.server.port}")
	int portA;

	private ConfigurableApplicationContext instanceB;

	private int portB;

	@BeforeAll
	void startSecondInstance() {
		instanceB = new SpringApplicationBuilder(OzgRegistryApplication.class).run("--server.port=0",
				"--ozg.database.mode=external", "--ozg.database.host=" + database.host(),
				"--ozg.database.port=" + database.port(), "--ozg.database.name=" + database.database(),
				"--ozg.database.username=" + database.username(), "--ozg.seed-on-start=false",
				"--ozg.node-id=test-node", "--ozg.security.admin-token=" + ADMIN_TOKEN,
				"--ozg.limits.requests-per-minute-per-address=10000000",
				// small, so that a burst overruns a GraphQL subscriber of B (a slow client in miniature)
				"--ozg.notifications.subscriber-buffer=10");
		portB = Integer.parseInt(instanceB.getEnvironment().getProperty("local.server.port"));
	}

	@AfterAll
	void stopSecondInstance() {
		instanceB.close();
	}

	@Test
	void aSolutionPublishedOnOneInstanceReachesWebSocketSubscribersOfTheOther() {
		WebSocketGraphQlTester subscriber = WebSocketGraphQlTester
			.builder("ws://localhost:" + portB + "/graphql", new ReactorNettyWebSocketClient())
			.build();
		String prefix = unique("Live");
		Flux<String> names = subscriber
			.document("subscription { solutionPublished(filter: { ozgIds: [10008] }) { name provider { name } } }")
			.executeSubscription()
			.toFlux("solutionPublished.name", String.class);
		AtomicBoolean received = new AtomicBoolean();
		try {
			StepVerifier.create(names.filter(name -> name.startsWith(prefix)).take(1))
				.then(() -> publishUntil(received, prefix, 10008))
				.expectNextMatches(name -> name.startsWith(prefix))
				.expectComplete()
				.verify(Duration.ofSeconds(20));
		}
		finally {
			received.set(true);
		}
	}

	@Test
	void theFilterKeepsOutOtherOzgLeistungen() {
		WebSocketGraphQlTester subscriber = WebSocketGraphQlTester
			.builder("ws://localhost:" + portB + "/graphql", new ReactorNettyWebSocketClient())
			.build();
		String prefix = unique("Gefiltert");
		Flux<String> names = subscriber
			.document("subscription { solutionPublished(filter: { ozgIds: [10009] }) { name } }")
			.executeSubscription()
			.toFlux("solutionPublished.name", String.class);
		AtomicBoolean received = new AtomicBoolean();
		try {
			StepVerifier.create(names.filter(name -> name.startsWith(prefix)).take(1))
				.then(() -> {
					publishSolution(municipality("073150000000"), prefix + " other", List.of(10010));
					publishUntil(received, prefix, 10009);
				})
				.expectNextMatches(name -> !name.endsWith("other"))
				.expectComplete()
				.verify(Duration.ofSeconds(20));
		}
		finally {
			received.set(true);
		}
	}

	@Test
	void adoptionChangesMadeOnTheSecondInstanceReachSseSubscribersOfTheFirst() {
		String solution = publishSolution(municipality("073150000000"), unique("SSE"), List.of(10011));
		HttpGraphQlClient client = HttpGraphQlClient.builder(WebClient.create("http://localhost:" + portA + "/graphql"))
			.build();
		Flux<Map> changes = client
			.document("subscription($s: ID) { adoptionChanged(filter: { solutionId: $s }) { operation adoption { status organization { name } } } }")
			.variable("s", solution)
			.retrieveSubscription("adoptionChanged")
			.toEntity(Map.class);
		AtomicBoolean received = new AtomicBoolean();
		AtomicInteger attempt = new AtomicInteger();
		String[] gemeinden = { "051110000000", "051120000000", "051130000000", "051140000000", "051160000000",
				"051170000000", "051190000000", "051200000000", "051220000000", "051240000000" };
		StepVerifier.create(changes.take(1))
			.then(() -> background(received, () -> {
				String organization = municipality(gemeinden[attempt.getAndIncrement() % gemeinden.length]);
				HttpGraphQlClient.builder(WebClient.create("http://localhost:" + portB + "/graphql"))
					.headers(h -> h.setBearerAuth(ADMIN_TOKEN))
					.build()
					.document("mutation($o: ID!, $s: ID!) { recordAdoption(input: { organizationId: $o, solutionId: $s, status: LIVE }) { adoption { id } } }")
					.variable("o", organization)
					.variable("s", solution)
					.retrieve("recordAdoption.adoption.id")
					.toEntity(String.class)
					.block();
			}))
			.expectNextMatches(change -> "CREATE".equals(change.get("operation")))
			.thenCancel()
			.verify(Duration.ofSeconds(20));
		received.set(true);
		assertThat(attempt.get()).isPositive();
	}

	/**
	 * The lag of cached reads across instances: instance A answers an anonymous coverage query from its response cache;
	 * a live adoption recorded through instance B shows in A's answer within a second (in practice within
	 * milliseconds: the change's announcement empties A's caches).
	 */
	@Test
	void aStatisticCachedOnOneInstanceReflectsAWriteThroughTheOtherWithinASecond() {
		String solution = publishSolution(municipality("040120000000"), unique("Verteilt"), List.of(10057));
		HttpGraphQlClient anonymousA = HttpGraphQlClient
			.builder(WebClient.create("http://localhost:" + portA + "/graphql"))
			.build();
		String coverage = "{ coverage(ozgId: 10057, level: STATE, within: \"04\") { coveredMunicipalities } }";
		for (int i = 0; i < 2; i++) {
			assertThat(anonymousA.document(coverage).retrieve("coverage[0].coveredMunicipalities").toEntity(Integer.class)
				.block()).isZero();
		}
		HttpGraphQlClient.builder(WebClient.create("http://localhost:" + portB + "/graphql"))
			.headers(h -> h.setBearerAuth(ADMIN_TOKEN))
			.build()
			.document("mutation($o: ID!, $s: ID!) { recordAdoption(input: { organizationId: $o, solutionId: $s, status: LIVE }) { adoption { id } } }")
			.variable("o", municipality("040120000000"))
			.variable("s", solution)
			.retrieve("recordAdoption.adoption.id")
			.toEntity(String.class)
			.block();
		long acknowledged = System.nanoTime();
		int covered = 0;
		while (covered == 0 && System.nanoTime() - acknowledged < Duration.ofSeconds(5).toNanos()) {
			covered = anonymousA.document(coverage).retrieve("coverage[0].coveredMunicipalities").toEntity(Integer.class)
				.block();
		}
		Duration lag = Duration.ofNanos(System.nanoTime() - acknowledged);
		assertThat(covered).isEqualTo(1);
		assertThat(lag).as("lag of instance A behind a write through B").isLessThan(Duration.ofSeconds(1));
	}

	/**
	 * Finding 5 of issue 11: 10,000 changes committed while nobody on instance A subscribes, then 10,000 with
	 * subscribers. Neither instance drops its LISTEN connection (so both caches stay on), both hear every change, A
	 * bumps its cache generation for each, and A's subscriber hears only the changes after it subscribed.
	 */
	@Test
	void tenThousandChangesKeepBothInstancesListeningAndReachThemAll() {
		ChangeNotifications a = notificationsA;
		ChangeNotifications b = instanceB.getBean(ChangeNotifications.class);
		long reconnectsA = a.reconnects();
		long reconnectsB = b.reconnects();
		UUID entity = UUID.randomUUID();
		List<Long> heardByA = Collections.synchronizedList(new ArrayList<>());
		List<Long> heardByB = Collections.synchronizedList(new ArrayList<>());
		Disposable onB = b.changes().filter(change -> change.entityId().equals(entity))
			.subscribe(change -> heardByB.add(change.seq()));
		Disposable onA = null;
		try (ListeningWatch watch = new ListeningWatch(a, b)) {
			long generation = a.generation();
			List<Long> unobserved = writeChanges(entity, 10_000);
			boolean generationBumpedForEach = await(() -> a.generation() - generation >= 10_000,
					Duration.ofSeconds(30));
			onA = a.changes().filter(change -> change.entityId().equals(entity))
				.subscribe(change -> heardByA.add(change.seq()));
			List<Long> observed = writeChanges(entity, 10_000);
			await(() -> heardByA.size() >= observed.size() && heardByB.size() >= 20_000, Duration.ofSeconds(60));

			assertThat(a.reconnects()).as("reconnects of instance A's LISTEN connection").isEqualTo(reconnectsA);
			assertThat(b.reconnects()).as("reconnects of instance B's LISTEN connection").isEqualTo(reconnectsB);
			assertThat(watch.interruptions()).as("moments in which an instance was not listening").isZero();
			assertThat(generationBumpedForEach).as("A's cache generation bumped for each unobserved change").isTrue();
			List<Long> all = new ArrayList<>(unobserved);
			all.addAll(observed);
			assertThat(heardByB).as("changes heard by instance B").containsExactlyInAnyOrderElementsOf(all);
			assertThat(heardByA).as("changes heard by A's subscriber").containsExactlyInAnyOrderElementsOf(observed);
		}
		finally {
			onB.dispose();
			if (onA != null) {
				onA.dispose();
			}
		}
	}

	/**
	 * A subscriber that arrives after a burst nobody listened to (the last subscriber had left) hears nothing of it
	 * (nothing is buffered for later subscribers), and the next change exactly once.
	 */
	@Test
	void aLateSubscriberHearsNoEarlierChangeAndTheNextOneExactlyOnce() throws InterruptedException {
		UUID entity = UUID.randomUUID();
		notificationsA.changes().take(Duration.ofMillis(200)).blockLast(Duration.ofSeconds(5));
		long generation = notificationsA.generation();
		writeChanges(entity, 10_000);
		await(() -> notificationsA.generation() - generation >= 10_000, Duration.ofSeconds(30));
		long committedBefore = count("select max(seq) from change_log");
		List<Change> heard = Collections.synchronizedList(new ArrayList<>());
		Disposable late = notificationsA.changes().subscribe(heard::add);
		try {
			Thread.sleep(3000);
			assertThat(new ArrayList<>(heard)).as("changes committed before the subscription")
				.filteredOn(change -> change.seq() <= committedBefore)
				.isEmpty();
			long next = writeChanges(entity, 1).get(0);
			await(() -> heard.stream().anyMatch(change -> change.seq() == next), Duration.ofSeconds(10));
			Thread.sleep(500);
			assertThat(new ArrayList<>(heard)).as("changes of the entity heard after the subscription")
				.filteredOn(change -> change.entityId().equals(entity))
				.extracting(Change::seq)
				.containsExactly(next);
		}
		finally {
			late.dispose();
		}
	}

	/**
	 * The same over GraphQL: a WebSocket subscriber of {@code adoptionChanged} that subscribes after 10,000 changes of
	 * an adoption receives nothing until the next change of the solution's adoptions, and that one once.
	 */
	@Test
	void aLateWebSocketSubscriberReceivesOnlyTheNextAdoptionChange() {
		String solution = publishSolution(municipality("073150000000"), unique("Spät"), List.of(10011));
		String adoption = recordAdoption(municipality("073150000000"), solution, "PLANNED");
		long generation = notificationsA.generation();
		writeAdoptionChanges(adoption, 10_000);
		await(() -> notificationsA.generation() - generation >= 10_000, Duration.ofSeconds(30));
		WebSocketGraphQlTester subscriber = WebSocketGraphQlTester
			.builder("ws://localhost:" + portA + "/graphql", new ReactorNettyWebSocketClient())
			.build();
		Flux<String> operations = subscriber
			.document("subscription($s: ID) { adoptionChanged(filter: { solutionId: $s }) { operation } }")
			.variable("s", solution)
			.executeSubscription()
			.toFlux("adoptionChanged.operation", String.class);
		StepVerifier.create(operations)
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(3))
			.then(() -> recordAdoption(municipality("071110000000"), solution, "PLANNED"))
			.expectNext("CREATE")
			.expectNoEvent(Duration.ofSeconds(1))
			.thenCancel()
			.verify(Duration.ofSeconds(30));
	}

	/**
	 * A subscriber that takes one change and then nothing more is ended with {@code SUBSCRIBER_TOO_SLOW} once its
	 * buffer of 1,000 is full; the LISTEN connection and a second subscriber on the same instance get all 10,000.
	 */
	@Test
	void aSubscriberThatCannotKeepUpIsEndedWhileTheOthersHearEverything() {
		long reconnects = notificationsA.reconnects();
		UUID entity = UUID.randomUUID();
		AtomicReference<Throwable> slowError = new AtomicReference<>();
		BaseSubscriber<Change> slow = new BaseSubscriber<>() {
			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				subscription.request(1);
			}

			@Override
			protected void hookOnError(Throwable error) {
				slowError.set(error);
			}
		};
		notificationsA.changes().subscribe(slow);
		List<Long> heard = Collections.synchronizedList(new ArrayList<>());
		Disposable fast = notificationsA.changes().filter(change -> change.entityId().equals(entity))
			.subscribe(change -> heard.add(change.seq()));
		try (ListeningWatch watch = new ListeningWatch(notificationsA)) {
			List<Long> written = writeChanges(entity, 10_000);
			await(() -> heard.size() >= written.size(), Duration.ofSeconds(30));
			slow.requestUnbounded();
			await(() -> slowError.get() != null, Duration.ofSeconds(10));

			assertThat(slowError.get()).as("how the slow subscriber ended")
				.isInstanceOfSatisfying(RegistryException.class,
						error -> assertThat(error.code()).isEqualTo(ErrorCode.SUBSCRIBER_TOO_SLOW));
			assertThat(heard).as("changes heard by the other subscriber").containsExactlyInAnyOrderElementsOf(written);
			assertThat(notificationsA.reconnects()).as("reconnects of the LISTEN connection").isEqualTo(reconnects);
			assertThat(watch.interruptions()).as("moments in which the instance was not listening").isZero();
		}
		finally {
			slow.dispose();
			fast.dispose();
		}
	}

	/**
	 * Over WebSocket: a burst of changes that a subscriber of instance B (buffer of 10 in this test) cannot take as
	 * fast as they come ends its subscription with an error that carries {@code extensions.code}
	 * {@code SUBSCRIBER_TOO_SLOW}; a new subscription works.
	 */
	@Test
	void aWebSocketSubscriberOverrunByABurstGetsSubscriberTooSlow() {
		String solution = publishSolution(municipality("073150000000"), unique("Flut"), List.of(10011));
		String adoption = recordAdoption(municipality("073150000000"), solution, "PLANNED");
		WebSocketGraphQlTester subscriber = WebSocketGraphQlTester
			.builder("ws://localhost:" + portB + "/graphql", new ReactorNettyWebSocketClient())
			.build();
		String document = "subscription($s: ID) { adoptionChanged(filter: { solutionId: $s }) { operation } }";
		Flux<String> operations = subscriber.document(document)
			.variable("s", solution)
			.executeSubscription()
			.toFlux("adoptionChanged.operation", String.class);
		StepVerifier.create(operations)
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(2))
			.then(() -> writeAdoptionChanges(adoption, 500))
			.thenConsumeWhile("UPDATE"::equals)
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(SubscriptionErrorException.class,
					failure -> assertThat(failure.getErrors()).singleElement()
						.satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "SUBSCRIBER_TOO_SLOW"))))
			.verify(Duration.ofSeconds(30));
		StepVerifier.create(subscriber.document(document)
				.variable("s", solution)
				.executeSubscription()
				.toFlux("adoptionChanged.operation", String.class))
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(2))
			.then(() -> recordAdoption(municipality("071110000000"), solution, "PLANNED"))
			.expectNext("CREATE")
			.thenCancel()
			.verify(Duration.ofSeconds(30));
	}

	/** Writes n change-log entries of an existing adoption in one transaction (announced at its commit). */
	private void writeAdoptionChanges(String adoption, int n) {
		db.sql("""
				insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, registry_node_id)
				select 'ADOPTION', :id, 1, 'UPDATE', '{}', 'test-node' from generate_series(1, :n)""")
			.bind("id", UUID.fromString(adoption))
			.bind("n", n)
			.fetch()
			.rowsUpdated()
			.block(Duration.ofSeconds(60));
	}

	/** Writes n change-log entries of a stand-in entity in one transaction (announced at its commit). */
	private List<Long> writeChanges(UUID entity, int n) {
		return db.sql("""
				insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, registry_node_id)
				select 'ORGANIZATION', :entity, v, 'UPDATE', '{}', 'test-node' from generate_series(1, :n) v
				returning seq""")
			.bind("entity", entity)
			.bind("n", n)
			.map(row -> row.get(0, Long.class))
			.all()
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	/** Polls the condition every 20 ms until it holds or the time is up; whether it held. */
	private static boolean await(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/** Samples {@code listening()} of the instances every millisecond and counts the samples in which one was not. */
	private static final class ListeningWatch implements AutoCloseable {

		private final AtomicInteger interruptions = new AtomicInteger();

		private final AtomicBoolean closed = new AtomicBoolean();

		private final Thread thread;

		ListeningWatch(ChangeNotifications... instances) {
			this.thread = new Thread(() -> {
				while (!closed.get()) {
					for (ChangeNotifications instance : instances) {
						if (!instance.listening()) {
							interruptions.incrementAndGet();
						}
					}
					try {
						Thread.sleep(1);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			thread.setDaemon(true);
			thread.start();
		}

		int interruptions() {
			return interruptions.get();
		}

		@Override
		public void close() {
			closed.set(true);
		}

	}

	/** Publishes matching solutions on instance A every half second until a subscriber saw one. */
	private void publishUntil(AtomicBoolean received, String prefix, int ozgId) {
		AtomicInteger round = new AtomicInteger();
		background(received, () -> publishSolution(municipality("073150000000"), prefix + " " + round.incrementAndGet(),
				List.of(ozgId)));
	}

	/** Runs the action every half second (at most 30 times) on another thread until {@code done} is set. */
	private static void background(AtomicBoolean done, Runnable action) {
		Thread thread = new Thread(() -> {
			for (int i = 0; i < 30 && !done.get(); i++) {
				action.run();
				try {
					Thread.sleep(500);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		thread.setDaemon(true);
		thread.start();
	}

}
