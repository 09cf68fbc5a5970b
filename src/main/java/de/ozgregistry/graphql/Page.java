package de.ozgregistry.graphql;

/**
 * A validated page request: how many items ({@code first}, 1–100) after which cursor.
 *
 * @param first number of items wanted
 * @param after position after which the page starts, or {@code null} for the first page
 */
public record Page(int first, Cursor after) {

	public static final int MAX_FIRST = 100;

	public static final int DEFAULT_FIRST = 20;

	/**
	 * The most rows of an import's report one answer lists ({@code ImportReport.rows(first:)}, default 1,000): a larger
	 * report is read by outcome.
	 */
	public static final int MAX_REPORT_ROWS = 5_000;

	/** The largest position in a list paged by position; no ranked list of the registry comes near it. */
	public static final int MAX_OFFSET = 10_000_000;

	/** Validates {@code first} and decodes {@code after}. */
	public static Page of(Integer first, String after) {
		int size = (first == null) ? DEFAULT_FIRST : first;
		if (size < 1 || size > MAX_FIRST) {
			throw RegistryException.invalid("first", "range",
					"first must be between 1 and " + MAX_FIRST + ", was " + size + ".");
		}
		return new Page(size, (after == null || after.isEmpty()) ? null : Cursor.decode(after, "after"));
	}

	/** Number of rows to fetch: one more than wanted, to tell whether a next page exists. */
	public int limit() {
		return first + 1;
	}

	/**
	 * The position this page starts at in the ranked list {@code list}, paged by position (see
	 * {@link Connection#atOffset}): 0 for the first page. A cursor of another list, or a position that is not a
	 * number from 0 to {@value #MAX_OFFSET}, fails with {@code VALIDATION_FAILED} on {@code after}.
	 */
	public int offset(String list) {
		if (after == null) {
			return 0;
		}
		if (after.id().equals(list) && after.sortKey().matches("[0-9]{1,8}")) {
			int offset = Integer.parseInt(after.sortKey());
			if (offset <= MAX_OFFSET) {
				return offset;
			}
		}
		throw Cursor.invalid("after");
	}

}
