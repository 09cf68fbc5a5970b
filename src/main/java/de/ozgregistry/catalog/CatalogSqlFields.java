package de.ozgregistry.catalog;

import de.ozgregistry.compiled.SqlFields;
import de.ozgregistry.compiled.SqlSchema;
import de.ozgregistry.database.Sql;

import org.springframework.stereotype.Component;

/** OZG-Leistungen on the compiled read path: their fields as they are in the row, and {@code ozgServices}. */
@Component
class CatalogSqlFields implements SqlFields {

	@Override
	public void define(SqlSchema schema) {
		schema.type("OzgService", "ozg_service")
			.value("id", "{row}.id")
			.value("ozgId", "{row}.ozg_id")
			.value("name", "{row}.name");
		schema.rootConnection("ozgServices", "OzgService", Catalog.order(SqlSchema.ROW), (arguments, binds) -> Catalog
			.filterOf(Sql.within(binds), SqlSchema.TARGET, OzgServiceFilter.of(arguments.get("filter")))
			.conditions(), "filter");
	}

}
