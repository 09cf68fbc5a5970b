package de.ozgregistry.graphql;

/**
 * What a cache of read results needs to know about the registry's writes; the change log's notifications provide
 * it. An interface here so that the API layer does not depend on the feature that owns the change log.
 */
public interface DataGeneration {

	/**
	 * The key under which a query's execution leaves in its {@code GraphQLContext} the topics of all it read (a
	 * {@code Set<String>}, see {@link #changedSince}); without it, the query counts as a read of anything.
	 */
	String READ_TOPICS = DataGeneration.class.getName() + ".topics";

	/** A number that grows whenever the registry's data may have changed. */
	long generation();

	/**
	 * Whether data read under the generation {@code generation} may have changed since: by a change that reaches one
	 * of {@code topics} (the topics a compiled read declares), or by one whose reach is unknown. {@code null} topics
	 * stand for a read of anything, which any change since makes stale.
	 */
	boolean changedSince(long generation, java.util.Set<String> topics);

	/** Whether changes through other instances are announced to this one right now. */
	boolean listening();

}
