// Finding an organization by name, as every page that lets a user pick one does (adopt for, reuse options for,
// import for), and how a found one is named in a list of choices.
import { gql, label } from './api.js';

const FIND_ORGANIZATIONS = `query Organisationen($name: String!) {
  organizations(filter: { name: $name }, first: 10) { edges { node { id name kind designation land { name } } } }
}`;

/** The first 10 organizations whose name contains `name` (the API's name filter). */
export async function findOrganizations(name) {
  const data = await gql(FIND_ORGANIZATIONS, { name: name.trim() });
  return data.organizations.edges.map((edge) => edge.node);
}

/** "Trier (Kreisfreie Stadt, Rheinland-Pfalz)": the name with its designation or kind, and its Land. */
export function organizationLabel(organization) {
  const kind = organization.designation || label('organizationKind', organization.kind);
  return `${organization.name} (${kind}${organization.land ? ', ' + organization.land.name : ''})`;
}
