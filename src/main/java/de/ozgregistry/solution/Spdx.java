package de.ozgregistry.solution;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a text is a well-formed SPDX license expression (SPDX 2.3, Annex D): license IDs and
 * {@code LicenseRef-}s combined with {@code AND}, {@code OR}, {@code WITH} and parentheses. Whether an ID is on the
 * SPDX list is not checked: new licences appear, and the registry must not reject them.
 */
final class Spdx {

	private static final Pattern TOKEN = Pattern
		.compile("\\s*(\\(|\\)|(?:DocumentRef-[A-Za-z0-9.\\-]+:)?[A-Za-z0-9.\\-]+\\+?)");

	private Spdx() {
	}

	static boolean isWellFormed(String expression) {
		List<String> tokens = new ArrayList<>();
		Matcher matcher = TOKEN.matcher(expression);
		int position = 0;
		while (position < expression.length()) {
			if (!matcher.find(position) || matcher.start() != position) {
				return expression.substring(position).isBlank() && !tokens.isEmpty() && parse(tokens);
			}
			tokens.add(matcher.group(1));
			position = matcher.end();
		}
		return !tokens.isEmpty() && parse(tokens);
	}

	/**
	 * The licence IDs a well-formed expression names, in order, without the exceptions after {@code WITH}:
	 * {@code (MIT OR Apache-2.0)} gives MIT and Apache-2.0, {@code GPL-2.0-or-later WITH Classpath-exception-2.0}
	 * gives GPL-2.0-or-later.
	 */
	static List<String> licenceIds(String expression) {
		List<String> ids = new ArrayList<>();
		Matcher matcher = TOKEN.matcher(expression);
		boolean exception = false;
		while (matcher.find()) {
			String token = matcher.group(1);
			if (isOperator(token, "WITH")) {
				exception = true;
			}
			else if (isIdentifier(token)) {
				if (!exception && !ids.contains(token)) {
					ids.add(token);
				}
				exception = false;
			}
		}
		return ids;
	}

	private static boolean parse(List<String> tokens) {
		int[] at = { 0 };
		return expression(tokens, at) && at[0] == tokens.size();
	}

	private static boolean expression(List<String> tokens, int[] at) {
		if (!term(tokens, at)) {
			return false;
		}
		while (at[0] < tokens.size() && isOperator(tokens.get(at[0]), "AND", "OR")) {
			at[0]++;
			if (!term(tokens, at)) {
				return false;
			}
		}
		return true;
	}

	private static boolean term(List<String> tokens, int[] at) {
		if (at[0] >= tokens.size()) {
			return false;
		}
		String token = tokens.get(at[0]++);
		if (token.equals("(")) {
			if (!expression(tokens, at) || at[0] >= tokens.size() || !tokens.get(at[0]).equals(")")) {
				return false;
			}
			at[0]++;
			return true;
		}
		if (!isIdentifier(token)) {
			return false;
		}
		if (at[0] < tokens.size() && isOperator(tokens.get(at[0]), "WITH")) {
			at[0]++;
			return at[0] < tokens.size() && isIdentifier(tokens.get(at[0]++));
		}
		return true;
	}

	private static boolean isOperator(String token, String... operators) {
		for (String operator : operators) {
			if (token.equals(operator) || token.equals(operator.toLowerCase(java.util.Locale.ROOT))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isIdentifier(String token) {
		return !token.equals("(") && !token.equals(")") && !isOperator(token, "AND", "OR", "WITH");
	}

}
