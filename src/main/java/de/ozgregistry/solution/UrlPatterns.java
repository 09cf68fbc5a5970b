package de.ozgregistry.solution;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;

/**
 * The URL patterns of solutions ({@code host[/path-prefix]}) and the one rule that matches a URL to them: the
 * Open-PVOG import infers from the address PVOG links for an Onlinedienst which solution runs it. A pattern matches a
 * URL whose host is the pattern's host or a subdomain of it, and whose path starts with the pattern's path (whole
 * segments; host and path compared ignoring case). Of several matching patterns the most specific wins: the longest
 * host, then the longest path. Two solutions matching equally are ambiguous: nothing is inferred.
 */
public final class UrlPatterns {

	/** Patterns per solution. */
	static final int MAX = 20;

	private static final int MAX_LENGTH = 200;

	private static final String FIELD = "input.urlPatterns";

	private static final Pattern HOST = Pattern
		.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+");

	private UrlPatterns() {
	}

	/**
	 * The patterns as stored: each {@code host[/path-prefix]} with a lower-case host (at least two labels), no scheme,
	 * port, query or fragment, a trailing slash dropped; duplicates once. Anything else fails with
	 * {@code VALIDATION_FAILED} on {@code input.urlPatterns} saying what to change.
	 */
	static List<String> validated(List<String> value) {
		List<String> patterns = new ArrayList<>();
		for (String given : Inputs.list(value, FIELD, MAX)) {
			String pattern = validated(Inputs.line(given, FIELD, MAX_LENGTH, true));
			if (!patterns.contains(pattern)) {
				patterns.add(pattern);
			}
		}
		return patterns;
	}

	private static String validated(String pattern) {
		if (pattern.contains("://")) {
			throw invalid(pattern, "is written without its scheme: leave out http:// or https://");
		}
		if (pattern.contains("?") || pattern.contains("#")) {
			throw invalid(pattern, "has a query or fragment: a pattern is a host and a path prefix only");
		}
		if (pattern.chars().anyMatch(Character::isWhitespace)) {
			throw invalid(pattern, "contains a space");
		}
		int slash = pattern.indexOf('/');
		String host = (slash < 0) ? pattern : pattern.substring(0, slash);
		String path = (slash < 0) ? "" : pattern.substring(slash).replaceAll("/+$", "");
		if (host.contains(":")) {
			throw invalid(pattern, "names a port: give the host alone");
		}
		if (!host.equals(host.toLowerCase(Locale.ROOT))) {
			throw invalid(pattern, "has capitals in its host: write the host in lower case ("
					+ host.toLowerCase(Locale.ROOT) + ")");
		}
		if (!HOST.matcher(host).matches()) {
			throw invalid(pattern, "does not start with a host name such as civento.ekom21.de");
		}
		if (path.contains("//")) {
			throw invalid(pattern, "has an empty path segment");
		}
		return host + path;
	}

	private static RegistryException invalid(String pattern, String problem) {
		return RegistryException.invalid(FIELD, "url-pattern", "The URL pattern '" + pattern + "' " + problem
				+ "; a pattern is host[/path-prefix], e.g. service.example.de/kfz.");
	}

	/** The host (lower case, without port) and path of an http(s) URL, as patterns are matched against them. */
	public record Address(String host, String path) {

		/** The address of a URL (a missing scheme is taken as https), or null if it is none. */
		public static Address of(String url) {
			if (url == null || url.isBlank()) {
				return null;
			}
			String text = url.strip();
			if (!text.contains("://")) {
				// a host and path as people write them, not another scheme (mailto:) or a user name
				if (!text.matches("[A-Za-z0-9.-]+([/?#].*)?")) {
					return null;
				}
				text = "https://" + text;
			}
			try {
				URI uri = new URI(text);
				String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
				String host = uri.getHost();
				if (!(scheme.equals("http") || scheme.equals("https")) || host == null) {
					return null;
				}
				host = host.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
				String path = (uri.getRawPath() == null) ? "" : uri.getRawPath();
				return new Address(host, path);
			}
			catch (URISyntaxException ex) {
				return null;
			}
		}

	}

	/**
	 * The solutions whose patterns match the address best, with the pattern that does: empty if none matches, one
	 * solution if it is clear, several if they match equally (ambiguous).
	 */
	public record Match(List<Solution> solutions, String pattern) {

		public boolean isUnique() {
			return solutions.size() == 1;
		}

	}

	/** The best match of the address among the solutions' patterns (see the class). */
	public static Match best(Address address, Collection<Solution> candidates) {
		List<Solution> best = new ArrayList<>();
		String bestPattern = null;
		int bestHost = -1;
		int bestPath = -1;
		for (Solution solution : candidates) {
			String matched = null;
			int matchedHost = -1;
			int matchedPath = -1;
			for (String pattern : solution.urlPatterns()) {
				int slash = pattern.indexOf('/');
				String host = (slash < 0) ? pattern : pattern.substring(0, slash);
				String path = (slash < 0) ? "" : pattern.substring(slash);
				if (!matchesHost(address.host(), host) || !matchesPath(address.path(), path)) {
					continue;
				}
				if (host.length() > matchedHost || (host.length() == matchedHost && path.length() > matchedPath)) {
					matched = pattern;
					matchedHost = host.length();
					matchedPath = path.length();
				}
			}
			if (matched == null) {
				continue;
			}
			int order = (matchedHost != bestHost) ? Integer.compare(matchedHost, bestHost)
					: Integer.compare(matchedPath, bestPath);
			if (order > 0) {
				best.clear();
				bestPattern = matched;
				bestHost = matchedHost;
				bestPath = matchedPath;
			}
			if (order >= 0) {
				best.add(solution);
			}
		}
		return new Match(List.copyOf(best), bestPattern);
	}

	private static boolean matchesHost(String host, String patternHost) {
		return host.equals(patternHost) || host.endsWith("." + patternHost);
	}

	private static boolean matchesPath(String path, String prefix) {
		if (prefix.isEmpty()) {
			return true;
		}
		String lower = path.toLowerCase(Locale.ROOT);
		String wanted = prefix.toLowerCase(Locale.ROOT);
		return lower.equals(wanted) || lower.startsWith(wanted + "/");
	}

}
