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
	/** An unexpected failure on the server; nothing about it is disclosed. */
	INTERNAL

}
