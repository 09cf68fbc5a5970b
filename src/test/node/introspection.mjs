// The standard introspection query of graphql-js, as GraphiQL, GraphQL Code Generator and Postman send it.
//   node introspection.mjs            prints the document
//   node introspection.mjs <url>      runs it anonymously against <url> and builds a client schema from the answer
import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';

const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});
const url = process.argv[2];
if (!url) {
  process.stdout.write(query);
  process.exit(0);
}
const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
  body: JSON.stringify({ query, operationName: 'IntrospectionQuery' }),
});
const body = await response.json();
if (response.status !== 200 || body.errors) {
  console.error(`HTTP ${response.status}: ${JSON.stringify(body.errors)}`);
  process.exit(1);
}
const schema = buildClientSchema(body.data);
const sdl = printSchema(schema);
console.log(JSON.stringify({
  types: Object.keys(schema.getTypeMap()).length,
  queryType: schema.getQueryType().name,
  hasOzgService: sdl.includes('type OzgService'),
}));
