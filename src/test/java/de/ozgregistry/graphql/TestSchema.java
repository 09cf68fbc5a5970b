package de.ozgregistry.graphql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.CoercedVariables;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaParser;

import de.ozgregistry.RegistryTime;

import org.springframework.util.unit.DataSize;

/**
 * The registry's schema ({@code schema.graphqls}) without data fetchers, for fast tests of the limits: every field
 * resolves to {@code null}, so a query that gets past the limits fails on its first non-null field instead.
 */
final class TestSchema {

	static final GraphQLSchema SCHEMA = load();

	/** The registry's clock in these tests: 00:30 on 1 April 2026 in Germany, still 31 March in UTC. */
	static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-31T22:30:00Z"), RegistryTime.ZONE);

	/** The default limits, as in application.yaml. */
	static final LimitProperties DEFAULTS = new LimitProperties(12, 50_000, 20_000, 10, Duration.ofSeconds(10), 600,
			1200, 25_000, DataSize.ofMegabytes(5), 10, 1_000_000, 2_000_000,
			Duration.ofMinutes(10), DataSize.ofMegabytes(1), DataSize.ofMegabytes(32), 20);

	private TestSchema() {
	}

	private static GraphQLSchema load() {
		try {
			var types = new SchemaParser().parse(Files.readString(Path.of("schema.graphqls")));
			RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
				.scalar(Scalars.date())
				.scalar(Scalars.dateTime())
				.type("SearchItem", type -> type.typeResolver(env -> null))
				.type("Node", type -> type.typeResolver(env -> null))
				.build();
			// as the registry builds it: Apollo Federation's directives, _service and _entities added
			return com.apollographql.federation.graphqljava.Federation.transform(types, wiring)
				.fetchEntities(env -> null)
				.resolveEntityType(env -> null)
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The estimate of a document with these (already coerced) variable values. */
	static QueryCost.Estimate estimate(String document, Map<String, Object> variables) {
		return QueryCost.estimate(SCHEMA, Parser.parse(document), null, CoercedVariables.of(variables),
				LocalDate.now(CLOCK));
	}

	static QueryCost.Estimate estimate(String document) {
		return estimate(document, Map.of());
	}

	/** An engine with the registry's limits and budget. */
	static GraphQL engine(LimitProperties limits, WorkBudget budget) {
		return GraphQL.newGraphQL(SCHEMA)
			.instrumentation(new QueryLimits.Limits(limits, budget, CLOCK))
			.build();
	}

	/** Runs a document as this client. */
	static ExecutionResult execute(GraphQL engine, String document, WorkBudget.Client client) {
		return engine.execute(ExecutionInput.newExecutionInput(document)
			.graphQLContext(Map.of(WorkBudget.CLIENT, client))
			.build());
	}

	/** The code of the first error, or {@code null}. */
	static Object firstCode(ExecutionResult result) {
		if (result.getErrors().isEmpty() || result.getErrors().get(0).getExtensions() == null) {
			return null;
		}
		return result.getErrors().get(0).getExtensions().get("code");
	}

}
