package de.ozgregistry.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.database.Binds;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Ars;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

/**
 * One ranked search over OZG-Leistungen, LeiKa-Leistungen, solutions and organizations. The query is folded like
 * the index ({@link GermanText}), split into terms, each term widened by its synonyms, the last one used as a prefix
 * (type-ahead); a query that is an OZG-ID, LeiKa key, ARS or AGS also finds its record exactly. The database function
 * {@code search_entries} ranks the candidates with the weights of the table {@code search_weight} (both in
 * R__search.sql).
 */
@Repository
class Search {

	/** A matched record before it is loaded. */
	record Hit(String kind, UUID entityId, String title, double score) {
	}

	/**
	 * A page of hits with the total number of matches; {@code solutions}: the solutions among all matches (their
	 * live adoptions rank them), {@code null} if there are more than {@link #MAX_SOLUTIONS}.
	 */
	record Result(List<Hit> hits, int total, List<String> terms, Set<UUID> solutions) {
	}

	/** At most this many matched solutions are named in a result ({@link Result#solutions}). */
	static final int MAX_SOLUTIONS = 300;

	/** A facet value with its count of matches. */
	record FacetCount(String facet, String value, String label, int count) {
	}

	private record Row(Hit hit, int total, UUID[] solutions) {
	}

	private static final String ARGUMENTS = "(de_fold(:query), to_tsquery('german', :tsquery), "
			+ "to_tsquery('german', nullif(:synonyms, '')), "
			+ "array(select to_tsquery('german', t) from unnest(cast(:terms as text[])) t), "
			+ "to_tsquery('german', nullif(:any, '')), :keys, "
			+ ":kinds, :themenfeld, :land, :minMaturity, :reuseModel, :lifecycle, :openLicence)";

	private static final String FROM = "search_entries" + ARGUMENTS;

	/** The top-level rows of the grouped answer (groups, solutions, organizations), as facets count them. */
	private static final String ANSWER_ITEMS = "(select section as kind, themenfelder, land_code, maturity_level, "
			+ "reuse_model, lifecycle, open_licence from search_answer" + ARGUMENTS + " a where parent_id is null) items";

	private final DatabaseClient db;

	private final Mono<Map<String, Collection<String>>> synonyms;

	Search(DatabaseClient db) {
		this.db = db;
		this.synonyms = db.sql("select term, expansion from search_synonym")
			// keyed by the term's words as the query is split ("meister-bafog" is found as "meister bafog")
			.map(row -> Map.entry(String.join(" ", GermanText.terms(row.get("term", String.class))),
					row.get("expansion", String.class)))
			.all()
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
			.cache(map -> Duration.ofMinutes(10), error -> Duration.ZERO, () -> Duration.ZERO);
	}

	Mono<Result> search(String query, SearchFilter filter, int offset, int limit) {
		// the matched solutions in the page's first row only (the same for every row)
		return prepared(query, filter).flatMap(prepared -> prepared.spec(db, "select kind, entity_id, title, score, "
				+ "count(*) over ()::int as total, case when row_number() over (order by score desc, kind, entity_id) "
				+ "= 1 + :offset and count(*) filter (where kind = 'SOLUTION') over () <= " + MAX_SOLUTIONS + " then "
				+ "coalesce(array_agg(entity_id) filter (where kind = 'SOLUTION') over (), '{}') end as solutions "
				+ "from " + FROM + " order by score desc, kind, entity_id limit :limit offset :offset")
			.bind("limit", limit)
			.bind("offset", offset)
			.map(row -> new Row(new Hit(row.get("kind", String.class), row.get("entity_id", UUID.class),
					row.get("title", String.class), row.get("score", Float.class)), row.get("total", Integer.class),
					row.get("solutions", UUID[].class)))
			.all()
			.collectList()
			.flatMap(rows -> {
				List<Hit> hits = rows.stream().map(Row::hit).toList();
				if (!rows.isEmpty()) {
					UUID[] solutions = rows.get(0).solutions();
					return Mono.just(new Result(hits, rows.get(0).total(), prepared.terms(),
							(solutions == null) ? null : Set.copyOf(List.of(solutions))));
				}
				if (offset == 0) {
					return Mono.just(new Result(hits, 0, prepared.terms(), Set.of()));
				}
				// a page past the end: the window count is not available, count on its own (the count does not
				// depend on the ranking, so this page reads no solution's adoptions)
				return prepared.spec(db, "select count(*)::int from " + FROM)
					.map(row -> row.get(0, Integer.class))
					.one()
					.map(total -> new Result(hits, total, prepared.terms(), Set.of()));
			}));
	}

	Mono<List<FacetCount>> facets(String query, SearchFilter filter) {
		return facets(FROM, query, filter);
	}

	/** Facets of the grouped answer: they count its top-level items, each OZG-Leistung once. */
	Mono<List<FacetCount>> answerFacets(String query, SearchFilter filter) {
		return facets(ANSWER_ITEMS, query, SearchAnswer.widened(filter));
	}

	/**
	 * Counts of the hits by facet value. A Reifegrad value counts the hits at that level or above, as the filter
	 * {@code minMaturity} selects them: every count is the number of hits the filter with that value leaves.
	 */
	private Mono<List<FacetCount>> facets(String source, String query, SearchFilter filter) {
		return prepared(query, filter).flatMap(prepared -> prepared.spec(db, """
				with hits as (select * from %s)
				select 'kind' as facet, kind as value, null as label, count(*)::int as n from hits group by kind
				union all
				select 'themenfeld', t::text, (select name from themenfeld where number = t), count(*)::int
				from hits, unnest(themenfelder) t group by t
				union all
				select 'land', h.land_code, (select name from organization where kinds @> array['STATE'] and land_code = h.land_code),
				       count(*)::int from hits h where h.land_code is not null group by h.land_code
				union all
				select 'maturity', levels.level::text, null, count(*)::int
				from (select distinct maturity_level as level from hits where maturity_level is not null) levels
				join hits h on h.maturity_level >= levels.level group by levels.level
				union all
				select 'reuseModel', reuse_model, null, count(*)::int from hits where reuse_model is not null group by reuse_model
				union all
				select 'lifecycle', lifecycle, null, count(*)::int from hits where lifecycle is not null group by lifecycle
				union all
				select 'openLicence', open_licence::text, null, count(*)::int from hits where open_licence is not null
				group by open_licence
				order by 1, 4 desc, 2""".formatted(source))
			.map(row -> new FacetCount(row.get("facet", String.class), row.get("value", String.class),
					row.get("label", String.class), row.get("n", Integer.class)))
			.all()
			.collectList());
	}

	/**
	 * The grouped answer ({@code search_answer}): every row in the order to show it within its section and, for
	 * LeiKa-Leistungen, within their OZG-Leistung.
	 */
	Mono<SearchAnswer> answer(String query, SearchFilter filter) {
		return prepared(query, SearchAnswer.widened(filter)).flatMap(prepared -> prepared
			.spec(db, "select section, entity_id, parent_id, title, score, strong, section_rank, section_score "
					+ "from search_answer" + ARGUMENTS)
			.map(row -> new SearchAnswer.Row(row.get("section", String.class), row.get("entity_id", UUID.class),
					row.get("parent_id", UUID.class), row.get("title", String.class), row.get("score", Float.class),
					row.get("strong", Boolean.class), row.get("section_rank", Integer.class),
					row.get("section_score", Float.class)))
			.all()
			.collectList()
			.map(rows -> SearchAnswer.of(rows, prepared.terms())));
	}

	/** The query turned into the parameters of {@code search_entries}. */
	private record Prepared(String query, String tsquery, String synonyms, String[] termQueries, String any,
			String[] keys, SearchFilter filter, String land, List<String> terms) {

		GenericExecuteSpec spec(DatabaseClient db, String sql) {
			GenericExecuteSpec spec = db.sql(sql)
				.bind("query", query)
				.bind("tsquery", tsquery)
				.bind("synonyms", synonyms)
				.bind("terms", termQueries)
				.bind("any", any)
				.bind("keys", keys);
			SearchFilter f = (filter != null) ? filter : new SearchFilter(null, null, null, null, null, null, null);
			spec = Binds.nullable(spec, "kinds",
					(f.kinds() == null || f.kinds().isEmpty()) ? null : f.kinds().toArray(String[]::new), String[].class);
			spec = Binds.nullable(spec, "themenfeld", f.themenfeld(), Integer.class);
			spec = Binds.nullable(spec, "land", land, String.class);
			spec = Binds.nullable(spec, "minMaturity", f.minMaturity(), Integer.class);
			spec = Binds.nullable(spec, "reuseModel", f.reuseModel(), String.class);
			spec = Binds.nullable(spec, "lifecycle", f.lifecycle(), String.class);
			return Binds.nullable(spec, "openLicence", f.openLicence(), Boolean.class);
		}

	}

	private Mono<Prepared> prepared(String query, SearchFilter filter) {
		return Mono.defer(() -> {
			String text = Inputs.text(query, "query", 200, true);
			String land = (filter == null) ? null : Ars.landFilter(filter.land(), "filter.land");
			List<String> terms = GermanText.terms(text);
			String compact = text.replaceAll("\\s+", "");
			String[] keys = compact.matches("[0-9]{2}|[0-9]{5}|[0-9]{8}|[0-9]{12}|[0-9]{14}") ? new String[] { compact }
					: new String[0];
			if (terms.size() > 20) {
				return Mono.error(RegistryException.invalid("query", "max-terms", "A query may have at most 20 words."));
			}
			List<String> matched = GermanText.withoutFillerWords(terms);
			return synonyms.map(synonyms -> {
				List<String> parts = termQueries(matched, synonyms);
				return new Prepared(text, tsquery(matched, synonyms), synonymQuery(matched, synonyms),
						parts.toArray(String[]::new), (parts.size() > 1) ? String.join(" | ", parts) : "", keys, filter,
						land, highlightTerms(terms, synonyms));
			});
		});
	}

	/**
	 * A full-text query: every term must match (or one of its synonyms); the last term also as a prefix, so that
	 * typing "hundest" finds "Hundesteuer". Terms are folded to [a-z0-9], so nothing here is interpreted as query
	 * syntax. A phrase synonym (e.g. "hartz iv") widens the whole query.
	 */
	static String tsquery(List<String> terms, Map<String, Collection<String>> synonyms) {
		String query = String.join(" & ", termQueries(terms, synonyms));
		Collection<String> phraseExpansions = synonyms.getOrDefault(String.join(" ", terms), List.of());
		if (terms.size() > 1 && !phraseExpansions.isEmpty()) {
			List<String> alternatives = new ArrayList<>(List.of("(" + query + ")"));
			phraseExpansions.forEach(expansion -> alternatives.add(phrase(expansion)));
			query = String.join(" | ", alternatives);
		}
		return query;
	}

	/**
	 * One full-text query per term: the term or one of its synonyms; the last term also as a prefix, once it has
	 * three characters (shorter ones match thousands).
	 */
	static List<String> termQueries(List<String> terms, Map<String, Collection<String>> synonyms) {
		List<String> parts = new ArrayList<>();
		for (int i = 0; i < terms.size(); i++) {
			String term = terms.get(i);
			Set<String> alternatives = new LinkedHashSet<>();
			alternatives.add((i == terms.size() - 1 && term.length() >= 3) ? term + ":*" : term);
			for (String expansion : synonyms.getOrDefault(term, List.of())) {
				alternatives.add(phrase(expansion));
			}
			parts.add("(" + String.join(" | ", alternatives) + ")");
		}
		return parts;
	}

	/** The query's terms and the words its synonyms stand for: what a hit's highlight marks. */
	static List<String> highlightTerms(List<String> terms, Map<String, Collection<String>> synonyms) {
		Set<String> all = new LinkedHashSet<>(terms);
		for (String term : terms) {
			synonyms.getOrDefault(term, List.of()).forEach(expansion -> all.addAll(GermanText.terms(expansion)));
		}
		return List.copyOf(all);
	}

	/** What the synonyms of the query's terms (or of the whole query) stand for; empty if there are none. */
	static String synonymQuery(List<String> terms, Map<String, Collection<String>> synonyms) {
		Set<String> alternatives = new LinkedHashSet<>();
		for (String term : terms) {
			synonyms.getOrDefault(term, List.of()).forEach(expansion -> alternatives.add(phrase(expansion)));
		}
		synonyms.getOrDefault(String.join(" ", terms), List.of()).forEach(e -> alternatives.add(phrase(e)));
		return String.join(" | ", alternatives);
	}

	/**
	 * A synonym of several words as terms that must all match; a word of five or more letters also as the start of
	 * a compound ("abbruch" finds "Abbruchgenehmigung", "kraftfahrzeug" "Kraftfahrzeugzulassung").
	 */
	private static String phrase(String expansion) {
		List<String> words = GermanText.terms(expansion).stream().map(w -> (w.length() >= 5) ? w + ":*" : w).toList();
		return words.isEmpty() ? "x" : "(" + String.join(" & ", words) + ")";
	}

}
