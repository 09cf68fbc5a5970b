package de.ozgregistry.graphql;

import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.http.HttpHeaders;

/**
 * The one answer to "which credential does this GraphQL request carry": its {@code Authorization} header, or, over
 * WebSocket, the credential of the connection's {@code connection_init} (as {@code Bearer <token>}, stored in the
 * session by {@code security.Authentication}). Authentication, the response cache (anonymous requests only) and the
 * work budget (per credential) all ask here, so a connection authenticated by its {@code connection_init} is never
 * taken for an anonymous one.
 */
public final class Credentials {

	/** The session attribute with the {@code Authorization} value of a WebSocket connection's connection_init. */
	public static final String CONNECTION_INIT = Credentials.class.getName() + ".connectionInit";

	private Credentials() {
	}

	/** The request's {@code Authorization} value, or {@code null} when it has no credential. */
	public static String authorization(WebGraphQlRequest request) {
		String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header == null && request instanceof WebSocketGraphQlRequest socket
				&& socket.getSessionInfo().getAttributes().get(CONNECTION_INIT) instanceof String initial) {
			return initial;
		}
		return header;
	}

}
