package de.ozgregistry.dcat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.catalog.Themenfeld;
import de.ozgregistry.federation.FederationProperties;
import de.ozgregistry.solution.PublicSolutions;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The whole catalogue of solutions after DCAT-AP 3 and ADMS-AP ({@link SolutionCatalogue} says what is in it), for
 * harvesters such as data.europa.eu, Joinup or GovData: {@code /export/dcat-ap.ttl} (Turtle) and
 * {@code /export/dcat-ap.jsonld} (JSON-LD 1.1), public, with what {@link PublicSolutions} gives anyone. The solutions
 * are read reactively; the graph is built and serialized off the event loop. Each answer is an attachment named after
 * its content and date ({@code ozg-loesungskatalog-dcat-ap-2026-12-01.ttl}), with an ETag of its bytes and
 * {@code Cache-Control: no-cache}, so that a harvester revalidates and gets 304 while nothing changed.
 */
@Configuration(proxyBeanMethods = false)
class DcatApExport {

	static final MediaType TURTLE = new MediaType("text", "turtle", StandardCharsets.UTF_8);

	static final MediaType JSON_LD = MediaType.parseMediaType("application/ld+json");

	@Bean
	RouterFunction<ServerResponse> dcatApRoutes(PublicSolutions solutions, Catalog catalog,
			RegistryProperties registry, FederationProperties federation, Clock clock) {
		CatalogueNode node = CatalogueNode.of(registry, federation);
		Mono<Model> model = Mono.defer(() -> Mono.zip(solutions.all().collectList(),
				catalog.themenfelder().collectMap(Themenfeld::number)))
			.publishOn(Schedulers.boundedElastic())
			.map(all -> SolutionCatalogue.of(node, all.getT1(), all.getT2()));
		return RouterFunctions.route()
			.GET("/export/dcat-ap.ttl",
					request -> respond(request, model, RDFFormat.TURTLE_PRETTY, TURTLE, ".ttl", clock))
			.GET("/export/dcat-ap.jsonld",
					request -> respond(request, model, RDFFormat.JSONLD11_PRETTY, JSON_LD, ".jsonld", clock))
			.build();
	}

	/** Serializes the graph (on the bounded elastic scheduler, where the model was built) and answers with it. */
	private static Mono<ServerResponse> respond(ServerRequest request, Mono<Model> model, RDFFormat format,
			MediaType type, String extension, Clock clock) {
		return model.map(graph -> serialize(graph, format)).flatMap(body -> {
			String etag = "\"" + sha256(body) + "\"";
			if (request.headers().header(HttpHeaders.IF_NONE_MATCH).contains(etag)) {
				return ServerResponse.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CacheControl.noCache())
					.build();
			}
			String name = "ozg-loesungskatalog-dcat-ap-" + LocalDate.now(clock) + extension;
			return ServerResponse.ok()
				.contentType(type)
				.eTag(etag)
				.cacheControl(CacheControl.noCache())
				.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build()
					.toString())
				.bodyValue(body);
		});
	}

	static byte[] serialize(Model model, RDFFormat format) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		RDFDataMgr.write(out, model, format);
		return out.toByteArray();
	}

	private static String sha256(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
