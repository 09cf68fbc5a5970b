package de.ozgregistry.graphql;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.graphql.ResponseError;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/** Which GraphQL answers get which HTTP status ({@link ErrorStatus}): the one mapping of codes to a status. */
class ErrorStatusTest {

	private final ErrorStatus status = new ErrorStatus();

	@Test
	void rateLimitedIs429AndUnavailableIs503WithTheirRetryAfter() {
		assertThat(ErrorStatus.decide(List.of(error("VALIDATION_FAILED", null), error("RATE_LIMITED", 7))))
			.isEqualTo(new ErrorStatus.Decision(HttpStatus.TOO_MANY_REQUESTS, 7));
		assertThat(ErrorStatus.decide(List.of(error("UNAVAILABLE", 5))))
			.isEqualTo(new ErrorStatus.Decision(HttpStatus.SERVICE_UNAVAILABLE, 5));
	}

	@Test
	void otherErrorsKeepTheStatus() {
		for (String code : new String[] { "VALIDATION_FAILED", "FORBIDDEN", "QUERY_TOO_COMPLEX", "INTERNAL" }) {
			assertThat(ErrorStatus.decide(List.of(error(code, null)))).as(code).isNull();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void theFilterAppliesTheDecisionOfTheAnswerBeforeItCommits() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/graphql"));
		WebFilterChain answer = current -> {
			// what the interceptor does with the holder it finds among the request's attributes
			current.getAttributes().values().stream().filter(AtomicReference.class::isInstance).findFirst()
				.ifPresent(holder -> ((AtomicReference<Object>) holder)
					.set(new ErrorStatus.Decision(HttpStatus.SERVICE_UNAVAILABLE, 5)));
			current.getResponse().setStatusCode(HttpStatus.OK);
			return current.getResponse().setComplete();
		};
		status.filter(exchange, answer).block();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void anAnswerWithoutSuchAnErrorStays200() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/graphql"));
		status.filter(exchange, current -> {
			current.getResponse().setStatusCode(HttpStatus.OK);
			return current.getResponse().setComplete();
		}).block();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	private static ResponseError error(String code, Integer retryAfter) {
		Map<String, Object> extensions = (retryAfter == null) ? Map.of("code", code)
				: Map.of("code", code, "retryAfterSeconds", retryAfter);
		return new ResponseError() {
			@Override
			public String getMessage() {
				return code;
			}

			@Override
			public List<graphql.language.SourceLocation> getLocations() {
				return List.of();
			}

			@Override
			public graphql.ErrorClassification getErrorType() {
				return ErrorType.BAD_REQUEST;
			}

			@Override
			public String getPath() {
				return "";
			}

			@Override
			public List<Object> getParsedPath() {
				return List.of();
			}

			@Override
			public Map<String, Object> getExtensions() {
				return extensions;
			}
		};
	}

}
