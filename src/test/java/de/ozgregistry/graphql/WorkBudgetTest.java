package de.ozgregistry.graphql;

import java.time.Duration;
import java.util.Map;

import graphql.ExecutionResult;
import graphql.GraphQL;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-client budget of expensive work, on the registry's schema without data. */
class WorkBudgetTest {

	/** 14 Themenfelder × (name, number) + the list itself. */
	private static final String THEMENFELDER = "{ themenfelder { name number } }";

	private static final long COST = 1 + 14 * 2;

	private final LimitProperties limits = new LimitProperties(12, 50_000, 20_000, 10, Duration.ofSeconds(10), 600,
			1200, 25_000, DataSize.ofMegabytes(5), 10, 3 * COST, 5 * COST,
			Duration.ofMinutes(10), DataSize.ofMegabytes(1), DataSize.ofMegabytes(32), 20);

	private final WorkBudget budget = new WorkBudget(limits);

	private final GraphQL engine = TestSchema.engine(limits, budget);

	@Test
	void aClientThatSpentItsBudgetIsRefusedWithRateLimitedAndWhenToRetry() {
		WorkBudget.Client client = new WorkBudget.Client("10.5.0.1", null);
		for (int i = 0; i < 3; i++) {
			assertThat(TestSchema.firstCode(TestSchema.execute(engine, THEMENFELDER, client))).as("request " + i)
				.isNotIn("RATE_LIMITED", "QUERY_TOO_COMPLEX");
		}
		ExecutionResult refused = TestSchema.execute(engine, THEMENFELDER, client);
		assertThat(refused.getErrors()).hasSize(1);
		Map<String, Object> extensions = refused.getErrors().get(0).getExtensions();
		assertThat(extensions).containsEntry("code", "RATE_LIMITED");
		assertThat(((Number) extensions.get("retryAfterSeconds")).longValue()).isBetween(1L, 60L);
		assertThat((Object) refused.getData()).as("nothing executed").isNull();
		assertThat(TestSchema.firstCode(TestSchema.execute(engine, THEMENFELDER, new WorkBudget.Client("10.5.0.2",
				null)))).as("another address").isNotEqualTo("RATE_LIMITED");
	}

	@Test
	void cheapRequestsCostLittle() {
		WorkBudget.Client client = new WorkBudget.Client("10.5.1.1", null);
		for (int i = 0; i < 50; i++) {
			assertThat(TestSchema.firstCode(TestSchema.execute(engine, "{ __typename }", client))).isNull();
		}
		assertThat(TestSchema.firstCode(TestSchema.execute(engine, THEMENFELDER, client))).isNotEqualTo("RATE_LIMITED");
	}

	@Test
	void aCredentialHasItsOwnBudgetAcrossAddresses() {
		for (int i = 0; i < 5; i++) {
			var client = new WorkBudget.Client("10.6.0." + i, "Bearer ozg_x");
			assertThat(TestSchema.firstCode(TestSchema.execute(engine, THEMENFELDER, client))).isNotEqualTo("RATE_LIMITED");
		}
		var sixth = new WorkBudget.Client("10.6.0.9", "Bearer ozg_x");
		assertThat(TestSchema.firstCode(TestSchema.execute(engine, THEMENFELDER, sixth))).isEqualTo("RATE_LIMITED");
		// the refused request was not charged to its address
		for (int i = 0; i < 3; i++) {
			assertThat(TestSchema.firstCode(TestSchema.execute(engine, THEMENFELDER,
					new WorkBudget.Client("10.6.0.9", null)))).isNotEqualTo("RATE_LIMITED");
		}
	}

	@Test
	void aQueryOverTheCostLimitIsRefusedBeforeItIsCharged() {
		WorkBudget.Client client = new WorkBudget.Client("10.7.0.1", null);
		assertThat(TestSchema.firstCode(TestSchema.execute(engine, ListSizesTest.PROBE, client)))
			.isEqualTo("QUERY_TOO_COMPLEX");
		assertThat(TestSchema.firstCode(TestSchema.execute(engine, THEMENFELDER, client))).isNotEqualTo("RATE_LIMITED");
	}

}
