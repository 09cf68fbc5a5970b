package de.ozgregistry.web;

import java.time.LocalDate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who runs this registry node, for its Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit: a node is
 * run by different operators, so none of it is built in. Empty means not configured, and the pages say so.
 *
 * @param name the operating public body (or company), as in its Impressum
 * @param address its postal address; lines separated by line breaks or semicolons
 * @param email its general contact address (a role mailbox)
 * @param phone its telephone number
 * @param representative who represents it (vertretungsberechtigt), e.g. "Oberbürgermeisterin Erika Beispiel"
 * @param supervisoryAuthority its supervisory authority (Aufsichtsbehörde)
 * @param dataProtectionOfficer how to reach its data protection officer (Datenschutzbeauftragte)
 * @param dataProtectionAuthority the data protection supervisory authority one may complain to
 * @param accessibilityContact where to report accessibility barriers (feedback mechanism of BITV 2.0 § 7)
 * @param enforcementBody the body of the enforcement procedure (Durchsetzungsverfahren, Schlichtungsstelle) that
 * applies to the operator; empty: the federal one is named with a note that Länder have their own
 * @param accessibilityStatementDate when the accessibility statement was prepared or last reviewed
 */
@ConfigurationProperties("ozg.operator")
public record OperatorProperties(@DefaultValue("") String name, @DefaultValue("") String address,
		@DefaultValue("") String email, @DefaultValue("") String phone, @DefaultValue("") String representative,
		@DefaultValue("") String supervisoryAuthority, @DefaultValue("") String dataProtectionOfficer,
		@DefaultValue("") String dataProtectionAuthority, @DefaultValue("") String accessibilityContact,
		@DefaultValue("") String enforcementBody, @DefaultValue("2026-12-03") LocalDate accessibilityStatementDate) {

	/** Whether the operator has said who it is and how to reach it (the minimum of an Impressum). */
	boolean configured() {
		return !name.isBlank() && !address.isBlank() && !email.isBlank();
	}

}
