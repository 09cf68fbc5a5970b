package de.ozgregistry.graphql;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** When the response cache is full it drops what may no longer be served first, and everything only if that is not enough. */
class ResponseCacheRoomTest {

	/** Changes that reached the topics in {@code stale}. */
	private static final class Changes implements DataGeneration {

		final Set<String> stale = new HashSet<>();

		@Override
		public long generation() {
			return 1;
		}

		@Override
		public boolean changedSince(long generation, Set<String> topics) {
			return topics == null || topics.stream().anyMatch(stale::contains);
		}

		@Override
		public boolean listening() {
			return true;
		}

	}

	private final Changes changes = new Changes();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** 1 MB: four answers of 110,000 characters (220,000 bytes as it counts them) fit, a fifth does not. */
	private final ResponseCache cache = new ResponseCache(changes, new ReadTopics(),
			new StaticListableBeanFactory().getBeanProvider(org.springframework.graphql.execution.GraphQlSource.class),
			1, Clock.system(ZoneOffset.UTC), meters);

	private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

	@Test
	void aFullCacheDropsTheStaleAnswersAndKeepsTheOthers() {
		List<ResponseCache.Key> keys = IntStream.range(0, 7).mapToObj(n -> key("q" + n)).toList();
		for (int n = 0; n < 4; n++) {
			store(keys.get(n), "t" + n);
		}
		changes.stale.addAll(Set.of("t0", "t1"));
		store(keys.get(4), "t4");
		assertThat(keys.subList(0, 5).stream().map(cache::holds)).containsExactly(false, false, true, true, true);
		assertThat(emptied()).isZero();

		// full again with nothing stale: emptied
		store(keys.get(5), "t5");
		store(keys.get(6), "t6");
		assertThat(keys.stream().filter(cache::holds)).containsExactly(keys.get(6));
		assertThat(emptied()).isEqualTo(1);
	}

	private static ResponseCache.Key key(String document) {
		return new ResponseCache.Key("{ " + document + " }", null, Map.of());
	}

	private void store(ResponseCache.Key key, String topic) {
		cache.store(key, new ResponseCache.Entry(1, Set.of(topic), true, today, null, 0), Map.of("x", "y".repeat(110_000)));
	}

	private double emptied() {
		return meters.get("ozg.response.cache.emptied").counter().count();
	}

}
