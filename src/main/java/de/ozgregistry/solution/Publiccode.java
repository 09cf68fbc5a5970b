package de.ozgregistry.solution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one mapping between a solution and a {@code publiccode.yml}, shared by the export ({@link PubliccodeExport})
 * and the import ({@link PubliccodeImport}): the lifecycle as {@code developmentStatus} in both directions, and the
 * conventions by which the export fills keys the registry has no value for, which the import reads back as "no value".
 */
final class Publiccode {

	/** The standard's {@code developmentStatus} of each lifecycle; one to one, so the import reads it backwards. */
	static final Map<String, String> DEVELOPMENT_STATUS;

	/** The lifecycle of each {@code developmentStatus}: the inverse of {@link #DEVELOPMENT_STATUS}. */
	static final Map<String, String> LIFECYCLE;

	static {
		Map<String, String> status = new LinkedHashMap<>();
		status.put("PLANNED", "concept");
		status.put("IN_DEVELOPMENT", "development");
		status.put("PILOT", "beta");
		status.put("PRODUCTION", "stable");
		status.put("RETIRED", "obsolete");
		DEVELOPMENT_STATUS = java.util.Collections.unmodifiableMap(status);
		Map<String, String> lifecycle = new LinkedHashMap<>();
		status.forEach((key, value) -> lifecycle.put(value, key));
		LIFECYCLE = java.util.Collections.unmodifiableMap(lifecycle);
	}

	/** The standard's limit of a short description. */
	static final int SHORT_DESCRIPTION = 150;

	private Publiccode() {
	}

	/** The {@code shortDescription} of a summary: the summary, cut at the standard's limit with an ellipsis. */
	static String shortDescription(String summary) {
		return summary.length() <= SHORT_DESCRIPTION ? summary
				: summary.substring(0, SHORT_DESCRIPTION - 1).strip() + "…";
	}

	/** The {@code longDescription}: the description, or the summary where the solution has none. */
	static String longDescription(String summary, String description) {
		return description != null ? description : summary;
	}

	/** The {@code url}: the repository, or the landing page where the registry knows no repository. */
	static String url(String repositoryUrl, String landingUrl) {
		return repositoryUrl != null ? repositoryUrl : landingUrl;
	}

	/** The repository URL a file's {@code url} stands for: none if it is the landing page (see {@link #url}). */
	static String repositoryUrl(String url, String landingUrl) {
		return Objects.equals(url, landingUrl) ? null : url;
	}

	/** Whether a file's short description is what the export writes for this summary (or the summary itself). */
	static boolean sameSummary(String shortDescription, String summary) {
		return shortDescription.equals(summary) || shortDescription.equals(shortDescription(summary));
	}

	/** Whether a file's long description is what the export writes for this summary and description. */
	static boolean sameDescription(String longDescription, String summary, String description) {
		return longDescription.equals(longDescription(summary, description));
	}

	/** A feature that names an OZG-Leistung, as the export writes it: its OZG-ID, a space, its catalogue name. */
	static String feature(int ozgId, String name) {
		return ozgId + " " + name;
	}

}
