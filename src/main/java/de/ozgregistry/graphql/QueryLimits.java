package de.ozgregistry.graphql;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import reactor.core.publisher.Mono;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.graphql.server.WebGraphQlResponse;

/**
 * Depth (of data, and apart of introspection: {@link QueryCost}), cost, rows, document length, operation count and time limits. Depth, cost and rows are checked on the parsed
 * document before any field is fetched, so a query over a limit never reaches the database; the cost is then taken
 * from the client's work budget ({@link WorkBudget}); while the query runs, its list items and their cost are counted
 * again ({@link ResultCounter}). All limits fail with {@code QUERY_TOO_COMPLEX}, the budget with {@code RATE_LIMITED}.
 */
@Configuration(proxyBeanMethods = false)
class QueryLimits {

	/**
	 * All limits as one instrumentation: with a single one, graphql-java calls it directly instead of through a chain
	 * that is asked about every field of every response (a tenth of a large query's CPU time).
	 */
	@Bean
	Instrumentation limitsInstrumentation(LimitProperties limits, WorkBudget budget, Clock clock) {
		return new Limits(limits, budget, clock);
	}

	/** Checks depth, cost and rows and charges the budget before the operation executes; counts every list. */
	static final class Limits extends SimplePerformantInstrumentation {

		private final LimitProperties limits;

		private final WorkBudget budget;

		/** A timeline without {@code to} ends today: its length depends on the date. */
		private final Clock clock;

		private final Estimates estimates = new Estimates();

		Limits(LimitProperties limits, WorkBudget budget, Clock clock) {
			this.limits = limits;
			this.budget = budget;
			this.clock = clock;
		}

		Estimates estimates() {
			return estimates;
		}

		@Override
		public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
			return new ResultCounter(limits.maxResponseRows(), limits.maxComplexity());
		}

		@Override
		public InstrumentationContext<ExecutionResult> beginExecuteOperation(
				InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
			ExecutionContext context = parameters.getExecutionContext();
			QueryCost.Estimate estimate = estimates.of(context, LocalDate.now(clock));
			if (estimate.depth() > limits.maxDepth()) {
				throw abort("The query is nested " + estimate.depth() + " levels deep; at most " + limits.maxDepth()
						+ " are allowed.");
			}
			if (estimate.introspectionDepth() > limits.maxIntrospectionDepth()) {
				throw abort("The introspection query is nested " + estimate.introspectionDepth() + " levels deep; at"
						+ " most " + limits.maxIntrospectionDepth() + " are allowed (the standard introspection query"
						+ " of graphql-js needs 15).");
			}
			if (estimate.cost() > limits.maxComplexity()) {
				throw abort("The query's estimated cost is " + estimate.cost() + "; at most " + limits.maxComplexity()
						+ " is allowed (every field costs 1, a list its length times the cost of one item). Ask for"
						+ " smaller pages (first), a smaller region (within), fewer fields or fewer aliases.");
			}
			if (estimate.rows() > limits.maxResponseRows()) {
				throw abort("The response would hold about " + estimate.rows() + " list items; at most "
						+ limits.maxResponseRows() + " are allowed. Ask for smaller pages (first), a smaller region"
						+ " (within) or fewer aliases.");
			}
			budget.charge(context.getGraphQLContext(), estimate.cost());
			if (state instanceof ResultCounter counter) {
				counter.start(context);
			}
			return SimpleInstrumentationContext.noOp();
		}

		@Override
		public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
				InstrumentationExecutionParameters parameters, InstrumentationState state) {
			return CompletableFuture
				.completedFuture((state instanceof ResultCounter counter) ? counter.result(result) : result);
		}

		@Override
		public InstrumentationContext<Object> beginFieldListCompletion(InstrumentationFieldCompleteParameters parameters,
				InstrumentationState state) {
			if (state instanceof ResultCounter counter) {
				counter.countList(parameters);
			}
			return SimpleInstrumentationContext.noOp();
		}

	}

	/**
	 * The estimates of operations without variables, by document (the very object {@link DocumentCache} hands out
	 * for a repeated text), operation name and day: nothing else goes into such an estimate, so a repeated query is
	 * not walked again. An operation with variables is estimated anew each time, with its values.
	 */
	static final class Estimates {

		private static final int CAPACITY = 1000;

		private record Key(GraphQLSchema schema, Document document, String operationName, LocalDate today) {

			@Override
			public boolean equals(Object other) {
				return other instanceof Key key && key.schema == schema && key.document == document
						&& java.util.Objects.equals(key.operationName, operationName) && key.today.equals(today);
			}

			@Override
			public int hashCode() {
				return System.identityHashCode(document) * 31 + today.hashCode();
			}

		}

		private final Map<Key, QueryCost.Estimate> entries = new ConcurrentHashMap<>();

		QueryCost.Estimate of(ExecutionContext context, LocalDate today) {
			String operationName = context.getExecutionInput().getOperationName();
			if (!context.getOperationDefinition().getVariableDefinitions().isEmpty()) {
				return QueryCost.estimate(context.getGraphQLSchema(), context.getDocument(), operationName,
						context.getCoercedVariables(), today);
			}
			Key key = new Key(context.getGraphQLSchema(), context.getDocument(), operationName, today);
			QueryCost.Estimate estimate = entries.get(key);
			if (estimate == null) {
				estimate = QueryCost.estimate(key.schema(), key.document(), operationName, context.getCoercedVariables(),
						today);
				if (entries.size() >= CAPACITY) {
					entries.clear();
				}
				entries.put(key, estimate);
			}
			return estimate;
		}

		int size() {
			return entries.size();
		}

	}

	/** Parsed and validated documents are cached; documents with too many operations are refused. */
	@Bean
	GraphQlSourceBuilderCustomizer documentCache(LimitProperties limits) {
		DocumentCache cache = new DocumentCache(limits.maxOperations());
		return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(cache));
	}

	/** Right after the automatic persisted queries (caching/PersistedQueries), which supply the document. */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	WebGraphQlInterceptor documentLengthAndTimeout(LimitProperties limits) {
		return (request, chain) -> {
			if (request.getDocument().length() > limits.maxDocumentLength()) {
				return Mono.just(refuse(request, "The query document has " + request.getDocument().length()
						+ " characters; at most " + limits.maxDocumentLength() + " are allowed."));
			}
			Duration timeout = importsOnly(request.getDocument(), request.getOperationName()) ? limits.importTimeout()
					: limits.requestTimeout();
			return chain.next(request)
				.timeout(timeout)
				.onErrorResume(TimeoutException.class, ex -> Mono.just(refuse(request,
						"The request took longer than " + timeout.toSeconds() + " s and was stopped.")));
		};
	}

	/**
	 * Whether the operation the request runs is a mutation of imports only (each field an {@code import...}
	 * mutation), which may take {@code importTimeout}. A document that does not parse is not: its error comes later.
	 */
	static boolean importsOnly(String document, String operationName) {
		if (!document.contains("import")) {
			return false;
		}
		try {
			List<OperationDefinition> operations = Parser.parse(document)
				.getDefinitionsOfType(OperationDefinition.class)
				.stream()
				.filter(operation -> operationName == null || operationName.equals(operation.getName()))
				.toList();
			return operations.size() == 1 && operations.get(0).getOperation() == OperationDefinition.Operation.MUTATION
					&& operations.get(0).getSelectionSet().getSelections().stream()
						.allMatch(selection -> selection instanceof Field field && field.getName().startsWith("import"));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static WebGraphQlResponse refuse(org.springframework.graphql.server.WebGraphQlRequest request,
			String message) {
		ExecutionResult result = ExecutionResult.newExecutionResult().addError(tooComplex(message)).build();
		return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
	}

	static GraphQLError tooComplex(String message) {
		return GraphqlErrorBuilder.newError()
			.message(message)
			.errorType(ErrorCode.QUERY_TOO_COMPLEX)
			.extensions(Map.of("code", ErrorCode.QUERY_TOO_COMPLEX.name()))
			.build();
	}

	static AbortExecutionException abort(String message) {
		return new AbortExecutionException(List.of(tooComplex(message)));
	}

	/**
	 * A bounded cache of parsed and validated documents keyed by their text: repeated queries skip parsing and
	 * validation. Refuses documents with more than {@code maxOperations} operations.
	 */
	static final class DocumentCache implements PreparsedDocumentProvider {

		private static final int CAPACITY = 1000;

		private final int maxOperations;

		private final Map<String, PreparsedDocumentEntry> entries = java.util.Collections
			.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
					return size() > CAPACITY;
				}
			});

		DocumentCache(int maxOperations) {
			this.maxOperations = maxOperations;
		}

		@Override
		public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(graphql.ExecutionInput input,
				java.util.function.Function<graphql.ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
			PreparsedDocumentEntry cached = entries.get(input.getQuery());
			if (cached != null) {
				return CompletableFuture.completedFuture(cached);
			}
			PreparsedDocumentEntry entry = parseAndValidate.apply(input);
			if (!entry.hasErrors()) {
				int operations = entry.getDocument().getDefinitionsOfType(OperationDefinition.class).size();
				if (operations > maxOperations) {
					return CompletableFuture.completedFuture(new PreparsedDocumentEntry(tooComplex("The document has "
							+ operations + " operations; at most " + maxOperations + " are allowed.")));
				}
				entries.put(input.getQuery(), entry);
			}
			return CompletableFuture.completedFuture(entry);
		}

	}

}
