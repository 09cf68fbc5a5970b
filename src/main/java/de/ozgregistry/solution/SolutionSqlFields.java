package de.ozgregistry.solution;

import de.ozgregistry.compiled.SqlFields;
import de.ozgregistry.compiled.SqlSchema;
import de.ozgregistry.graphql.Inputs;

import org.springframework.stereotype.Component;

/**
 * Solutions on the compiled read path: the fields everybody reads as they are in the row, the provider and the
 * vendor, and {@code solution(id:)}. The restricted fields ({@code termsAndCosts}, {@code contactPerson}) stay with
 * their data fetchers, which check who asks.
 */
@Component
class SolutionSqlFields implements SqlFields {

	@Override
	public void define(SqlSchema schema) {
		schema.type("Solution", "solution")
			.value("id", "{row}.id")
			.value("name", "{row}.name")
			.value("summary", "{row}.summary")
			.value("description", "{row}.description")
			.value("reuseModel", "{row}.reuse_model")
			.value("licence", "{row}.licence")
			.value("repositoryUrl", "{row}.repository_url")
			.value("landingUrl", "{row}.landing_url")
			.value("standards", "{row}.standards")
			.value("lifecycle", "{row}.lifecycle")
			.value("releaseVersion", "{row}.release_version")
			.value("registryNodeId", "{row}.registry_node_id")
			.value("version", "{row}.version")
			.one("provider", "Organization", "{target}.id = {row}.provider_id")
			.one("vendor", "Organization", "{target}.id = {row}.vendor_id");
		// the solutions covering an OZG-Leistung, as Solutions.covering lists them
		schema.extend("OzgService").connection("solutions", "Solution", "{target}.id in (select so.solution_id "
				+ "from solution_ozg_service so where so.ozg_id = {row}.ozg_id)", Solutions.order(SqlSchema.ROW),
				(arguments, binds) -> "");
		schema.root("solution", "Solution",
				(arguments, binds) -> "{row}.id = " + binds.placeholder(Inputs.id((String) arguments.get("id"), "id")),
				"id");
	}

}
