// @hey-api/openapi-ts: the TypeScript models (types.gen.ts) and a fetch client (sdk.gen.ts)
// from sdks/openapi.json. Run through sdks/generate.
export default {
  input: "../openapi.json",
  output: { path: "node/src/generated", importFileExtension: ".js" },
  plugins: ["@hey-api/typescript", "@hey-api/client-fetch", "@hey-api/sdk"],
  logs: { level: "warn" },
};
