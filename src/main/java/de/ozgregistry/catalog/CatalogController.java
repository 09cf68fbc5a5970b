package de.ozgregistry.catalog;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.provenance.Provenance;
import de.ozgregistry.provenance.Provenances;
import de.ozgregistry.security.Actor;
import de.ozgregistry.subgraph.Representations;

import org.springframework.graphql.data.federation.EntityMapping;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The catalogue part of the schema: Themenfelder, Lebenslagen, OZG- and LeiKa-Leistungen. */
@Controller
class CatalogController {

	private final Catalog catalog;

	private final Provenances provenances;

	private final CatalogueImport catalogueImport;

	CatalogController(Catalog catalog, Provenances provenances, CatalogueImport catalogueImport) {
		this.catalog = catalog;
		this.provenances = provenances;
		this.catalogueImport = catalogueImport;
	}

	@QueryMapping
	Mono<CatalogueVersion> catalogueVersion() {
		return catalog.currentVersion();
	}

	@QueryMapping
	Mono<List<CatalogueVersion>> catalogueVersions() {
		return catalog.versions();
	}

	/** Input of {@code importCatalogue}. */
	record ImportCatalogueInput(String fileName, String content, boolean dryRun) {
	}

	/** Result of {@code importCatalogue}. */
	record ImportCataloguePayload(de.ozgregistry.imports.ImportReport report, CatalogueVersion catalogueVersion) {
	}

	@MutationMapping
	Mono<ImportCataloguePayload> importCatalogue(@Argument ImportCatalogueInput input, GraphQLContext context) {
		return catalogueImport.run(input.fileName(), input.content(), input.dryRun(), Actor.of(context))
			.map(result -> new ImportCataloguePayload(result.report(), result.version()));
	}

	@SchemaMapping
	boolean retired(OzgService service) {
		return service.retiredIn() != null;
	}

	@SchemaMapping
	Mono<CatalogueVersion> introducedIn(OzgService service) {
		return catalog.version(service.introducedIn());
	}

	@SchemaMapping
	Mono<CatalogueVersion> retiredIn(OzgService service) {
		return service.retiredIn() == null ? Mono.empty() : catalog.version(service.retiredIn());
	}

	@BatchMapping
	Mono<Map<OzgService, List<Catalog.FormerName>>> formerNames(List<OzgService> services) {
		return catalog.formerNames(services.stream().map(OzgService::ozgId).distinct().toList())
			.collectMultimap(Catalog.FormerName::ozgId)
			.map(byOzgId -> services.stream()
				.collect(Collectors.toMap(Function.identity(),
						s -> List.copyOf(byOzgId.getOrDefault(s.ozgId(), List.of())), (a, b) -> a)));
	}

	@SchemaMapping(typeName = "OzgServiceFormerName")
	Mono<CatalogueVersion> renamedIn(Catalog.FormerName name) {
		return catalog.version(name.renamedIn());
	}

	@QueryMapping
	Flux<Themenfeld> themenfelder() {
		return catalog.themenfelder();
	}

	@QueryMapping
	Mono<Connection<OzgService>> ozgServices(@Argument OzgServiceFilter filter, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		return Mono.defer(() -> {
			if (filter != null) {
				filter.checked();
			}
			return catalog.ozgServices(filter, Page.of(first, after), env.getSelectionSet().contains("totalCount"));
		});
	}

	@QueryMapping
	Mono<OzgService> ozgService(@Argument int ozgId) {
		return catalog.ozgService(ozgId);
	}

	@QueryMapping
	Mono<LeikaService> leikaService(@Argument String key) {
		if (key == null || !key.matches("[0-9]{14}")) {
			return Mono.error(RegistryException.invalid("key", "leika-key",
					"A LeiKa key has exactly 14 digits, e.g. 99102013000000."));
		}
		return catalog.leikaService(key);
	}

	/** Federation: OZG-Leistungen by {@code ozgId}, one statement for all representations. */
	@EntityMapping(name = "OzgService")
	Mono<List<OzgService>> ozgServiceEntities(List<Map<String, Object>> representations) {
		return Representations.resolve(representations, "ozgId", CatalogController::ozgId, catalog::ozgServices,
				OzgService::ozgId);
	}

	/** Federation: LeiKa-Leistungen by {@code key}, one statement for all representations. */
	@EntityMapping(name = "LeikaService")
	Mono<List<LeikaService>> leikaServiceEntities(List<Map<String, Object>> representations) {
		return Representations.resolve(representations, "key", CatalogController::leikaKey,
				catalog::leikaServicesByKeys, LeikaService::key);
	}

	private static Integer ozgId(Object value, String field) {
		if (value instanceof Number number && number.doubleValue() == number.intValue()) {
			return number.intValue();
		}
		if (value instanceof String text && text.matches("[0-9]{1,9}")) {
			return Integer.valueOf(text);
		}
		throw RegistryException.invalid(field, "ozg-id", "An OZG-ID is a number, e.g. 10000.");
	}

	private static String leikaKey(Object value, String field) {
		String key = Representations.text(value);
		if (key == null || !key.matches("[0-9]{14}")) {
			throw RegistryException.invalid(field, "leika-key", "A LeiKa key has exactly 14 digits, e.g. 99102013000000.");
		}
		return key;
	}

	@SchemaMapping
	Flux<Lebenslage> lebenslagen(Themenfeld themenfeld) {
		return catalog.lebenslagenOf(themenfeld.number());
	}

	@BatchMapping
	Mono<Map<Themenfeld, Integer>> ozgServiceCount(List<Themenfeld> themenfelder) {
		return catalog.ozgServiceCountsByThemenfeld()
			.map(counts -> themenfelder.stream()
				.collect(Collectors.toMap(Function.identity(), t -> counts.getOrDefault(t.number(), 0))));
	}

	@SchemaMapping
	Mono<Themenfeld> themenfeld(Lebenslage lebenslage) {
		return catalog.themenfeld(lebenslage.themenfeld());
	}

	@SchemaMapping
	Mono<Lebenslage> lebenslage(OzgService service) {
		return catalog.lebenslage(service.lebenslage());
	}

	@SchemaMapping
	Mono<Themenfeld> themenfeld(OzgService service) {
		return catalog.themenfeld(service.themenfeld());
	}

	@BatchMapping
	Mono<Map<OzgService, List<LeikaService>>> leikaServices(List<OzgService> services) {
		return catalog.leikaServicesOf(services.stream().map(OzgService::ozgId).distinct().toList())
			.collectMultimap(LeikaService::ozgId)
			.map(byOzgId -> services.stream()
				.collect(Collectors.toMap(Function.identity(),
						s -> List.copyOf(byOzgId.getOrDefault(s.ozgId(), List.of())), (a, b) -> a)));
	}

	@BatchMapping
	Mono<Map<LeikaService, OzgService>> ozgService(List<LeikaService> leikaServices) {
		List<Integer> ozgIds = leikaServices.stream()
			.map(LeikaService::ozgId)
			.filter(java.util.Objects::nonNull)
			.distinct()
			.toList();
		return catalog.ozgServices(ozgIds).collectMap(OzgService::ozgId).map(byOzgId -> {
			Map<LeikaService, OzgService> result = new java.util.HashMap<>();
			for (LeikaService leika : leikaServices) {
				if (leika.ozgId() != null) {
					result.put(leika, byOzgId.get(leika.ozgId()));
				}
			}
			return result;
		});
	}

	@SchemaMapping
	Mono<Provenance> provenance(OzgService service) {
		return provenances.of(service.dataSourceId());
	}


}
