package de.ozgregistry.compiled;

/**
 * A feature's description of its types for the compiled read path ({@link SqlSchema}): only fields that every caller
 * may read (restricted fields stay with their data fetchers, which check who asks), each with the same SQL rule as the
 * feature's repository.
 */
public interface SqlFields {

	void define(SqlSchema schema);

}
