package de.ozgregistry.seed;

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
		assertThat(count("select count(*) from organization where kind = 'FEDERAL'")).isEqualTo(1);
		assertThat(count("select count(*) from organization where kind = 'STATE'")).isEqualTo(16);
		assertThat(count("select count(*) from organization where kind = 'DISTRICT'")).isEqualTo(400);
		assertThat(count("select count(*) from organization where kind = 'MUNICIPALITY'")).isEqualTo(10786);
		assertThat(count("select sum(population) from organization where kind = 'MUNICIPALITY'")).isEqualTo(82711282);
		assertThat(count("select sum(population) from organization where kind = 'STATE'")).isEqualTo(82711282);
		assertThat(count("select sum(population) from organization where kind = 'DISTRICT'")).isEqualTo(82711282);
		assertThat(count("select population from organization where kind = 'FEDERAL'")).isEqualTo(82711282);
	}

	@Test
	void everyGemeindeHangsBelowItsKreisAndEveryKreisBelowItsLand() {
		assertThat(count("""
				select count(*) from organization g join organization k on k.id = g.parent_id
				where g.kind = 'MUNICIPALITY' and k.kind = 'DISTRICT' and substr(k.ars, 1, 5) = substr(g.ars, 1, 5)"""))
			.isEqualTo(10786);
		assertThat(count("""
				select count(*) from organization k join organization l on l.id = k.parent_id
				where k.kind = 'DISTRICT' and l.kind = 'STATE' and substr(l.ars, 1, 2) = substr(k.ars, 1, 2)"""))
			.isEqualTo(400);
		assertThat(count("""
				select count(*) from organization l join organization b on b.id = l.parent_id
				where l.kind = 'STATE' and b.kind = 'FEDERAL'""")).isEqualTo(16);
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
