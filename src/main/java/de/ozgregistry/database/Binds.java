package de.ozgregistry.database;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/** Binding of optional values, which R2DBC needs typed when they are {@code null}. */
public final class Binds {

	private Binds() {
	}

	public static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

}
