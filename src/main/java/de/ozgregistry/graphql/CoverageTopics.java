package de.ozgregistry.graphql;

import java.util.Set;

import reactor.core.publisher.Mono;

/**
 * The topics ({@link ReadTopics}) of a read of how an OZG-Leistung is covered: the feature that owns adoptions
 * provides them, the features that compute coverage and reuse options tell them. An interface here so that those do
 * not depend on the adoption feature (which depends on them).
 */
public interface CoverageTopics {

	/** The topics of every record whose change can change how the OZG-Leistung {@code ozgId} is covered. */
	Mono<Set<String>> ofOzgService(int ozgId);

}
