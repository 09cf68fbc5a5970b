package de.ozgregistry.compiled;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

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

import de.ozgregistry.graphql.CursorSigner;
import de.ozgregistry.graphql.DataGeneration;
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

	private final CursorSigner signer;

	private final Counter compiled;

	private final Counter engine;

	private volatile boolean enabled;

	CompiledReads(List<SqlFields> features, DatabaseClient db, CursorSigner signer, MeterRegistry meters,
			@Value("${ozg.compiled-reads:true}") boolean enabled) {
		this.schema = new SqlSchema(features);
		this.db = db;
		this.signer = signer;
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
	 * The JSON PostgreSQL wrote, finished: without the blanks it writes between keys, values and elements
	 * ({@code "id" : 1, "n" : 2}), so that a compiled answer has the very bytes of the engine's (the same
	 * {@code ETag}, the same size), and with each marked string ({@link SelectionCompiler#MARK}, a tag, a blank, the
	 * text) replaced by what the format the tag numbers makes of its text; a topic ({@link SelectionCompiler#TOPIC},
	 * always the last pair of its object; its text one topic per line) is taken out, pair and comma, into
	 * {@code topics}.
	 */
	static String finish(String json, List<Function<String, String>> formats, java.util.Set<String> topics) {
		StringBuilder finished = new StringBuilder(json.length());
		int length = json.length();
		// the text from copied on is copied as it is, in one piece, when a blank or a marked string ends it
		int copied = 0;
		int lastComma = -1;
		int i = 0;
		while (i < length) {
			char c = json.charAt(i);
			if (c == '"' && json.startsWith(SelectionCompiler.MARK, i + 1)) {
				finished.append(json, copied, i);
				int tag = i + 1 + SelectionCompiler.MARK.length();
				int space = json.indexOf(' ', tag);
				StringBuilder text = new StringBuilder();
				i = unescaped(json, space + 1, text) + 1;
				copied = i;
				if (json.startsWith(SelectionCompiler.TOPIC, tag)) {
					topics.addAll(List.of(text.toString().split("\n")));
					finished.setLength(lastComma);
				}
				else {
					quoted(formats.get(Integer.parseInt(json, tag, space, 10)).apply(text.toString()), finished);
				}
			}
			else if (c == '"') {
				// a string, kept as it is: on to its closing quote, past escaped characters
				i++;
				for (char d = json.charAt(i); d != '"'; d = json.charAt(i)) {
					i += (d == '\\') ? 2 : 1;
				}
				i++;
			}
			else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
				finished.append(json, copied, i);
				copied = ++i;
			}
			else {
				if (c == ',') {
					lastComma = finished.length() + (i - copied);
				}
				i++;
			}
		}
		return finished.append(json, copied, length).toString();
	}

	/**
	 * Reads the rest of a JSON string from {@code start} into {@code text}, its escapes resolved; returns the position
	 * of its closing quote.
	 */
	private static int unescaped(String json, int start, StringBuilder text) {
		int i = start;
		for (char c = json.charAt(i); c != '"'; c = json.charAt(++i)) {
			if (c != '\\') {
				text.append(c);
				continue;
			}
			char escaped = json.charAt(++i);
			switch (escaped) {
				case 'b' -> text.append('\b');
				case 'f' -> text.append('\f');
				case 'n' -> text.append('\n');
				case 'r' -> text.append('\r');
				case 't' -> text.append('\t');
				case 'u' -> {
					text.append((char) Integer.parseInt(json, i + 1, i + 5, 16));
					i += 4;
				}
				default -> text.append(escaped);
			}
		}
		return i;
	}

	/** Appends {@code value} as a JSON string. */
	private static void quoted(String value, StringBuilder to) {
		to.append('"');
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				to.append('\\').append(c);
			}
			else if (c < 0x20) {
				to.append(String.format("\\u%04x", (int) c));
			}
			else {
				to.append(c);
			}
		}
		to.append('"');
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
			SelectionCompiler compiler = new SelectionCompiler(schema, signer);
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
				.map(json -> {
					java.util.Set<String> topics = new java.util.HashSet<>();
					RawValue data = new RawValue(finish(json, compiler.formats(), topics));
					// what the response cache keeps it by (DataGeneration#changedSince)
					context.getGraphQLContext().put(DataGeneration.READ_TOPICS, topics);
					return ExecutionResult.newExecutionResult().data(data).build();
				})
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
