package de.ozgregistry.graphql;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Abuse limits of the GraphQL endpoint (the page size limit, 100, is part of the schema contract).
 *
 * @param maxDepth maximum nesting depth of data fields (fields on the longest path)
 * @param maxComplexity maximum cost of one request: every field costs 1, and a list multiplies the cost of one item
 * by its length ({@link ListSizes}); estimated before the query runs and counted again while it runs
 * @param maxDocumentLength maximum length of the query document in characters
 * @param maxOperations maximum number of operations in one document
 * @param requestTimeout maximum time for one request
 * @param requestsPerMinutePerAddress requests a client address may make per minute
 * @param requestsPerMinutePerToken requests a credential may make per minute
 * @param maxResponseRows maximum number of list items in one response, estimated before and counted while running
 * @param maxResponseBytes maximum size of one serialized response
 * @param maxErrors errors returned in one response; the rest are summed up in one more error
 * @param workPerMinutePerAddress cost units a client address may spend per minute
 * @param workPerMinutePerToken cost units a credential may spend per minute
 * @param importTimeout maximum time for a request of imports only (a mutation whose fields are all
 * {@code import...}): a file of thousands of rows takes longer than a query
 * @param maxRequestSize largest request body without a token
 * @param maxImportSize largest request body with a token (an import's file, base64-encoded)
 * @param maxIntrospectionDepth maximum nesting depth below {@code __schema} and {@code __type}: the standard
 * introspection query of graphql-js 16 needs 15 (its type references nest nine {@code ofType}); introspection is
 * answered from memory and asks for each of its lists once (graphql-java's good-faith check), so it is priced by its
 * fields like data but not held to the depth of data
 */
@ConfigurationProperties("ozg.limits")
public record LimitProperties(@DefaultValue("12") int maxDepth, @DefaultValue("50000") int maxComplexity,
		@DefaultValue("20000") int maxDocumentLength, @DefaultValue("10") int maxOperations,
		@DefaultValue("10s") Duration requestTimeout, @DefaultValue("600") int requestsPerMinutePerAddress,
		@DefaultValue("1200") int requestsPerMinutePerToken, @DefaultValue("25000") int maxResponseRows,
		@DefaultValue("5MB") DataSize maxResponseBytes, @DefaultValue("10") int maxErrors,
		@DefaultValue("1000000") long workPerMinutePerAddress, @DefaultValue("2000000") long workPerMinutePerToken,
		@DefaultValue("10m") Duration importTimeout, @DefaultValue("1MB") DataSize maxRequestSize,
		@DefaultValue("32MB") DataSize maxImportSize, @DefaultValue("20") int maxIntrospectionDepth) {
}
