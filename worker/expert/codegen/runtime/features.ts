/**
 * src/features.ts of the generated service, per online feature store: `putScore` keeps the
 * latest score of an entity for the request path to read.
 */
import type { Source } from "../targets/types";
import { depsOf } from "./deps";

const SIGNATURE = "export async function putScore(id: string, score: number, modelVersion: string): Promise<void>";

/** DynamoDB: one item per entity in FEATURE_TABLE. */
export const DYNAMODB_FEATURES: Source = {
  deps: depsOf("@aws-sdk/client-dynamodb"),
  content: `/** The online feature table on DynamoDB (FEATURE_TABLE), keyed by entity_id. */
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";

const dynamo = new DynamoDBClient({});

${SIGNATURE} {
  await dynamo.send(
    new PutItemCommand({
      TableName: process.env.FEATURE_TABLE ?? "",
      Item: { entity_id: { S: id }, score: { N: String(score) }, model_version: { S: modelVersion } },
    }),
  );
}
`,
};

/** Firestore: one document per entity in FEATURE_COLLECTION. */
export const FIRESTORE_FEATURES: Source = {
  deps: depsOf("@google-cloud/firestore"),
  content: `/** The online feature collection on Firestore (FEATURE_COLLECTION), one document per entity. */
import { Firestore } from "@google-cloud/firestore";

const collection = new Firestore().collection(process.env.FEATURE_COLLECTION ?? "scores");

${SIGNATURE} {
  await collection.doc(id).set({ score, model_version: modelVersion, updated_at: new Date().toISOString() });
}
`,
};

/** Cosmos DB: one item per entity, with the managed identity. */
export const COSMOS_FEATURES: Source = {
  deps: depsOf("@azure/cosmos", "@azure/identity"),
  content: `/** The online feature container on Cosmos DB (COSMOS_ENDPOINT, COSMOS_DATABASE, COSMOS_CONTAINER), with the managed identity. */
import { CosmosClient } from "@azure/cosmos";
import { DefaultAzureCredential } from "@azure/identity";

const container = new CosmosClient({ endpoint: process.env.COSMOS_ENDPOINT ?? "", aadCredentials: new DefaultAzureCredential() })
  .database(process.env.COSMOS_DATABASE ?? "features")
  .container(process.env.COSMOS_CONTAINER ?? "scores");

${SIGNATURE} {
  await container.items.upsert({ id, entity_id: id, score, model_version: modelVersion, updated_at: new Date().toISOString() });
}
`,
};

/** Valkey on the cluster: one hash per entity. */
export const VALKEY_FEATURES: Source = {
  deps: depsOf("ioredis"),
  content: `/** The online feature store on the cluster's Valkey (VALKEY_URL), one hash per entity (score:<id>). */
import { Redis } from "ioredis";

const valkey = new Redis(process.env.VALKEY_URL ?? "redis://valkey.features.svc:6379");

${SIGNATURE} {
  await valkey.hset(\`score:\${id}\`, { score: String(score), model_version: modelVersion, updated_at: new Date().toISOString() });
}
`,
};
