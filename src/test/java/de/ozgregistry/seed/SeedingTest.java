package de.ozgregistry.seed;

import java.util.List;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class SeedingTest extends ApiTest {

	@Autowired
	Seeding seeding;

	@Test
	void catalogueHasEveryThemenfeldLebenslageOzgAndLeikaLeistung() {
		assertThat(count("select count(*) from themenfeld")).isEqualTo(14);
		assertThat(count("select count(*) from lebenslage")).isEqualTo(55);
		assertThat(count("select count(*) from ozg_service")).isEqualTo(557);
		assertThat(count("select count(*) from leika_service")).isEqualTo(5249);
		assertThat(count("select count(*) from leika_service where leika_key is null")).isEqualTo(436);
		assertThat(count("select count(*) from lebenslage l join themenfeld t on t.number = l.themenfeld")).isEqualTo(55);
	}

	@Test
	void territorialBodiesAreTheBundSixteenLaenderFourHundredKreiseAndAllZensusGemeinden() {
		assertThat(count("select count(*) from organization where 'FEDERAL' = any(kinds)")).isEqualTo(1);
		assertThat(count("select count(*) from organization where 'STATE' = any(kinds)")).isEqualTo(16);
		assertThat(count("select count(*) from organization where 'DISTRICT' = any(kinds)")).isEqualTo(400);
		assertThat(count("select count(*) from organization where 'MUNICIPALITY' = any(kinds)")).isEqualTo(10786);
		assertThat(count("select count(*) from organization where kind = 'MUNICIPALITY'")).isEqualTo(10786);
		// one record per body: the 106 kreisfreie Städte are Kreis and Gemeinde, two of them (Berlin, Hamburg) also Land
		assertThat(count("select count(*) from organization where kinds = array['DISTRICT', 'MUNICIPALITY']"))
			.isEqualTo(104);
		assertThat(count("select count(*) from organization where kinds = array['STATE', 'DISTRICT', 'MUNICIPALITY']"))
			.isEqualTo(2);
		for (String role : List.of("MUNICIPALITY", "DISTRICT", "STATE", "FEDERAL")) {
			assertThat(count("select sum(population) from organization where '" + role + "' = any(kinds)"))
				.as(role).isEqualTo(82711282);
		}
	}

	@Test
	void everyGemeindeHangsBelowItsKreisAndEveryKreisBelowItsLand() {
		// a kreisfreie Stadt is its own Kreis, a Stadtstaat its own Land
		assertThat(count("""
				select count(*) from organization g
				join organization k on k.id = case when 'DISTRICT' = any(g.kinds) then g.id else g.parent_id end
				where 'MUNICIPALITY' = any(g.kinds) and 'DISTRICT' = any(k.kinds)
				  and substr(k.ars, 1, 5) = substr(g.ars, 1, 5)"""))
			.isEqualTo(10786);
		assertThat(count("""
				select count(*) from organization k
				join organization l on l.id = case when 'STATE' = any(k.kinds) then k.id else k.parent_id end
				where 'DISTRICT' = any(k.kinds) and 'STATE' = any(l.kinds) and substr(l.ars, 1, 2) = substr(k.ars, 1, 2)"""))
			.isEqualTo(400);
		assertThat(count("""
				select count(*) from organization l join organization b on b.id = l.parent_id
				where 'STATE' = any(l.kinds) and b.kind = 'FEDERAL'""")).isEqualTo(16);
	}

	@Test
	void eisenachBelongsToTheWartburgkreisAndIsNoKreisOfItsOwn() {
		assertThat(count("select count(*) from organization where ars = '160560000000'")).isZero();
		assertThat(db.sql("""
				select k.name from organization g join organization k on k.id = g.parent_id
				where g.ars = '160630105105' and g.kind = 'MUNICIPALITY'""").map(row -> row.get(0, String.class)).one()
			.block()).isEqualTo("Wartburgkreis");
	}

	@Test
	void gemeindenMissingFromBkgTakeTheirNameFromZensusAndParentFromTheArs() {
		assertThat(db.sql("select name || '|' || designation from organization where ars = '031530019019' "
				+ "and kind = 'MUNICIPALITY'").map(row -> row.get(0, String.class)).one().block())
			.isEqualTo("Langelsheim|Stadt");
		assertThat(Seeding.zensusName("Rain, St")).containsExactly("Rain", "Stadt");
		assertThat(Seeding.zensusName("Liebenau, Flecken")).containsExactly("Liebenau", "Flecken");
		assertThat(Seeding.zensusName("Pinnow (Landkreis Uckermark)")).containsExactly("Pinnow (Landkreis Uckermark)",
				"Gemeinde");
	}

	@Test
	void everySeededFactRecordsItsSourceAndDataDate() {
		assertThat(count("select count(*) from organization where source = 'IMPORTED' and data_source_id is null"))
			.isZero();
		assertThat(count("select count(*) from ozg_service where data_source_id is null")).isZero();
		assertThat(db.sql("select data_date::text from data_source where id = 'zensus2022-bkg-vg5000-2021'")
			.map(row -> row.get(0, String.class)).one().block()).isEqualTo("2022-05-15");
		assertThat(count("select count(*) from adoption where source = 'ILLUSTRATIVE' and data_source_id <> "
				+ "'illustrative'")).isZero();
	}

	@Test
	void illustrativeDemoSetHasAFewHundredAdoptionsAcrossSeveralLaender() {
		assertThat(count("select count(*) from adoption where source = 'ILLUSTRATIVE'")).isBetween(200L, 1000L);
		assertThat(count("select count(distinct o.land_code) from adoption a join organization o "
				+ "on o.id = a.organization_id where a.source = 'ILLUSTRATIVE'")).isGreaterThanOrEqualTo(6);
		assertThat(count("select count(*) from solution where source = 'ILLUSTRATIVE'")).isGreaterThanOrEqualTo(15);
	}

	@Test
	void seededRecordsHaveACreateEntryInTheChangeLog() {
		assertThat(count("""
				select count(*) from organization o where o.data_source_id is not null and not exists
				(select 1 from change_log c where c.entity_id = o.id and c.operation = 'CREATE')""")).isZero();
		assertThat(count("""
				select count(*) from change_log c join adoption a on a.id = c.entity_id
				where c.snapshot -> 'status_history' = '[]'::jsonb""")).isZero();
	}

	@Test
	void seedingAgainAddsNothing() {
		long organizations = count("select count(*) from organization");
		long changes = count("select count(*) from change_log");
		Seeding.Report report = seeding.seed();
		assertThat(report.total()).isZero();
		assertThat(count("select count(*) from organization")).isEqualTo(organizations);
		assertThat(count("select count(*) from change_log")).isEqualTo(changes);
	}

}
