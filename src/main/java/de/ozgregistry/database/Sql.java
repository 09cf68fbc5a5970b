package de.ozgregistry.database;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A WHERE clause assembled from fixed SQL fragments and named bind values: user input only ever travels as a bind
 * value, never as SQL text.
 */
public final class Sql {

	private final List<String> conditions = new ArrayList<>();

	private final Map<String, Object> binds = new LinkedHashMap<>();

	/** Adds {@code condition} (fixed SQL with {@code :name} placeholders) if {@code value} is not null. */
	public Sql and(String condition, String name, Object value) {
		if (value != null) {
			conditions.add(condition);
			binds.put(name, value);
		}
		return this;
	}

	/** Adds a fixed condition with several bind values. */
	public Sql and(String condition, Map<String, Object> values) {
		conditions.add(condition);
		binds.putAll(values);
		return this;
	}

	/** {@code "where a and b"}, or an empty string. */
	public String where() {
		return conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions);
	}

	/** {@code "and a and b"}, to extend an existing WHERE clause, or an empty string. */
	public String andWhere() {
		return conditions.isEmpty() ? "" : "and " + String.join(" and ", conditions);
	}

	public DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec) {
		for (Map.Entry<String, Object> bind : binds.entrySet()) {
			spec = spec.bind(bind.getKey(), bind.getValue());
		}
		return spec;
	}

	/** A LIKE pattern matching {@code text} anywhere, with LIKE's wildcards in the text escaped. */
	public static String containsPattern(String text) {
		return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

}
