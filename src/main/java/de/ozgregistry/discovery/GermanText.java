package de.ozgregistry.discovery;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Java twin of the database function {@code de_fold}: lower case, umlaut transliterations and ß folded
 * ({@code Fuehrerschein} and {@code Führerschein} both become {@code fuhrerschein}), accents removed. Used to split a
 * query into the terms of a full-text query and to highlight matched words.
 */
final class GermanText {

	private GermanText() {
	}

	static String fold(String text) {
		String lower = text.toLowerCase(Locale.GERMAN)
			.replace("ae", "a")
			.replace("oe", "o")
			.replace("ue", "u")
			.replace("ß", "ss");
		return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
	}

	/** The folded words of a text: runs of letters and digits. */
	static List<String> terms(String text) {
		List<String> terms = new ArrayList<>();
		for (String part : fold(text).split("[^\\p{L}\\p{N}]+")) {
			String term = part.replaceAll("[^a-z0-9]", "");
			if (!term.isEmpty()) {
				terms.add(term);
			}
		}
		return terms;
	}

	/**
	 * The text, HTML-escaped, with every word that contains or starts a query term wrapped in {@code <em>}.
	 */
	static String highlight(String text, List<String> queryTerms) {
		StringBuilder result = new StringBuilder();
		StringBuilder word = new StringBuilder();
		for (int i = 0; i <= text.length(); i++) {
			char c = (i < text.length()) ? text.charAt(i) : ' ';
			if (Character.isLetterOrDigit(c)) {
				word.append(c);
				continue;
			}
			if (word.length() > 0) {
				String folded = fold(word.toString());
				boolean matched = queryTerms.stream().anyMatch(t -> t.length() >= 3 ? folded.contains(t) : folded.startsWith(t));
				result.append(matched ? "<em>" : "").append(escape(word.toString())).append(matched ? "</em>" : "");
				word.setLength(0);
			}
			if (i < text.length()) {
				result.append(escape(String.valueOf(c)));
			}
		}
		return result.toString();
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
