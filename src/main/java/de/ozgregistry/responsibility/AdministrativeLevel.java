package de.ozgregistry.responsibility;

/**
 * A level of public administration that executes OZG-Leistungen (Zuständigkeit): the Bund, a Land, a Kreis (with the
 * kreisfreien Städte and bodies such as the Region Hannover), a Gemeindeverband, a Gemeinde.
 */
public enum AdministrativeLevel {

	FEDERAL, STATE, DISTRICT, MUNICIPAL_ASSOCIATION, MUNICIPALITY

}
