package de.ozgregistry.operations;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.ErrorCode;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

/**
 * Metric {@code ozg.graphql.errors} (Prometheus {@code ozg_graphql_errors_total}): the errors of GraphQL responses by
 * their {@code extensions.code}. The outermost interceptor, so it sees the errors every other one adds (limits,
 * authentication, timeouts). A code outside {@link ErrorCode} counts as {@code OTHER}, so that the tag stays bounded.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ErrorCounting implements WebGraphQlInterceptor {

	static final String METRIC = "ozg.graphql.errors";

	private static final Set<String> CODES = Stream.of(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());

	private final Map<String, Counter> counters;

	ErrorCounting(MeterRegistry registry) {
		this.counters = Stream.concat(CODES.stream(), Stream.of("OTHER"))
			.collect(Collectors.toUnmodifiableMap(code -> code, code -> Counter.builder(METRIC)
				.description("Errors in GraphQL responses, by extensions.code")
				.tag("code", code)
				.register(registry)));
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		return chain.next(request).doOnNext(response -> {
			for (ResponseError error : response.getErrors()) {
				Object code = error.getExtensions().get("code");
				counters.get((code != null && CODES.contains(code.toString())) ? code.toString() : "OTHER").increment();
			}
		});
	}

}
