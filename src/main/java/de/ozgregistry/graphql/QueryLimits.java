package de.ozgregistry.graphql;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.OperationDefinition;
import graphql.validation.ValidationError;
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
 * Depth, complexity, document length, operation count and time limits. Depth and complexity are checked on the
 * parsed document before any field is fetched, so a query over a limit never reaches the database; all of them fail
 * with {@code QUERY_TOO_COMPLEX}.
 */
@Configuration(proxyBeanMethods = false)
class QueryLimits {

	private static final int DEFAULT_PAGE = Page.DEFAULT_FIRST;

	/**
	 * Depth and complexity as one instrumentation: with a single one, graphql-java calls it directly instead of
	 * through a chain that is asked about every field of every response (a tenth of a large query's CPU time).
	 */
	@Bean
	Instrumentation depthAndComplexityLimits(LimitProperties limits) {
		return new Limits(maxQueryDepth(limits), maxQueryComplexity(limits));
	}

	static MaxQueryDepthInstrumentation maxQueryDepth(LimitProperties limits) {
		return new MaxQueryDepthInstrumentation(limits.maxDepth()) {
			@Override
			protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
				return abort("The query is nested " + depth + " levels deep; at most " + maxDepth + " are allowed.");
			}
		};
	}

	static MaxQueryComplexityInstrumentation maxQueryComplexity(LimitProperties limits) {
		return new MaxQueryComplexityInstrumentation(limits.maxComplexity(), complexity()) {
			@Override
			protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
				return abort("The query's complexity is " + complexity + "; at most " + maxComplexity
						+ " is allowed. Ask for smaller pages (first) or fewer nested lists.");
			}
		};
	}

	/** Checks depth, then complexity, before the operation executes; adds nothing per field. */
	static final class Limits extends SimplePerformantInstrumentation {

		private final MaxQueryDepthInstrumentation depth;

		private final MaxQueryComplexityInstrumentation complexity;

		Limits(MaxQueryDepthInstrumentation depth, MaxQueryComplexityInstrumentation complexity) {
			this.depth = depth;
			this.complexity = complexity;
		}

		@Override
		public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
			return complexity.createStateAsync(parameters);
		}

		@Override
		public InstrumentationContext<List<ValidationError>> beginValidation(
				InstrumentationValidationParameters parameters, InstrumentationState state) {
			return complexity.beginValidation(parameters, state);
		}

		@Override
		public InstrumentationContext<ExecutionResult> beginExecuteOperation(
				InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
			depth.beginExecuteOperation(parameters, null);
			return complexity.beginExecuteOperation(parameters, state);
		}

	}

	/** Each field costs 1; a paged list multiplies what it contains by its page size. */
	static FieldComplexityCalculator complexity() {
		return (environment, childComplexity) -> {
			Object first = environment.getArguments().get("first");
			boolean paged = environment.getFieldDefinition().getArgument("first") != null;
			if (!paged) {
				return 1 + childComplexity;
			}
			int size = (first instanceof Integer n) ? Math.max(n, 1) : DEFAULT_PAGE;
			return 1 + size * Math.max(childComplexity, 1);
		};
	}

	/** Parsed and validated documents are cached; documents with too many operations are refused. */
	@Bean
	GraphQlSourceBuilderCustomizer documentCache(LimitProperties limits) {
		DocumentCache cache = new DocumentCache(limits.maxOperations());
		return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(cache));
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebGraphQlInterceptor documentLengthAndTimeout(LimitProperties limits) {
		return (request, chain) -> {
			if (request.getDocument().length() > limits.maxDocumentLength()) {
				return Mono.just(refuse(request, "The query document has " + request.getDocument().length()
						+ " characters; at most " + limits.maxDocumentLength() + " are allowed."));
			}
			return chain.next(request)
				.timeout(limits.requestTimeout())
				.onErrorResume(TimeoutException.class, ex -> Mono.just(refuse(request,
						"The request took longer than " + limits.requestTimeout().toSeconds() + " s and was stopped.")));
		};
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
