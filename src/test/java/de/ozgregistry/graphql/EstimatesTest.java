package de.ozgregistry.graphql;

import java.time.Duration;
import java.util.Map;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** Estimates of operations without variables are kept per document; the budget is still charged every time. */
class EstimatesTest {

	/** 14 Themenfelder × (name, number) + the list itself. */
	private static final long COST = 1 + 14 * 2;

	private final LimitProperties limits = new LimitProperties(12, 50_000, 20_000, 10, Duration.ofSeconds(10), 600,
			1200, 25_000, DataSize.ofMegabytes(5), 10, 3 * COST, 5 * COST,
			Duration.ofMinutes(10), DataSize.ofMegabytes(1), DataSize.ofMegabytes(32), 20);

	private final QueryLimits.Limits instrumentation = new QueryLimits.Limits(limits, new WorkBudget(limits),
			TestSchema.CLOCK);

	private final GraphQL engine = GraphQL.newGraphQL(TestSchema.SCHEMA)
		.instrumentation(instrumentation)
		.preparsedDocumentProvider(new QueryLimits.DocumentCache(10))
		.build();

	private ExecutionResult run(String document, Map<String, Object> variables, String address) {
		return engine.execute(ExecutionInput.newExecutionInput(document)
			.variables(variables)
			.graphQLContext(Map.of(WorkBudget.CLIENT, new WorkBudget.Client(address, null)))
			.build());
	}

	@Test
	void aRepeatedQueryIsEstimatedOnceAndChargedEveryTime() {
		for (int i = 0; i < 3; i++) {
			assertThat(TestSchema.firstCode(run("{ themenfelder { name number } }", Map.of(), "10.7.0.1")))
				.as("request " + i).isNull();
		}
		assertThat(instrumentation.estimates().size()).isEqualTo(1);
		assertThat(TestSchema.firstCode(run("{ themenfelder { name number } }", Map.of(), "10.7.0.1")))
			.isEqualTo("RATE_LIMITED");
	}

	@Test
	void anOperationWithVariablesIsEstimatedWithItsValuesEachTime() {
		String document = "query($all: Boolean!) { __typename themenfelder @include(if: $all) { name number } }";
		for (int i = 0; i < 10; i++) {
			assertThat(TestSchema.firstCode(run(document, Map.of("all", false), "10.7.1.1"))).isNull();
		}
		for (int i = 0; i < 3; i++) {
			assertThat(TestSchema.firstCode(run(document, Map.of("all", true), "10.7.1.1"))).as("request " + i)
				.isNull();
		}
		assertThat(TestSchema.firstCode(run(document, Map.of("all", true), "10.7.1.1"))).isEqualTo("RATE_LIMITED");
		assertThat(instrumentation.estimates().size()).isZero();
	}

}
