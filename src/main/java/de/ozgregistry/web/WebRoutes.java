package de.ozgregistry.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import de.ozgregistry.security.SecurityProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * The web front end's routes: clean German page URLs that all serve the one HTML shell (the page is rendered in the
 * browser from the GraphQL API), the map shapes, and the front end's public configuration. Scripts and styles are
 * static files under {@code /ui/}.
 */
@Configuration(proxyBeanMethods = false)
class WebRoutes {

	private static final Resource SHELL = new ClassPathResource("web/index.html");

	/** GraphiQL's page; its scripts and styles are bundled under {@code /graphiql/}, so it works offline. */
	private static final Resource GRAPHIQL = new ClassPathResource("web/graphiql.html");

	/** Map shapes change only with the seed data: a day in caches, then revalidated by ETag. */
	private static final CacheControl MAP_CACHE = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();

	@Bean
	RouterFunction<ServerResponse> webPages(MapShapes maps, SecurityProperties security, OperatorProperties operator,
			@Value("${ozg.graphiql-enabled:true}") boolean graphiql) {
		RouterFunctions.Builder routes = RouterFunctions.route();
		if (graphiql) {
			routes.GET("/graphiql", request -> html(GRAPHIQL));
		}
		// Impressum, Datenschutz, Barrierefreiheit: rendered on the server with the operator's details
		LegalPages legal = LegalPages.of(operator);
		for (LegalPages.Page page : LegalPages.Page.values()) {
			routes.GET("/" + page.path, request -> html(legal.html(page)));
		}
		return routes
			.GET("/", WebRoutes::shell)
			.GET("/leistung/{ozgId}", WebRoutes::shell)
			.GET("/loesung/{id}", WebRoutes::shell)
			.GET("/organisation/{id}", WebRoutes::shell)
			.GET("/dashboard", WebRoutes::shell)
			.GET("/anmelden", WebRoutes::shell)
			.GET("/import", WebRoutes::shell)
			.GET("/vergleich", WebRoutes::shell)
			.GET("/karten/laender.json", request -> map(request, maps, MapShapes.Level.LAENDER))
			.GET("/karten/kreise.json", request -> map(request, maps, MapShapes.Level.KREISE))
			.route(GET("/ui/config.json"), request -> config(security.oidc()))
			.build();
	}

	private static Mono<ServerResponse> shell(ServerRequest request) {
		return html(SHELL);
	}

	private static Mono<ServerResponse> html(Object page) {
		return ServerResponse.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noCache())
			.bodyValue(page);
	}

	private static Mono<ServerResponse> map(ServerRequest request, MapShapes maps, MapShapes.Level level) {
		return Mono.fromCallable(() -> maps.shapes(level))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(shapes -> request.headers().header("If-None-Match").contains(shapes.etag())
					? ServerResponse.status(304).eTag(shapes.etag()).cacheControl(MAP_CACHE).build()
					: ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.eTag(shapes.etag())
						.cacheControl(MAP_CACHE)
						.bodyValue(shapes.json()));
	}

	private static Mono<ServerResponse> config(SecurityProperties.Oidc oidc) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noCache())
			.bodyValue(publicConfig(oidc));
	}

	/** What the browser needs to offer OIDC sign-in (a public client: no secret), or {@code oidc: null}. */
	static Map<String, Object> publicConfig(SecurityProperties.Oidc oidc) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("oidc", oidc.browserSignIn()
				? Map.of("issuer", oidc.issuerUri(), "clientId", oidc.clientId(), "scope", oidc.clientScope()) : null);
		return body;
	}

}
