package de.ozgregistry.changes;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pacing of work after changes ({@link ChangeNotifications#afterChanges}): the push hints and the feed signer
 * run on it. Found under 10 writes/s: with the sample after the buffer, a run longer than the pause failed the
 * pipeline with an overflow, the retry cancelled the run and started another, and a node without a signing key made
 * key after key (seconds of CPU each) and stored none.
 */
class AfterChangesTest {

	@Test
	void runsLongerThanThePauseAreNeverCancelledAndTheLastChangeIsFollowed() {
		AtomicInteger started = new AtomicInteger();
		AtomicInteger finished = new AtomicInteger();
		AtomicInteger cancelled = new AtomicInteger();
		StepVerifier.withVirtualTime(() -> ChangeNotifications.paced(
				// a change every 10 ms for a second, then quiet
				Flux.interval(Duration.ofMillis(10)).take(100), Duration.ofMillis(100),
				() -> Mono.delay(Duration.ofMillis(300))
					.doOnSubscribe(subscription -> started.incrementAndGet())
					.doOnCancel(cancelled::incrementAndGet)
					.doOnSuccess(done -> finished.incrementAndGet())
					.then()))
			.thenAwait(Duration.ofSeconds(5))
			.verifyComplete();
		assertThat(cancelled).hasValue(0);
		assertThat(finished).hasValue(started.get());
		// one run at a time, each 300 ms: not one per change, but enough to follow the last one (at 1 s)
		assertThat(started.get()).isBetween(3, 6);
	}

	@Test
	void aQuietRegistryRunsNothingAndOneChangeRunsOnce() {
		AtomicInteger runs = new AtomicInteger();
		StepVerifier.withVirtualTime(() -> ChangeNotifications.paced(
				Flux.just(1L).delayElements(Duration.ofSeconds(2)), Duration.ofMillis(100),
				() -> Mono.fromRunnable(runs::incrementAndGet)))
			.thenAwait(Duration.ofSeconds(1))
			.then(() -> assertThat(runs).hasValue(0))
			.thenAwait(Duration.ofSeconds(2))
			.verifyComplete();
		assertThat(runs).hasValue(1);
	}

}
