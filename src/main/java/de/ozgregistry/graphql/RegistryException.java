package de.ozgregistry.graphql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure a client must see, with its {@link ErrorCode} and a message a person understands.
 * Thrown (or emitted) by feature logic; {@link GraphQlErrors} turns it into a GraphQL error.
 */
public class RegistryException extends RuntimeException {

	private final ErrorCode code;

	private final Map<String, Object> extensions;

	public RegistryException(ErrorCode code, String message) {
		this(code, message, Map.of());
	}

	public RegistryException(ErrorCode code, String message, Map<String, Object> extensions) {
		super(message, null, false, false);
		this.code = code;
		this.extensions = extensions;
	}

	public ErrorCode code() {
		return code;
	}

	/** {@code extensions} of the GraphQL error: the code first, then the details. */
	public Map<String, Object> extensions() {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("code", code.name());
		all.putAll(extensions);
		return all;
	}

	/** An input value broke a rule. */
	public static RegistryException invalid(String field, String rule, String message) {
		return new RegistryException(ErrorCode.VALIDATION_FAILED, message, Map.of("field", field, "rule", rule));
	}

	/** A referenced record does not exist. */
	public static RegistryException notFound(String field, String message) {
		return new RegistryException(ErrorCode.NOT_FOUND, message, Map.of("field", field));
	}

	/** The change conflicts with the current state. */
	public static RegistryException conflict(String message) {
		return new RegistryException(ErrorCode.CONFLICT, message);
	}

}
