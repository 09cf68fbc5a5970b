package de.ozgregistry.imports;

import java.util.List;

/**
 * What an import did or would do, row by row. An import applies a file all or nothing: if one row is refused,
 * nothing of the file is written ({@code applied} false), so the file can be corrected and given again. Every import
 * (adoptions, publiccode.yml, Open-PVOG, catalogue) reports in this one shape; {@code notes} are what the import
 * noticed about the file as a whole and did not refuse it for (keys it ignores, for example).
 */
public record ImportReport(String fileName, String sha256, boolean dryRun, boolean applied, String format,
		String encoding, String separator, List<String> unreadColumns, List<String> notes, List<ImportRow> rows) {

	/** What happens to one row. */
	public enum Outcome {
		CREATE, CHANGE, UNCHANGED, REFUSED
	}

	/**
	 * One row of the file (or one record of it): its line, what happens to it and why, and the records it names
	 * where they were found.
	 */
	public record ImportRow(int line, Outcome outcome, String message, String status, String organizationId,
			String organizationName, String solutionId, String solutionName, String adoptionId, Integer ozgId,
			String ozgServiceName) {
	}

	/** The rows with this outcome (all if null), at most {@code first}. */
	public List<ImportRow> rows(Outcome outcome, int first) {
		return rows.stream().filter(row -> outcome == null || row.outcome() == outcome).limit(first).toList();
	}

	public int created() {
		return count(Outcome.CREATE);
	}

	public int changed() {
		return count(Outcome.CHANGE);
	}

	public int unchanged() {
		return count(Outcome.UNCHANGED);
	}

	public int refused() {
		return count(Outcome.REFUSED);
	}

	private int count(Outcome outcome) {
		return (int) rows.stream().filter(row -> row.outcome() == outcome).count();
	}

}
