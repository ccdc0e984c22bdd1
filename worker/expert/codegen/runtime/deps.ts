/** The package versions the generated service may depend on, one place for all targets. */
export const VERSIONS = {
  "@aws-sdk/client-s3": "^3.700.0",
  "@aws-sdk/client-kinesis": "^3.700.0",
  "@aws-sdk/client-dynamodb": "^3.700.0",
  "@google-cloud/storage": "^8.4.0",
  "@google-cloud/pubsub": "^5.3.1",
  "@google-cloud/firestore": "^9.4.1",
  "@azure/identity": "^4.14.1",
  "@azure/storage-blob": "^12.34.0",
  "@azure/event-hubs": "^6.0.4",
  "@azure/cosmos": "^4.10.1",
  ioredis: "^5.9.2",
  kafkajs: "^2.2.4",
} as const;

/** The dependency entries for `names`. */
export function depsOf(...names: (keyof typeof VERSIONS)[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, VERSIONS[n]]));
}
