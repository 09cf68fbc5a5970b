package de.ozgregistry.compiled;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import graphql.ExecutionResult;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.util.RawValue;

import de.ozgregistry.graphql.RegistryException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.BadSqlGrammarException;

/**
 * The compiled read path: a query whose whole selection {@link SqlSchema} can answer is run as one SQL statement that
 * builds the response's {@code data} in PostgreSQL, instead of resolving it field by field (one statement per nesting
 * level, a Java object per row, a call per field). Everything else (mutations, subscriptions, any query selecting a
 * field, type or argument the compiler does not know) goes to the engine as before. The limits, the work budget, the
 * response cache and the error handling around execution apply to both alike; {@code OZG_COMPILED_READS=false} sends
 * every query to the engine.
 */
@Configuration(proxyBeanMethods = false)
class CompiledReads {

	private static final Log logger = LogFactory.getLog(CompiledReads.class);

	private final SqlSchema schema;

	private final DatabaseClient db;

	private final Counter compiled;

	private final Counter engine;

	private volatile boolean enabled;

	CompiledReads(List<SqlFields> features, DatabaseClient db, MeterRegistry meters,
			@Value("${ozg.compiled-reads:true}") boolean enabled) {
		this.schema = new SqlSchema(features);
		this.db = db;
		this.enabled = enabled;
		this.compiled = queries(meters, "compiled");
		this.engine = queries(meters, "engine");
	}

	private static Counter queries(MeterRegistry meters, String path) {
		return Counter.builder("ozg.graphql.queries")
			.tag("path", path)
			.description("GraphQL queries by how they were answered: by one compiled SQL statement, or by the engine "
					+ "field by field")
			.register(meters);
	}

	/** The engine's strategy for queries, with the compiled path in front; errors handled as Spring configures. */
	@Bean
	GraphQlSourceBuilderCustomizer compiledReadsStrategy(ObjectProvider<DataFetcherExceptionResolver> resolvers) {
		return builder -> builder.configureGraphQl(graphQl -> graphQl.queryExecutionStrategy(
				new Strategy(DataFetcherExceptionResolver.createExceptionHandler(resolvers.orderedStream().toList()))));
	}

	SqlSchema schema() {
		return schema;
	}

	/** For the tests that compare both paths: whether queries are compiled from now on. */
	void enabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Whether every top-level selection of the operation is a plain {@code __typename} field (no fragment): such an
	 * operation reads nothing, whichever of its fields a directive skips.
	 */
	static boolean onlyTypename(OperationDefinition operation) {
		return operation.getSelectionSet()
			.getSelections()
			.stream()
			.allMatch(selection -> selection instanceof Field field && field.getName().equals("__typename"));
	}

	/**
	 * The JSON without the blanks PostgreSQL writes between keys, values and elements ({@code "id" : 1, "n" : 2}),
	 * so that a compiled answer has the very bytes of the engine's (the same {@code ETag}, the same size).
	 */
	static String compact(String json) {
		StringBuilder compact = new StringBuilder(json.length());
		boolean inString = false;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (inString) {
				compact.append(c);
				if (c == '\\') {
					compact.append(json.charAt(++i));
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (c == '"') {
				inString = true;
				compact.append(c);
			}
			else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				compact.append(c);
			}
		}
		return compact.toString();
	}

	private final class Strategy extends AsyncExecutionStrategy {

		Strategy(graphql.execution.DataFetcherExceptionHandler handler) {
			super(handler);
		}

		@Override
		public CompletableFuture<ExecutionResult> execute(ExecutionContext context,
				ExecutionStrategyParameters parameters) {
			if (!enabled || context.getOperationDefinition().getOperation() != OperationDefinition.Operation.QUERY) {
				return super.execute(context, parameters);
			}
			if (onlyTypename(context.getOperationDefinition())) {
				// nothing to read, seen on the document itself: no normalized tree is built for it
				return super.execute(context, parameters);
			}
			SelectionCompiler compiler = new SelectionCompiler(schema);
			String sql;
			try {
				List<ExecutableNormalizedField> fields = context.getNormalizedQueryTree().get().getTopLevelFields();
				if (fields.stream().allMatch(field -> field.getName().equals("__typename"))) {
					// nothing to read: the engine answers without a statement
					return super.execute(context, parameters);
				}
				sql = compiler.query(fields);
			}
			catch (RuntimeException notCompiled) {
				// not answerable here (SelectionCompiler.NotCompiled), or an argument the data fetcher refuses
				// (RegistryException): the engine answers, with the data fetcher's error where there is one
				if (!(notCompiled instanceof SelectionCompiler.NotCompiled || notCompiled instanceof RegistryException)) {
					logger.warn("Query not compiled, answered by the engine: " + notCompiled);
				}
				engine.increment();
				return super.execute(context, parameters);
			}
			compiled.increment();
			return compiler.binds()
				.bind(db.sql(sql))
				.map(row -> row.get(0, String.class))
				.one()
				.map(json -> ExecutionResult.newExecutionResult().data(new RawValue(compact(json))).build())
				.onErrorResume(ex -> {
					if (ex instanceof BadSqlGrammarException) {
						// a fault of the compiler, never of the request
						logger.error("Compiled query refused by the database, answered by the engine: " + ex.getMessage());
					}
					// and a database that fails (an outage, a timeout): the engine's data fetchers report it per field,
					// with the codes of its error handling
					return Mono.fromCompletionStage(() -> super.execute(context, parameters));
				})
				.toFuture();
		}

	}

}
