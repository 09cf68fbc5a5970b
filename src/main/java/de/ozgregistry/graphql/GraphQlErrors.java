package de.ozgregistry.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.parser.Parser;
import graphql.schema.DataFetchingEnvironment;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import de.ozgregistry.database.DatabaseOutages;

import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebGraphQlInterceptor.Chain;
import org.springframework.stereotype.Component;

/**
 * Makes every GraphQL error carry an {@code extensions.code} from {@link ErrorCode}: registry failures keep their
 * code, errors of graphql-java itself (syntax, validation, argument coercion) become {@code VALIDATION_FAILED}, and
 * anything unexpected becomes {@code INTERNAL} with a generic message. No exception class, stack trace or SQL ever
 * reaches a client; unexpected failures are logged with the error's ID so that operators can find them.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter implements WebGraphQlInterceptor {

	private static final Log logger = LogFactory.getLog(GraphQlErrors.class);

	private final DatabaseOutages outages;

	GraphQlErrors(DatabaseOutages outages) {
		this.outages = outages;
	}

	@Override
	protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
		if (DatabaseOutages.isOutage(ex)) {
			// one log line per outage, not a stack trace per request
			outages.report(ex);
			return UnavailableResponses.error(env);
		}
		if (ex instanceof RegistryException registry) {
			return GraphqlErrorBuilder.newError(env)
				.errorType(registry.code())
				.message(registry.getMessage())
				.extensions(registry.extensions())
				.build();
		}
		String incident = java.util.UUID.randomUUID().toString();
		logger.error("Unexpected failure in " + env.getExecutionStepInfo().getPath() + " (incident " + incident + ")",
				ex);
		return GraphqlErrorBuilder.newError(env)
			.errorType(ErrorCode.INTERNAL)
			.message("An unexpected error occurred (incident " + incident + ").")
			.extensions(Map.of("code", ErrorCode.INTERNAL.name(), "incident", incident))
			.build();
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		return chain.next(request).map(response -> {
			List<GraphQLError> errors = response.getExecutionResult().getErrors();
			if (errors.stream()
				.allMatch(e -> e.getExtensions() != null && e.getExtensions().containsKey("code")
						&& !noLocations(e))) {
				return response;
			}
			Function<String, String> usage = new VariableUsage(request.getDocument());
			List<GraphQLError> coded = new ArrayList<>();
			for (var error : errors) {
				coded.add(withoutEmptyLocations(withCode(error, usage)));
			}
			return response.transform(builder -> builder.errors(coded));
		});
	}

	/**
	 * The error with its code; graphql-java's own messages are rewritten into the schema's language
	 * ({@link SchemaMessages}), with {@code extensions.field} where the message tells the field.
	 */
	private static GraphQLError withCode(GraphQLError error, Function<String, String> usage) {
		Map<String, Object> extensions = error.getExtensions();
		if (extensions != null && extensions.containsKey("code")) {
			return error;
		}
		ErrorCode code = codeOf(error);
		Map<String, Object> coded = new java.util.LinkedHashMap<>();
		coded.put("code", code.name());
		if (extensions != null) {
			coded.putAll(extensions);
		}
		String message;
		if (code == ErrorCode.INTERNAL) {
			message = "An unexpected error occurred.";
		}
		else {
			SchemaMessages.Rewritten rewritten = SchemaMessages.rewrite(error.getMessage(), usage);
			message = rewritten.message();
			if (rewritten.field() != null) {
				coded.putIfAbsent("field", rewritten.field());
			}
		}
		return GraphqlErrorBuilder.newError()
			.message(message)
			.locations(noLocations(error) ? null : error.getLocations())
			.path(error.getPath())
			.errorType(code)
			.extensions(coded)
			.build();
	}

	private static boolean noLocations(GraphQLError error) {
		return error.getLocations() != null && error.getLocations().isEmpty();
	}

	/**
	 * The error without {@code "locations": []}: an error that no place of the document caused (a refused
	 * credential, an argument rule checked by the registry) has no {@code locations} entry at all.
	 */
	static GraphQLError withoutEmptyLocations(GraphQLError error) {
		if (!noLocations(error)) {
			return error;
		}
		return GraphqlErrorBuilder.newError()
			.message(error.getMessage())
			.locations(null)
			.path(error.getPath())
			.errorType(error.getErrorType())
			.extensions(error.getExtensions())
			.build();
	}

	/** Where a variable is used in the request's document; parsed only when an error asks. */
	private static final class VariableUsage implements Function<String, String> {

		private final String document;

		private Map<String, String> usages;

		VariableUsage(String document) {
			this.document = document;
		}

		@Override
		public String apply(String variable) {
			if (usages == null) {
				try {
					usages = SchemaMessages.variableUsages(Parser.parse(document));
				}
				catch (RuntimeException ex) {
					usages = Map.of();
				}
			}
			return usages.get(variable);
		}

	}

	private static ErrorCode codeOf(GraphQLError error) {
		if (error.getErrorType() instanceof ErrorCode code) {
			return code;
		}
		// graphql-java's own parser limits (tokens, nesting of the grammar) guard against denial of service
		if (error.getErrorType() == ErrorType.InvalidSyntax && error.getMessage() != null
				&& error.getMessage().contains("Denial Of Service")) {
			return ErrorCode.QUERY_TOO_COMPLEX;
		}
		// graphql-java refuses introspection that asks for the schema more than once (an amplification guard)
		if (error instanceof graphql.introspection.GoodFaithIntrospection.BadFaithIntrospectionError) {
			return ErrorCode.QUERY_TOO_COMPLEX;
		}
		if (error.getErrorType() == ErrorType.ValidationError || error.getErrorType() == ErrorType.InvalidSyntax
				|| error.getErrorType() == org.springframework.graphql.execution.ErrorType.BAD_REQUEST) {
			return ErrorCode.VALIDATION_FAILED;
		}
		if (error.getErrorType() == ErrorType.OperationNotSupported) {
			return ErrorCode.VALIDATION_FAILED;
		}
		return ErrorCode.INTERNAL;
	}

}
