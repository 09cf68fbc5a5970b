package de.ozgregistry.discovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.adoption.AdoptionTopics;
import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.catalog.LeikaService;
import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Cursor;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.graphql.ReadTopics;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;
import de.ozgregistry.solution.Solutions;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/** The search part of the schema: the ranked list {@code search} and the grouped answer {@code searchAnswer}. */
@Controller
class SearchController {

	private static final String ANSWER_SOLUTIONS = "searchAnswerSolutions";

	private static final String ANSWER_LEIKA = "searchAnswerLeikaServices";

	/** A search result: the schema's {@code SearchHit}. */
	record SearchHit(double score, String highlight, Object item) {
	}

	/**
	 * A page of search results with facets (computed only when asked for); {@code read}: the topics of the
	 * adoptions its ranking read (all adoptions if it matched too many solutions to name them), not part of the
	 * schema.
	 */
	record SearchConnection(List<Connection.Edge<SearchHit>> edges, Connection.PageInfo pageInfo, int totalCount,
			String query, SearchFilter filter, Set<String> read) {
	}

	/** A facet: its values with counts. */
	record Facet(String name, List<FacetValue> values) {
	}

	/** One value of a facet. */
	record FacetValue(String value, String label, int count) {
	}

	/** The schema's {@code SearchAnswer}: the ranked rows, with the query and filter its facets need. */
	record AnswerView(SearchAnswer answer, String query, SearchFilter filter) {
	}

	/** The schema's {@code OzgServiceAnswer}: an OZG-Leistung of the answer with its matching LeiKa-Leistungen. */
	record OzgServiceAnswer(double score, boolean matchesAllWords, String highlight, OzgService ozgService,
			List<SearchAnswer.Row> lines, List<String> terms) {
	}

	/** A page of the LeiKa-Leistungen folded under one OZG-Leistung: the key of their data loader. */
	record LinesKey(List<SearchAnswer.Row> rows, int offset, int first, List<String> terms) {
	}

	private static final List<String> FACETS = List.of("kind", "themenfeld", "land", "maturity", "reuseModel",
			"lifecycle", "openLicence");

	private final Search search;

	private final SearchAnswerSolutions answerSolutions;

	private final Catalog catalog;

	private final Organizations organizations;

	private final Solutions solutions;

	private final ReadCache cache;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	SearchController(Search search, SearchAnswerSolutions answerSolutions, Catalog catalog,
			Organizations organizations, Solutions solutions, ReadCache cache, BatchLoaderRegistry loaders,
			ReadTopics reads) {
		reads.declare("Query", "search");
		this.search = search;
		this.answerSolutions = answerSolutions;
		this.catalog = catalog;
		this.organizations = organizations;
		this.solutions = solutions;
		this.cache = cache;
		loaders.forTypePair(NestedPages.Key.class, Connection.class)
			.withName(ANSWER_SOLUTIONS)
			.registerMappedBatchLoader((keys, env) -> (Mono) answerSolutions.of(keys,
					Actor.of((GraphQLContext) env.getContext()).landCode()));
		loaders.forTypePair(LinesKey.class, Connection.class)
			.withName(ANSWER_LEIKA)
			.registerMappedBatchLoader((keys, env) -> (Mono) lines(keys));
	}

	/** The ranking reads the live adoptions of the matched solutions (their prior), and no other adoptions. */
	@QueryMapping(name = "search")
	Mono<SearchConnection> search(@Argument String query, @Argument SearchFilter filter, @Argument Integer first,
			@Argument String after, GraphQLContext context) {
		return cache.get(List.of("search", String.valueOf(query), String.valueOf(filter), String.valueOf(first),
				String.valueOf(after)), () -> searchUncached(query, filter, first, after))
			.doOnNext(connection -> ReadTopics.read(context, connection.read()));
	}

	private Mono<SearchConnection> searchUncached(String query, SearchFilter filter, Integer first, String after) {
		return Mono.defer(() -> {
			Page page = Page.of(first, after);
			int offset = page.offset("search");
			return search.search(query, filter, offset, page.limit()).flatMap(result -> load(result.hits().stream()
				.map(hit -> Map.entry(hit.kind(), hit.entityId()))
				.toList()).map(items -> {
					List<Connection.Edge<SearchHit>> edges = new ArrayList<>();
					List<Search.Hit> hits = result.hits();
					for (int i = 0; i < Math.min(hits.size(), page.first()); i++) {
						Search.Hit hit = hits.get(i);
						Object item = items.get(hit.entityId());
						if (item != null) {
							edges.add(new Connection.Edge<>(new Cursor(Integer.toString(offset + i + 1), "search").encode(),
									new SearchHit(hit.score(), GermanText.highlight(hit.title(), result.terms()), item)));
						}
					}
					boolean hasNext = hits.size() > page.first();
					return new SearchConnection(edges, new Connection.PageInfo(hasNext, false,
							edges.isEmpty() ? null : edges.get(0).cursor(),
							edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()), result.total(), query,
							filter, (result.solutions() == null) ? Set.of(AdoptionTopics.ALL)
									: result.solutions().stream().map(AdoptionTopics::ofSolution)
										.collect(Collectors.toUnmodifiableSet()));
				}));
		});
	}

	/** Loads the records behind hits (kind and ID), one query per kind. */
	private Mono<Map<UUID, Object>> load(List<Map.Entry<String, UUID>> hits) {
		Map<String, List<UUID>> byKind = new HashMap<>();
		hits.forEach(hit -> byKind.computeIfAbsent(hit.getKey(), k -> new ArrayList<>()).add(hit.getValue()));
		List<Flux<Map.Entry<UUID, Object>>> loads = new ArrayList<>();
		byKind.forEach((kind, ids) -> loads.add(switch (kind) {
			case "OZG_SERVICE" -> catalog.ozgServicesById(ids).map(o -> Map.entry(o.id(), o));
			case "LEIKA_SERVICE" -> catalog.leikaServicesById(ids).map(l -> Map.entry(l.id(), l));
			case "SOLUTION" -> solutions.byIds(ids).map(s -> Map.entry(s.id(), s));
			default -> organizations.byIds(ids).map(o -> Map.entry(o.id(), o));
		}));
		return Flux.merge(loads).collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	@SchemaMapping(typeName = "SearchConnection")
	Mono<List<Facet>> facets(SearchConnection connection) {
		return cache.get(List.of("facets", String.valueOf(connection.query()), String.valueOf(connection.filter())),
				() -> search.facets(connection.query(), connection.filter()).map(SearchController::facets));
	}

	private static List<Facet> facets(List<Search.FacetCount> counts) {
		Map<String, List<FacetValue>> byFacet = new LinkedHashMap<>();
		FACETS.forEach(name -> byFacet.put(name, new ArrayList<>()));
		counts.forEach(c -> byFacet.get(c.facet()).add(new FacetValue(c.value(), c.label(), c.count())));
		return byFacet.entrySet().stream().map(e -> new Facet(e.getKey(), e.getValue())).toList();
	}

	@QueryMapping
	Mono<AnswerView> searchAnswer(@Argument String query, @Argument SearchFilter filter) {
		return cache.get(List.of("searchAnswer", String.valueOf(query), String.valueOf(filter)),
				() -> search.answer(query, filter))
			.map(answer -> new AnswerView(answer, query, filter));
	}

	@SchemaMapping(typeName = "SearchAnswer")
	List<String> sectionOrder(AnswerView view) {
		return view.answer().sectionOrder();
	}

	@SchemaMapping(typeName = "SearchAnswer", field = "ozgServices")
	Mono<Connection<OzgServiceAnswer>> answerOzgServices(AnswerView view, @Argument Integer first,
			@Argument String after) {
		return Mono.defer(() -> {
			Page page = Page.of(first, after);
			int offset = page.offset("answerOzgServices");
			List<SearchAnswer.Row> rows = slice(view.answer().groups(), offset, page.limit());
			return catalog.ozgServicesById(rows.stream().map(SearchAnswer.Row::entityId).toList())
				.collectMap(OzgService::id)
				.map(services -> Connection.atOffset(rows.stream()
					.filter(row -> services.containsKey(row.entityId()))
					.map(row -> new OzgServiceAnswer(row.score(), row.strong(),
							GermanText.highlight(row.title(), view.answer().terms()), services.get(row.entityId()),
							view.answer().linesOf(row.entityId()), view.answer().terms()))
					.toList(), page.first(), offset, "answerOzgServices", view.answer().groups().size()));
		});
	}

	@SchemaMapping(typeName = "SearchAnswer", field = "solutions")
	Mono<Connection<SearchHit>> answerSolutions(AnswerView view, @Argument Integer first, @Argument String after) {
		return hits(view.answer().solutions(), view.answer().terms(), first, after, "answerSolutionHits");
	}

	@SchemaMapping(typeName = "SearchAnswer", field = "organizations")
	Mono<Connection<SearchHit>> answerOrganizations(AnswerView view, @Argument Integer first,
			@Argument String after) {
		return hits(view.answer().organizations(), view.answer().terms(), first, after, "answerOrganizationHits");
	}

	@SchemaMapping(typeName = "SearchAnswer", field = "facets")
	Mono<List<Facet>> answerFacets(AnswerView view) {
		return cache.get(List.of("answerFacets", String.valueOf(view.query()), String.valueOf(view.filter())),
				() -> search.answerFacets(view.query(), view.filter()).map(SearchController::facets));
	}

	@SchemaMapping(typeName = "OzgServiceAnswer", field = "leikaServices")
	CompletableFuture<Connection<SearchHit>> answerLeikaServices(OzgServiceAnswer group, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		Page page = Page.of(first, after);
		int offset = page.offset("answerLeikaServices");
		DataLoader<LinesKey, Connection<SearchHit>> loader = env.getDataLoader(ANSWER_LEIKA);
		return loader.load(new LinesKey(slice(group.lines(), offset, page.limit()), offset, page.first(),
				group.terms()))
			.thenApply(connection -> new Connection<>(connection.edges(), connection.pageInfo(), group.lines().size()));
	}

	@SchemaMapping(typeName = "OzgServiceAnswer", field = "solutions")
	CompletableFuture<Connection<SearchAnswerSolutions.SolutionUse>> answerSolutionsOf(OzgServiceAnswer group,
			@Argument Integer first, @Argument String after, DataFetchingEnvironment env) {
		Page page = Page.of(first, after);
		page.offset(SearchAnswerSolutions.LIST);
		DataLoader<NestedPages.Key, Connection<SearchAnswerSolutions.SolutionUse>> loader = env
			.getDataLoader(ANSWER_SOLUTIONS);
		return loader.load(NestedPages.Key.of(group.ozgService().id(), page, env));
	}

	/** The LeiKa-Leistungen of many pages of folded lines, loaded at once. */
	private Mono<Map<LinesKey, Connection<SearchHit>>> lines(Set<LinesKey> keys) {
		List<UUID> ids = keys.stream().flatMap(key -> key.rows().stream()).map(SearchAnswer.Row::entityId).distinct()
			.toList();
		Mono<Map<UUID, LeikaService>> loaded = ids.isEmpty() ? Mono.just(Map.of())
				: catalog.leikaServicesById(ids).collectMap(LeikaService::id);
		return loaded.map(byId -> {
			Map<LinesKey, Connection<SearchHit>> result = new HashMap<>();
			for (LinesKey key : keys) {
				List<SearchHit> page = key.rows().stream()
					.filter(row -> byId.containsKey(row.entityId()))
					.map(row -> new SearchHit(row.score(), GermanText.highlight(row.title(), key.terms()),
							byId.get(row.entityId())))
					.toList();
				result.put(key, Connection.atOffset(page, key.first(), key.offset(), "answerLeikaServices", null));
			}
			return result;
		});
	}

	/** A page of solution or organization hits of the answer. */
	private Mono<Connection<SearchHit>> hits(List<SearchAnswer.Row> all, List<String> terms, Integer first,
			String after, String list) {
		return Mono.defer(() -> {
			Page page = Page.of(first, after);
			int offset = page.offset(list);
			List<SearchAnswer.Row> rows = slice(all, offset, page.limit());
			return load(rows.stream().map(row -> Map.entry(row.section(), row.entityId())).toList())
				.map(items -> Connection.atOffset(rows.stream()
					.filter(row -> items.containsKey(row.entityId()))
					.map(row -> new SearchHit(row.score(), GermanText.highlight(row.title(), terms),
							items.get(row.entityId())))
					.toList(), page.first(), offset, list, all.size()));
		});
	}

	private static <T> List<T> slice(List<T> all, int offset, int limit) {
		return all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
	}

}
