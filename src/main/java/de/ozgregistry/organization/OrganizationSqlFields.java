package de.ozgregistry.organization;

import de.ozgregistry.compiled.SqlFields;
import de.ozgregistry.compiled.SqlSchema;
import de.ozgregistry.database.Sql;

import org.springframework.stereotype.Component;

/** Organizations on the compiled read path: the fields as they are in the row, the parent and the Land. */
@Component
class OrganizationSqlFields implements SqlFields {

	@Override
	public void define(SqlSchema schema) {
		schema.type("Organization", "organization")
			.value("id", "{row}.id")
			.value("kind", "{row}.kind")
			.value("name", "{row}.name")
			.value("designation", "{row}.designation")
			.value("ars", "{row}.ars")
			.value("population", "{row}.population")
			.value("website", "{row}.website")
			.value("contactEmail", "{row}.contact_email")
			.value("registryNodeId", "{row}.registry_node_id")
			.value("version", "{row}.version")
			.one("parent", "Organization", "{target}.id = {row}.parent_id")
			.one("land", "Organization", Organizations.landCondition(SqlSchema.TARGET, SqlSchema.ROW + ".land_code"));
		schema.rootConnection("organizations", "Organization", Organizations.order(SqlSchema.ROW),
				(arguments, binds) -> {
					OrganizationFilter filter = OrganizationFilter.of(arguments.get("filter"));
					return Organizations.filterOf(Sql.within(binds), SqlSchema.TARGET, filter,
							OrganizationFilter.landCode(filter)).conditions();
				}, "filter");
	}

}
