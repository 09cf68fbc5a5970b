package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;
import java.util.List;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.graphql.MediaTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A POST to the GraphQL endpoint that is not a GraphQL request gets a GraphQL error with code
 * {@code BAD_REQUEST} and the status of the GraphQL-over-HTTP specification, never Spring's default error JSON: a
 * compressed body ({@code Content-Encoding}) or a {@code Content-Type} other than {@code application/json} (also
 * {@code application/graphql}) is 415, an {@code Accept} that allows none of JSON, GraphQL response JSON or
 * Server-Sent Events is 406 (both refused before the body is read), a body that is not JSON, not a JSON object, or
 * has a parameter of the wrong JSON type is 400.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestErrors implements WebFilter, WebExceptionHandler {

	/** What a client may accept from the endpoint. */
	private static final List<MediaType> PRODUCED = List.of(MediaType.APPLICATION_JSON,
			MediaTypes.APPLICATION_GRAPHQL_RESPONSE, MediaType.TEXT_EVENT_STREAM);

	private static final MediaType APPLICATION_GRAPHQL = MediaType.parseMediaType("application/graphql");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String path;

	RequestErrors(@Value("${spring.graphql.http.path:/graphql}") String path) {
		this.path = path;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		var request = exchange.getRequest();
		if (request.getMethod() != HttpMethod.POST || !path.equals(request.getPath().value())) {
			return chain.filter(exchange);
		}
		HttpHeaders headers = request.getHeaders();
		String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
		if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
			return write(exchange, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "A compressed request body (Content-Encoding: "
					+ encoding.strip() + ") is not supported: send the body uncompressed.");
		}
		String refusedType = refusedContentType(headers);
		if (refusedType != null) {
			return write(exchange, HttpStatus.UNSUPPORTED_MEDIA_TYPE, refusedType);
		}
		if (!acceptable(headers)) {
			return write(exchange, HttpStatus.NOT_ACCEPTABLE, "None of the accepted response types (Accept: "
					+ headers.getFirst(HttpHeaders.ACCEPT) + ") is sent by this endpoint: accept application/json, "
					+ "application/graphql-response+json or (for subscriptions) text/event-stream.");
		}
		return chain.filter(exchange);
	}

	/** Why the request's {@code Content-Type} is refused, or {@code null} when it is JSON. */
	private static String refusedContentType(HttpHeaders headers) {
		String header = headers.getFirst(HttpHeaders.CONTENT_TYPE);
		String send = "send the request as Content-Type: application/json with a body such as {\"query\": \"{ ... }\"}.";
		if (header == null || header.isBlank()) {
			return "The request has no Content-Type: " + send;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(header);
		}
		catch (InvalidMediaTypeException ex) {
			return "The Content-Type " + header + " cannot be read: " + send;
		}
		if (APPLICATION_GRAPHQL.includes(type)) {
			return "Content-Type application/graphql is not supported: " + send;
		}
		if (!MediaType.APPLICATION_JSON.includes(type)) {
			return "Content-Type " + type.getType() + "/" + type.getSubtype() + " is not supported: " + send;
		}
		return null;
	}

	private static boolean acceptable(HttpHeaders headers) {
		List<MediaType> accepted;
		try {
			accepted = headers.getAccept();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		return accepted.isEmpty()
				|| accepted.stream().anyMatch(type -> PRODUCED.stream().anyMatch(type::isCompatibleWith));
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (!path.equals(exchange.getRequest().getPath().value()) || exchange.getResponse().isCommitted()
				|| causedBy(ex, DataBufferLimitException.class) != null) {
			return Mono.error(ex);
		}
		if (ex instanceof UnsupportedMediaTypeStatusException) {
			return write(exchange, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The Content-Type cannot be read: send the request as Content-Type: application/json.");
		}
		if (ex instanceof NotAcceptableStatusException) {
			return write(exchange, HttpStatus.NOT_ACCEPTABLE, "The Accept header cannot be read: accept "
					+ "application/json, application/graphql-response+json or text/event-stream.");
		}
		if (ex instanceof ServerWebInputException input) {
			return write(exchange, HttpStatus.BAD_REQUEST, message(input));
		}
		return Mono.error(ex);
	}

	/** What is wrong with a body that was read but is not a GraphQL request. */
	private static String message(ServerWebInputException ex) {
		MismatchedInputException mismatch = causedBy(ex, MismatchedInputException.class);
		if (mismatch != null) {
			List<JacksonException.Reference> path = mismatch.getPath();
			String parameter = path.isEmpty() ? null : path.get(0).getPropertyName();
			if ("variables".equals(parameter) || "extensions".equals(parameter)) {
				return "The request's \"" + parameter + "\" must be a JSON object (or null).";
			}
			if ("query".equals(parameter) || "operationName".equals(parameter)) {
				return "The request's \"" + parameter + "\" must be a string.";
			}
			return "The request body must be one JSON object such as {\"query\": \"{ ... }\", \"variables\": {}}.";
		}
		if (causedBy(ex, StreamReadException.class) != null) {
			return "The request body is not valid JSON.";
		}
		String reason = ex.getReason();
		if (reason != null && reason.contains("query")) {
			return "The request has no \"query\": send a body such as {\"query\": \"{ ... }\"}.";
		}
		return "The request body cannot be read as a GraphQL request: send one JSON object such as "
				+ "{\"query\": \"{ ... }\", \"variables\": {}}.";
	}

	private static <T extends Throwable> T causedBy(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * Answers with one GraphQL error of code {@code BAD_REQUEST}, as {@code application/graphql-response+json} when
	 * the client asks for it and as {@code application/json} otherwise.
	 */
	private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String message) {
		var response = exchange.getResponse();
		response.setStatusCode(status);
		boolean graphQlResponse;
		try {
			graphQlResponse = exchange.getRequest()
				.getHeaders()
				.getAccept()
				.stream()
				.anyMatch(MediaTypes.APPLICATION_GRAPHQL_RESPONSE::equalsTypeAndSubtype);
		}
		catch (InvalidMediaTypeException ex) {
			graphQlResponse = false;
		}
		response.getHeaders()
			.setContentType(graphQlResponse ? MediaTypes.APPLICATION_GRAPHQL_RESPONSE : MediaType.APPLICATION_JSON);
		ObjectNode error = JsonNodeFactory.instance.objectNode();
		error.put("message", message);
		error.putObject("extensions").put("code", ErrorCode.BAD_REQUEST.name());
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.putArray("errors").add(error);
		byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}

}
