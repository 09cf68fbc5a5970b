package de.ozgregistry.changes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import de.ozgregistry.OzgRegistryApplication;
import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.client.HttpGraphQlClient;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live notifications with two application instances on one database: a change made through one instance reaches
 * subscribers of the other, over WebSocket (graphql-transport-ws) and over Server-Sent Events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveNotificationsTest extends ApiTest {

	@Autowired
	DatabaseEndpoint database;

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
				"--ozg.limits.requests-per-minute-per-address=10000000");
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
