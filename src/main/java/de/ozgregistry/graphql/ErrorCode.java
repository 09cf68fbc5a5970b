package de.ozgregistry.graphql;

import graphql.ErrorClassification;

/** The documented set of {@code extensions.code} values; every GraphQL error carries one of them. */
public enum ErrorCode implements ErrorClassification {

	/** No or no valid credentials where a write needs them. */
	UNAUTHENTICATED,
	/** Authenticated, but not allowed to do this. */
	FORBIDDEN,
	/** An input value (or the query document) breaks a rule; {@code extensions.field} names the value. */
	VALIDATION_FAILED,
	/** A mutation references something that does not exist. */
	NOT_FOUND,
	/** The change conflicts with the current state (stale version, duplicate). */
	CONFLICT,
	/**
	 * The record belongs to another registry node of the federation (its one writer); {@code extensions.ownerNode}
	 * and {@code extensions.ownerUrl} name it where known. Nothing was changed.
	 */
	NOT_AUTHORITATIVE,
	/** The query exceeds a depth, complexity or size limit. */
	QUERY_TOO_COMPLEX,
	/**
	 * An automatic persisted query's hash is not registered (message {@code PersistedQueryNotFound}, as Apollo's
	 * protocol has it): send the query again together with its hash.
	 */
	PERSISTED_QUERY_NOT_FOUND,
	/** Too many requests; retry later. */
	RATE_LIMITED,
	/** The database cannot be reached right now (HTTP 503 with {@code Retry-After}); retry in a few seconds. */
	UNAVAILABLE,
	/** A subscriber fell too far behind the changes it subscribed to; its subscription was ended. */
	SUBSCRIBER_TOO_SLOW,
	/**
	 * The HTTP request is not a GraphQL request the registry reads: the body is not JSON or not a JSON object, a
	 * parameter has the wrong JSON type ({@code variables} must be an object), the {@code Content-Type} is not
	 * {@code application/json}, the body is compressed ({@code Content-Encoding}), or no {@code Accept}ed response
	 * type is one the registry sends; the HTTP status (400, 406, 415) tells which.
	 */
	BAD_REQUEST,
	/**
	 * The operation cannot run over this transport: a subscription needs WebSocket ({@code graphql-transport-ws}) or
	 * Server-Sent Events ({@code Accept: text/event-stream}), not a plain JSON response.
	 */
	OPERATION_NOT_SUPPORTED,
	/** An unexpected failure on the server; nothing about it is disclosed. */
	INTERNAL

}
