// The registry as an Apollo Federation v2 subgraph, checked with open-source tools from npm:
//   node federation.mjs compose <registry /graphql URL>
//     composes the registry's `_service { sdl }` with @theguild/federation-composition; exit 1 on composition errors.
//   node federation.mjs gateway <registry /graphql URL> <ARS> <organization ID>...
//     starts a second subgraph ("portal", graphql-yoga with the subgraph fields _service and _entities) that
//     adds Organization.portalUrl and Query.featuredOrganizations, composes both into a supergraph and runs one query
//     through Hive Gateway's runtime: registry fields and the portal's field together, so the gateway calls the
//     registry's `_entities` (for the featured organizations) and the portal's (for portalUrl). Prints the result.
import { createServer } from 'node:http';
import { parse } from 'graphql';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { createSchema, createYoga } from 'graphql-yoga';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

const [mode, registryUrl, ars, ...featured] = process.argv.slice(2);

async function registrySdl() {
  const response = await fetch(registryUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = await response.json();
  if (!body.data?._service?.sdl) {
    throw new Error(`no SDL from ${registryUrl}: ${JSON.stringify(body)}`);
  }
  return body.data._service.sdl;
}

function compose(services) {
  const result = composeServices(services);
  if (compositionHasErrors(result)) {
    console.error('composition failed:');
    for (const error of result.errors) {
      console.error(`- ${error.extensions?.code ?? ''} ${error.message}`);
    }
    process.exit(1);
  }
  return result.supergraphSdl;
}

const PORTAL_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Organization @key(fields: "id") {
    id: ID!
    "The organization's page on the Land's portal."
    portalUrl: String!
  }

  type Query {
    "Organizations the portal features."
    featuredOrganizations: [Organization!]!
  }
`;
const PORTAL = parse(PORTAL_SDL);

async function startPortal() {
  // a federation subgraph by hand (the spec's _service and _entities), so that it needs nothing but graphql-yoga
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: /* GraphQL */ `
        scalar _Any
        union _Entity = Organization
        type _Service { sdl: String! }
        type Organization { id: ID! portalUrl: String! }
        type Query {
          featuredOrganizations: [Organization!]!
          _entities(representations: [_Any!]!): [_Entity]!
          _service: _Service!
        }
      `,
      resolvers: {
        _Entity: { __resolveType: () => 'Organization' },
        Query: {
          featuredOrganizations: () => featured.map((id) => ({ id })),
          _entities: (_, { representations }) => representations
            .map((r) => (r.__typename === 'Organization' ? { id: r.id } : null)),
          _service: () => ({ sdl: PORTAL_SDL }),
        },
        Organization: {
          portalUrl: (organization) => `https://portal.example/organisation/${organization.id}`,
        },
      },
    }),
    logging: false,
  });
  const server = createServer(yoga);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/graphql` };
}

const sdl = await registrySdl();
if (mode === 'compose') {
  const supergraph = compose([{ name: 'registry', typeDefs: parse(sdl), url: registryUrl }]);
  console.log(`composed: ${supergraph.length} characters of supergraph SDL`);
  process.exit(0);
}

const portal = await startPortal();
try {
  const supergraph = compose([
    { name: 'registry', typeDefs: parse(sdl), url: registryUrl },
    { name: 'portal', typeDefs: PORTAL, url: portal.url },
  ]);
  const gateway = createGatewayRuntime({ supergraph, logging: false, maskedErrors: false });
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      query: `query Portal($ars: String!) {
        organization(ars: $ars) { id name ars portalUrl }
        featuredOrganizations { id name ars portalUrl }
      }`,
      variables: { ars },
    }),
  });
  console.log(JSON.stringify(await response.json()));
  await gateway.dispose?.();
}
finally {
  portal.server.close();
}
