package de.ozgregistry.graphql;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Abuse limits of the GraphQL endpoint (the page size limit, 100, is part of the schema contract).
 *
 * @param maxDepth maximum nesting depth of fields
 * @param maxComplexity maximum complexity: every field costs 1, and a list field with {@code first: n} multiplies
 * the cost of what is below it by n (20 when {@code first} is not given)
 * @param maxDocumentLength maximum length of the query document in characters
 * @param maxOperations maximum number of operations in one document
 * @param requestTimeout maximum time for one request
 * @param requestsPerMinutePerAddress requests a client address may make per minute
 * @param requestsPerMinutePerToken requests a credential may make per minute
 */
@ConfigurationProperties("ozg.limits")
public record LimitProperties(@DefaultValue("12") int maxDepth, @DefaultValue("20000") int maxComplexity,
		@DefaultValue("20000") int maxDocumentLength, @DefaultValue("10") int maxOperations,
		@DefaultValue("10s") Duration requestTimeout, @DefaultValue("600") int requestsPerMinutePerAddress,
		@DefaultValue("1200") int requestsPerMinutePerToken) {
}
