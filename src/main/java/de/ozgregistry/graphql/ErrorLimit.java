package de.ozgregistry.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

/**
 * Returns at most {@code maxErrors} errors per response, plus one that says how many were left out (with the code of
 * the first of them and {@code extensions.omittedErrors}), so that a document with a thousand broken parts cannot
 * make the server write a thousand messages. Runs outside {@link GraphQlErrors}, on errors that already have a code.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ErrorLimit implements WebGraphQlInterceptor {

	private final int maxErrors;

	ErrorLimit(LimitProperties limits) {
		this.maxErrors = Math.max(limits.maxErrors(), 1);
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		return chain.next(request).map(response -> {
			List<GraphQLError> errors = response.getExecutionResult().getErrors();
			if (errors.size() <= maxErrors) {
				return response;
			}
			List<GraphQLError> kept = new ArrayList<>(errors.subList(0, maxErrors));
			int omitted = errors.size() - maxErrors;
			Map<String, Object> extensions = new LinkedHashMap<>();
			Object code = codeOf(errors.get(maxErrors));
			extensions.put("code", code);
			extensions.put("omittedErrors", omitted);
			kept.add(GraphqlErrorBuilder.newError()
				.message(omitted + " more " + ((omitted == 1) ? "error was" : "errors were") + " left out; the first "
						+ maxErrors + " are shown.")
				.errorType(ErrorCode.valueOf(String.valueOf(code)))
				.extensions(extensions)
				.build());
			return response.transform(builder -> builder.errors(kept));
		});
	}

	private static Object codeOf(GraphQLError error) {
		Object code = (error.getExtensions() != null) ? error.getExtensions().get("code") : null;
		for (ErrorCode known : ErrorCode.values()) {
			if (known.name().equals(code)) {
				return code;
			}
		}
		return ErrorCode.VALIDATION_FAILED.name();
	}

}
