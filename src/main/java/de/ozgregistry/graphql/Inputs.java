package de.ozgregistry.graphql;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.graphql.data.ArgumentValue;

/**
 * Validation of input values. Every failure names the offending input field and rule, so that clients can show it
 * next to the right form field ({@code VALIDATION_FAILED} with {@code extensions.field}).
 */
public final class Inputs {

	/**
	 * The value of a field after a partial update: {@code current} if the change omits the field, otherwise the given
	 * value ({@code null} included) checked by {@code rule}.
	 */
	public static <T, R> R changed(ArgumentValue<T> change, R current, Function<? super T, ? extends R> rule) {
		return change.isOmitted() ? current : rule.apply(change.value());
	}

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");

	private Inputs() {
	}

	/** A global ID. */
	public static UUID id(String value, String field) {
		if (value == null) {
			throw RegistryException.invalid(field, "required", field + " is required.");
		}
		try {
			if (value.length() == 36) {
				return UUID.fromString(value);
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw RegistryException.invalid(field, "id", field + " is not an ID of this registry (a UUID).");
	}

	/** An optional global ID. */
	public static UUID optionalId(String value, String field) {
		return (value == null) ? null : id(value, field);
	}

	/**
	 * A text of at most {@code max} characters (code points) that is valid Unicode and holds no control characters
	 * other than line breaks and tabs, and no bidirectional embedding, override or isolate controls. Blank required
	 * texts fail; optional blank texts become {@code null}.
	 */
	public static String text(String value, String field, int max, boolean required) {
		return text(value, field, max, required, false);
	}

	/**
	 * A single-line text (a name, summary, label, version or filter): like {@link #text} and without line breaks
	 * or tabs.
	 */
	public static String line(String value, String field, int max, boolean required) {
		return text(value, field, max, required, true);
	}

	private static String text(String value, String field, int max, boolean required, boolean singleLine) {
		if (value == null || value.isBlank()) {
			if (required) {
				throw RegistryException.invalid(field, "required", field + " must not be empty.");
			}
			return null;
		}
		String text = value.strip();
		requireClean(text, field);
		if (singleLine && text.chars().anyMatch(Inputs::isLineBreakOrTab)) {
			throw RegistryException.invalid(field, "single-line", field + " must be a single line (no line breaks or tabs).");
		}
		if (text.codePointCount(0, text.length()) > max) {
			throw RegistryException.invalid(field, "max-length", field + " may have at most " + max + " characters.");
		}
		return text;
	}

	/**
	 * Checks every text in an argument value (at any depth of input objects and lists) with {@link #requireClean};
	 * {@code field} is its path as in {@code extensions.field}.
	 */
	public static void requireCleanAll(Object value, String field) {
		if (value instanceof String text) {
			requireClean(text, field);
		}
		else if (value instanceof java.util.Map<?, ?> map) {
			map.forEach((key, nested) -> requireCleanAll(nested, field + "." + key));
		}
		else if (value instanceof Iterable<?> list) {
			list.forEach(nested -> requireCleanAll(nested, field));
		}
	}

	/**
	 * The rule every text argument of the API obeys, checked for each one at the API's boundary as well: valid
	 * Unicode (no lone surrogates), no control characters other than line feed, carriage return and tab (so no NUL,
	 * which PostgreSQL cannot store), and no bidirectional embedding, override or isolate controls (U+202A–U+202E,
	 * U+2066–U+2069), which make a name display as something else. The marks U+200E, U+200F and U+061C stay
	 * allowed: they only set the direction of neutral characters next to them and belong in Arabic and Hebrew names.
	 */
	public static void requireClean(String text, String field) {
		String problem = problemOf(text);
		if (problem != null) {
			throw RegistryException.invalid(field, "unicode", field + " " + problem + ".");
		}
	}

	/** What breaks the rule of {@link #requireClean}, or {@code null}. */
	static String problemOf(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return "is not valid Unicode text";
			}
			else if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
				return "contains control characters";
			}
			else if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
				return "contains bidirectional override, embedding or isolate controls";
			}
		}
		return null;
	}

	private static boolean isLineBreakOrTab(int c) {
		return c == '\n' || c == '\r' || c == '\t' || c == '\u000B' || c == '\u000C' || c == '\u0085'
				|| c == '\u2028' || c == '\u2029';
	}

	/** An optional http(s) URL of at most 500 characters. */
	public static String url(String value, String field) {
		String text = text(value, field, 500, false);
		if (text == null) {
			return null;
		}
		if (isHttpUrl(text)) {
			return text;
		}
		throw RegistryException.invalid(field, "url", field + " must be an http or https URL.");
	}

	/** Whether the text is an absolute http or https URL with a host (its form only: it is never fetched). */
	public static boolean isHttpUrl(String text) {
		try {
			URI uri = new URI(text);
			String scheme = uri.getScheme();
			return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/** An optional e-mail address (a role mailbox). */
	public static String email(String value, String field) {
		String text = text(value, field, 254, false);
		if (text != null && !EMAIL.matcher(text).matches()) {
			throw RegistryException.invalid(field, "email", field + " must be an e-mail address.");
		}
		return text;
	}

	/** A list of at most {@code max} entries, or an empty list for {@code null}. */
	public static <T> List<T> list(List<T> value, String field, int max) {
		if (value == null) {
			return List.of();
		}
		if (value.size() > max) {
			throw RegistryException.invalid(field, "max-items", field + " may have at most " + max + " entries.");
		}
		return value;
	}

}
