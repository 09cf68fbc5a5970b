// GraphiQL against this registry's own /graphql, from bundled files only (no CDN). A token entered under "Headers"
// ({"Authorization": "Bearer ozg_..."}) is sent with every request; /graphiql?query=... opens with that query.
const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).href });
const query = new URLSearchParams(window.location.search).get('query') || undefined;
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, query, defaultEditorToolsVisibility: true, isHeadersEditorEnabled: true }),
);
