package de.ozgregistry.discovery;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Java twin of the database function {@code de_fold}: lower case, umlaut transliterations and ß folded
 * ({@code Fuehrerschein} and {@code Führerschein} both become {@code fuhrerschein}), accents removed. Used to split a
 * query into the terms of a full-text query and to highlight matched words.
 */
final class GermanText {

	/**
	 * Folded words that say what a user wants to do with a Leistung, not which Leistung: "Kindergeld beantragen",
	 * "Bauantrag stellen", "Elterngeld online". A query matches without them (unless it has no other word); they
	 * still mark matched words. Verbs that name the Leistung itself (anmelden, ummelden, abmelden, melden,
	 * verlängern) are not among them: they are synonyms of the catalogue's nouns (seed-data/search/synonyms.csv).
	 */
	static final Set<String> FILLER_WORDS = Set.of("beantragen", "beantragung", "antrag", "antragen", "stellen",
			"machen", "online", "formular", "formulare", "bestellen", "bekommen", "erhalten", "holen",
			"bezahlen", "zahlen", "termin", "abgeben", "einreichen", "finden", "suchen", "wo", "wie", "was", "wann",
			"ich", "mein", "meine", "meinen", "brauche", "will", "mochte", "kann", "neu", "neue", "neuer", "neuen",
			"info", "infos", "informationen");

	private GermanText() {
	}

	/** The terms of a query without its filler words, or all of them if it has no other. */
	static List<String> withoutFillerWords(List<String> terms) {
		List<String> kept = terms.stream().filter(term -> !FILLER_WORDS.contains(term)).toList();
		return kept.isEmpty() ? terms : kept;
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
