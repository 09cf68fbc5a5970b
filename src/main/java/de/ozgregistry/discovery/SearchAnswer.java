package de.ozgregistry.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The grouped answer of a search as the database function {@code search_answer} ranked it (R__search.sql):
 * the OZG-Leistungen found by themselves or by their LeiKa-Leistungen, the LeiKa-Leistungen folded under each,
 * the solutions and the organizations, each list in the order to show it. Paging takes slices of these lists, so
 * that every count is exactly what the pages can show.
 *
 * @param groups the OZG-Leistungen, best first
 * @param lines the matching LeiKa-Leistungen of each OZG-Leistung (keyed by its ID), best first
 * @param solutions the solutions found by name or description, best first
 * @param organizations the organizations found by name or key, best first
 * @param sectionOrder the sections ({@code OZG_SERVICE}, {@code SOLUTION}, {@code ORGANIZATION}) that have rows, in
 * the order {@code search_answer} ranks them
 * @param terms the query's words and synonyms, for highlighting
 */
record SearchAnswer(List<Row> groups, Map<UUID, List<Row>> lines, List<Row> solutions, List<Row> organizations,
		List<String> sectionOrder, List<String> terms) {

	/** A row of {@code search_answer}. */
	record Row(String section, UUID entityId, UUID parentId, String title, double score, boolean strong,
			int sectionRank, double sectionScore) {
	}

	static final String GROUPS = "OZG_SERVICE";

	static final String LINES = "LEIKA_SERVICE";

	static SearchAnswer of(List<Row> rows, List<String> terms) {
		List<Row> groups = new ArrayList<>();
		Map<UUID, List<Row>> lines = new LinkedHashMap<>();
		List<Row> solutions = new ArrayList<>();
		List<Row> organizations = new ArrayList<>();
		for (Row row : rows) {
			switch (row.section()) {
				case GROUPS -> groups.add(row);
				case LINES -> lines.computeIfAbsent(row.parentId(), id -> new ArrayList<>()).add(row);
				case "SOLUTION" -> solutions.add(row);
				default -> organizations.add(row);
			}
		}
		List<Row> firsts = new ArrayList<>();
		for (List<Row> section : List.of(groups, solutions, organizations)) {
			if (!section.isEmpty()) {
				firsts.add(section.get(0));
			}
		}
		// the order search_answer gives the sections; stable: on equal rank and score the OZG-Leistungen first
		firsts.sort(Comparator.comparingInt(Row::sectionRank)
			.thenComparing(Comparator.comparingDouble(Row::sectionScore).reversed()));
		return new SearchAnswer(groups, lines, solutions, organizations,
				firsts.stream().map(Row::section).toList(), terms);
	}

	List<Row> linesOf(UUID groupId) {
		return lines.getOrDefault(groupId, List.of());
	}

	/**
	 * The filter as the answer applies it: the OZG-Leistungen section includes the LeiKa-Leistungen folded under
	 * them, so asking for OZG-Leistungen also searches LeiKa-Leistungen.
	 */
	static SearchFilter widened(SearchFilter filter) {
		if (filter == null || filter.kinds() == null || !filter.kinds().contains(GROUPS)
				|| filter.kinds().contains(LINES)) {
			return filter;
		}
		List<String> kinds = new ArrayList<>(filter.kinds());
		kinds.add(LINES);
		return new SearchFilter(kinds, filter.themenfeld(), filter.land(), filter.minMaturity(), filter.reuseModel(),
				filter.lifecycle(), filter.openLicence());
	}

}
