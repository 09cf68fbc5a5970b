package de.ozgregistry.caching;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.graphql.ErrorCode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.MediaTypes;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.graphql.support.DefaultGraphQlRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Queries over GET ({@code GET /graphql?query=…&variables=…&operationName=…&extensions=…}, as the GraphQL-over-HTTP
 * spec has them), so that HTTP caches can keep public reads. Mutations and subscriptions over GET are refused with
 * 405 before anything runs. An answer without errors carries an {@code ETag} (a hash of its bytes, so every instance
 * gives the same one) and a conditional request with a matching {@code If-None-Match} gets 304; an anonymous one is
 * {@code Cache-Control: public, max-age=OZG_HTTP_CACHE_MAX_AGE}, one with credentials or with errors
 * {@code no-store}; all vary by {@code Authorization}, {@code Accept} and {@code Accept-Encoding}. The request runs
 * through the same interceptors as a POST (limits, authentication, the response cache, persisted queries).
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
		type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.REACTIVE)
class GetRequests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The request attribute that marks a GET; {@link #queriesOnly()} answers it. */
	private static final String GET = GetRequests.class.getName() + ".GET";

	private static final String[] VARY = { HttpHeaders.AUTHORIZATION, HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_ENCODING };

	/** What the interceptor found out about a GET: whether its operation may not run over GET. */
	static final class Get {

		volatile boolean notAQuery;

	}

	/** Before Boot's GraphQL routes (order 0), which answer every GET of the endpoint with 405. */
	@Bean
	@Order(-1)
	RouterFunction<ServerResponse> graphQlGet(WebGraphQlHandler handler, CachingProperties properties,
			@Value("${spring.graphql.http.path:/graphql}") String path) {
		CacheControl anonymous = CacheControl.maxAge(properties.maxAge()).cachePublic();
		return RouterFunctions.route(RequestPredicates.GET(path)
			.and(request -> !accepted(request).contains(MediaType.TEXT_EVENT_STREAM)),
				request -> get(request, handler, anonymous));
	}

	/** Refuses a mutation or subscription that came over GET (after persisted queries supplied the document). */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 2)
	WebGraphQlInterceptor queriesOnly() {
		return (request, chain) -> {
			if (request.getAttributes().get(GET) instanceof Get get && !isQuery(request)) {
				get.notAQuery = true;
				return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(
						request.toExecutionInput(), error("Only queries run over GET; send mutations and"
								+ " subscriptions with POST.", null))));
			}
			return chain.next(request);
		};
	}

	private static Mono<ServerResponse> get(ServerRequest request, WebGraphQlHandler handler, CacheControl anonymous) {
		MediaType type = responseType(accepted(request));
		Map<String, Object> variables = jsonObject(request, "variables");
		Map<String, Object> extensions = jsonObject(request, "extensions");
		for (String parameter : new String[] { "variables", "extensions" }) {
			if ((parameter.equals("variables") ? variables : extensions) == null) {
				return answer(type, HttpStatus.BAD_REQUEST,
						error(parameter + " must be a JSON object (URL-encoded).", parameter));
			}
		}
		String query = request.queryParam("query").filter(text -> !text.isBlank()).orElse(null);
		if (query == null && !(extensions.get("persistedQuery") instanceof Map)) {
			return answer(type, HttpStatus.BAD_REQUEST, error("A GET request needs the parameter query.", "query"));
		}
		Get get = new Get();
		Map<String, Object> attributes = new HashMap<>(request.attributes());
		attributes.put(GET, get);
		WebGraphQlRequest graphQl = new WebGraphQlRequest(request.uri(), request.headers().asHttpHeaders(),
				request.cookies(), request.remoteAddress().orElse(null), attributes,
				new DefaultGraphQlRequest(Objects.requireNonNullElse(query, PersistedQuerySupport.PERSISTED_QUERY_MARKER),
						request.queryParam("operationName").filter(name -> !name.isEmpty()).orElse(null), variables,
						extensions),
				request.exchange().getRequest().getId(), request.exchange().getLocaleContext().getLocale());
		return handler.handleRequest(graphQl).flatMap(response -> {
			if (get.notAQuery) {
				return answer(type, HttpStatus.METHOD_NOT_ALLOWED, response.getExecutionResult());
			}
			byte[] body = JSON.writeValueAsBytes(response.toMap());
			boolean requestError = !response.getExecutionResult().isDataPresent();
			HttpStatus status = (requestError && type.equals(MediaTypes.APPLICATION_GRAPHQL_RESPONSE))
					? HttpStatus.BAD_REQUEST : HttpStatus.OK;
			ServerResponse.BodyBuilder builder = ServerResponse.status(status)
				.contentType(type)
				.headers(headers -> headers.putAll(response.getResponseHeaders()))
				.varyBy(VARY);
			if (response.getErrors().isEmpty() && status == HttpStatus.OK) {
				builder.eTag(etag(type, body));
				builder.cacheControl(request.headers().firstHeader(HttpHeaders.AUTHORIZATION) == null ? anonymous
						: CacheControl.noStore().cachePrivate());
			}
			else {
				builder.cacheControl(CacheControl.noStore());
			}
			return builder.bodyValue(body);
		});
	}

	/** An answer decided here (nothing ran): never stored. */
	private static Mono<ServerResponse> answer(MediaType type, HttpStatus status, ExecutionResult result) {
		// application/json: request errors are 200 too (GraphQL over HTTP), except a method the endpoint refuses
		HttpStatus sent = (status == HttpStatus.BAD_REQUEST && !type.equals(MediaTypes.APPLICATION_GRAPHQL_RESPONSE))
				? HttpStatus.OK : status;
		ServerResponse.BodyBuilder builder = ServerResponse.status(sent)
			.contentType(type)
			.varyBy(VARY)
			.cacheControl(CacheControl.noStore());
		if (status == HttpStatus.METHOD_NOT_ALLOWED) {
			builder.allow(HttpMethod.POST);
		}
		return builder.bodyValue(JSON.writeValueAsBytes(result.toSpecification()));
	}

	private static ExecutionResult error(String message, String field) {
		Map<String, Object> extensions = new LinkedHashMap<>();
		extensions.put("code", ErrorCode.VALIDATION_FAILED.name());
		if (field != null) {
			extensions.put("field", field);
		}
		return ExecutionResult.newExecutionResult()
			.addError(GraphqlErrorBuilder.newError()
				.message(message)
				.errorType(ErrorCode.VALIDATION_FAILED)
				.extensions(extensions)
				.build())
			.build();
	}

	/** A parameter that holds a JSON object: an empty map without it, {@code null} if it holds something else. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> jsonObject(ServerRequest request, String name) {
		String text = request.queryParam(name).orElse("");
		if (text.isBlank() || text.equals("null")) {
			return Map.of();
		}
		try {
			if (JSON.readValue(text, Object.class) instanceof Map<?, ?> map) {
				return (Map<String, Object>) map;
			}
		}
		catch (JacksonException ex) {
			// not JSON: as not an object
		}
		return null;
	}

	/** The media types the request accepts; none for a malformed {@code Accept} (answered as without one). */
	private static List<MediaType> accepted(ServerRequest request) {
		try {
			return request.headers().accept();
		}
		catch (org.springframework.http.InvalidMediaTypeException ex) {
			return List.of();
		}
	}

	/**
	 * {@code application/graphql-response+json} when the client prefers it, else {@code application/json} (also for
	 * none, {@code *}{@code /*} or anything else), as for POST.
	 */
	private static MediaType responseType(List<MediaType> accepted) {
		MediaType best = MediaType.APPLICATION_JSON;
		double quality = -1;
		for (MediaType type : accepted) {
			boolean graphQl = type.equalsTypeAndSubtype(MediaTypes.APPLICATION_GRAPHQL_RESPONSE);
			if ((graphQl || type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) && type.getQualityValue() > quality) {
				best = graphQl ? MediaTypes.APPLICATION_GRAPHQL_RESPONSE : MediaType.APPLICATION_JSON;
				quality = type.getQualityValue();
			}
		}
		return best;
	}

	/** Whether the operation the request selects is a query; the document is parsed only if it may be another. */
	static boolean isQuery(WebGraphQlRequest request) {
		String document = request.getDocument();
		if (!document.contains("mutation") && !document.contains("subscription")) {
			return true;
		}
		try {
			return Parser.parse(document)
				.getDefinitionsOfType(OperationDefinition.class)
				.stream()
				.filter(operation -> request.getOperationName() == null
						|| request.getOperationName().equals(operation.getName()))
				.findFirst()
				.map(operation -> operation.getOperation() == OperationDefinition.Operation.QUERY)
				.orElse(true);
		}
		catch (RuntimeException ex) {
			// a document that does not parse fails with its syntax error when it runs
			return true;
		}
	}

	/**
	 * A weak validator (the body may go out compressed) from the media type and the bytes of the body: the same on
	 * every instance, another for another representation of the same answer.
	 */
	static String etag(MediaType type, byte[] body) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(type.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			byte[] digest = sha256.digest(body);
			return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
