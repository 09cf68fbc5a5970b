package de.ozgregistry.graphql;

import java.util.List;
import java.util.function.Function;

/**
 * A Relay connection: one page of items, its paging information and the total number of matching items.
 *
 * @param edges the items of this page with their cursors
 * @param pageInfo paging information
 * @param totalCount number of matching items across all pages, or {@code null} when it was not asked for
 * @param <T> the item type
 */
public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo, Integer totalCount) {

	/** An item with its cursor. */
	public record Edge<T>(String cursor, T node) {
	}

	/** Relay page information; lists are paged forward only. */
	public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
	}

	/**
	 * Builds a page from up to {@code first + 1} fetched rows: the extra row only tells that a next page exists.
	 */
	public static <T> Connection<T> of(List<T> rows, int first, Function<T, Cursor> cursorOf, Integer totalCount) {
		boolean hasNext = rows.size() > first;
		List<T> page = hasNext ? rows.subList(0, first) : rows;
		List<Edge<T>> edges = page.stream().map(row -> new Edge<>(cursorOf.apply(row).encode(), row)).toList();
		String start = edges.isEmpty() ? null : edges.get(0).cursor();
		String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
		return new Connection<>(edges, new PageInfo(hasNext, false, start, end), totalCount);
	}

	/**
	 * Builds a page of a ranked list paged by position: {@code rows} start at {@code offset} and hold up to
	 * {@code first + 1} items; the cursor of an item is its position.
	 */
	public static <T> Connection<T> atOffset(List<T> rows, int first, int offset, String list, Integer totalCount) {
		boolean hasNext = rows.size() > first;
		List<T> page = hasNext ? rows.subList(0, first) : rows;
		List<Edge<T>> edges = new java.util.ArrayList<>();
		for (int i = 0; i < page.size(); i++) {
			edges.add(new Edge<>(new Cursor(Integer.toString(offset + i + 1), list).encode(), page.get(i)));
		}
		String start = edges.isEmpty() ? null : edges.get(0).cursor();
		String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
		return new Connection<>(edges, new PageInfo(hasNext, false, start, end), totalCount);
	}

	public static <T> Connection<T> empty() {
		return new Connection<>(List.of(), new PageInfo(false, false, null, null), 0);
	}

}
