package de.ozgregistry.graphql;

/**
 * What a cache of read results needs to know about the registry's writes; the change log's notifications provide
 * it. An interface here so that the API layer does not depend on the feature that owns the change log.
 */
public interface DataGeneration {

	/** A number that grows whenever the registry's data may have changed. */
	long generation();

	/** Whether changes through other instances are announced to this one right now. */
	boolean listening();

}
