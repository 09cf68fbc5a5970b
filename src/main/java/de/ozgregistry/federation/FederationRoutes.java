package de.ozgregistry.federation;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The node's federation endpoints for peers: its description ({@code /.well-known/ozg-registry}), its change feed
 * ({@code /federation/changes}) and its snapshot ({@code /federation/snapshot}). They are public: they carry public
 * records, signed.
 */
@Configuration(proxyBeanMethods = false)
class FederationRoutes {

	static final String FEED_PATH = "/federation/changes";

	static final String SNAPSHOT_PATH = "/federation/snapshot";

	private static final int MAX_LIMIT = 1000;

	@Bean
	RouterFunction<ServerResponse> federationEndpoints(NodeKeys keys, ChangeFeed feed, RegistryProperties registry,
			FederationProperties properties, PushHints hints, HintReceiver receiver, Peers peers) {
		Scope scope = Scope.parse(properties.scope());
		return RouterFunctions.route()
			.GET("/.well-known/ozg-registry", request -> keys.jwks()
				.flatMap(jwks -> Mono.zip(keys.jwksSignatures(jwks), peers.relays()).flatMap(signedAndRelays -> {
					Map<String, Object> body = description(registry, properties, scope, jwks);
					body.put("jwksSignatures", signedAndRelays.getT1());
					// the nodes whose records the feed passes on (and those that may come to it), as this node knows them
					body.put("relays", signedAndRelays.getT2());
					return ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.cacheControl(CacheControl.noCache())
						.bodyValue(body);
				})))
			.GET(FEED_PATH, request -> changes(request, feed, properties))
			.GET(SNAPSHOT_PATH, request -> snapshot(request, feed, properties))
			.POST(PushHints.SUBSCRIBE_PATH, request -> request.bodyToMono(Map.class)
				.flatMap(body -> {
					Object node = body.get("nodeId");
					Object url = body.get("url");
					if (!(node instanceof String id) || !Peers.NODE_ID.matcher(id).matches() || !(url instanceof String at)
							|| !Peers.BASE_URL.matcher(at).matches()) {
						return badRequest("nodeId (a node ID) and url (http(s)://host[:port][/path]) are needed");
					}
					// the same address rule as for peers: a subscription must not make this node call inwards
					return peers.checkAddress(at)
						.then(hints.subscribe(id, at))
						.then(ServerResponse.noContent().build())
						.onErrorResume(Peers.PeerFailure.class, ex -> badRequest("url: " + ex.getMessage()));
				}))
			.POST(PushHints.HINT_PATH, request -> request.bodyToMono(String.class)
				.defaultIfEmpty("")
				.flatMap(hint -> receiver.receive(hint.strip()))
				.flatMap(accepted -> accepted ? ServerResponse.accepted().build()
						: badRequest("not a hint signed by a peer of this node")))
			.build();
	}

	/** The node description: who the node is, what it is authoritative for, where its feed is, its keys. */
	static Map<String, Object> description(RegistryProperties registry, FederationProperties properties, Scope scope,
			Map<String, Object> jwks) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("nodeId", registry.nodeId());
		body.put("name", properties.name());
		body.put("baseUrl", properties.baseUrl());
		body.put("scope", scope.entries());
		body.put("feed", properties.baseUrl() + FEED_PATH);
		body.put("contact", properties.contact());
		body.put("jwks", jwks);
		return body;
	}

	/** What is wrong with the page size (-1: not a number from 1 to the maximum) or {@code except}, or null. */
	private static String invalidPaging(int limit, String except) {
		if (limit < 0) {
			return "limit: a number from 1 to " + MAX_LIMIT;
		}
		if (!except.isEmpty() && !Peers.NODE_ID.matcher(except).matches()) {
			return "except: a node ID (the reader's own, whose records are left out)";
		}
		return null;
	}

	/** The page size asked for, or -1 if it is not a number from 1 to {@link #MAX_LIMIT}. */
	private static int limit(ServerRequest request, FederationProperties properties) {
		try {
			int limit = request.queryParam("limit").map(Integer::parseInt).orElse(properties.pageSize());
			return limit < 1 || limit > MAX_LIMIT ? -1 : limit;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * The snapshot: {@code {"position": <feed cursor>, "records": [{type, id, node, version, hash, event?}], "next":
	 * <cursor or null>}}, with the events only if {@code events=true}.
	 */
	private static Mono<ServerResponse> snapshot(ServerRequest request, ChangeFeed feed,
			FederationProperties properties) {
		String after = request.queryParam("after").orElse("");
		if (!after.isEmpty() && !ChangeFeed.isSnapshotCursor(after)) {
			return badRequest("after: not a cursor of this snapshot (use the 'next' of the previous page, or omit it)");
		}
		int limit = limit(request, properties);
		String except = request.queryParam("except").orElse("");
		String invalid = invalidPaging(limit, except);
		if (invalid != null) {
			return badRequest(invalid);
		}
		boolean events = request.queryParam("events").map("true"::equals).orElse(false);
		return feed.snapshot(after, limit, except, events).flatMap(page -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("position", page.position());
			body.put("records", page.records());
			body.put("next", page.next());
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(body);
		});
	}

	private static Mono<ServerResponse> changes(ServerRequest request, ChangeFeed feed,
			FederationProperties properties) {
		String after = request.queryParam("after").orElse(ChangeFeed.START);
		if (!ChangeFeed.isCursor(after)) {
			return badRequest("after: not a cursor of this feed (use the 'next' of the previous page, or omit it)");
		}
		int limit = limit(request, properties);
		String except = request.queryParam("except").orElse("");
		String invalid = invalidPaging(limit, except);
		if (invalid != null) {
			return badRequest(invalid);
		}
		return feed.after(after, limit, except)
			.flatMap(page -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(Map.of("events", page.events(), "next", page.next())));
	}

	private static Mono<ServerResponse> badRequest(String message) {
		return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("error", message));
	}

}
