/**
 * src/storage.ts of the generated service, per object store: readText, writeText and
 * listUris over the URIs the service is configured with (model artifact, batch input and
 * output). The model and batch code above it are the same on every target.
 */
import type { Source } from "../targets/types";
import { depsOf } from "./deps";

/** The generated service's parser of `scheme://bucket/key` URIs. */
function splitBucketUri(scheme: "s3" | "gs"): string {
  return `function split(uri: string): { bucket: string; key: string } {
  const match = /^${scheme}:\\/\\/([^/]+)\\/?(.*)$/.exec(uri);
  if (match === null) throw new Error(\`not ${scheme === "s3" ? "an" : "a"} ${scheme}:// URI: \${uri}\`);
  return { bucket: match[1] ?? "", key: match[2] ?? "" };
}
`;
}

const S3_BODY = `
${splitBucketUri("s3")}
export async function readText(uri: string): Promise<string> {
  const { bucket, key } = split(uri);
  const body = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString("utf8");
  if (body === undefined) throw new Error(\`empty object at \${uri}\`);
  return body;
}

export async function writeText(uri: string, body: string, contentType: string): Promise<void> {
  const { bucket, key } = split(uri);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

export async function listUris(prefixUri: string): Promise<string[]> {
  const { bucket, key } = split(prefixUri);
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key !== undefined) out.push(\`s3://\${bucket}/\${o.Key}\`);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return out;
}
`;

const S3_IMPORT = `import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";`;

/** Amazon S3, credentials from the task or pod role. */
export const S3_STORAGE: Source = {
  deps: depsOf("@aws-sdk/client-s3"),
  content: `/** Object storage on Amazon S3 (s3://bucket/key); credentials come from the task or pod role. */
${S3_IMPORT}

const s3 = new S3Client({});
${S3_BODY}`,
};

/** The Ceph object store (Rook RGW) through its S3 API at S3_ENDPOINT. */
export const CEPH_STORAGE: Source = {
  deps: depsOf("@aws-sdk/client-s3"),
  content: `/**
 * Object storage on the cluster's Ceph object store through its S3 API (s3://bucket/key).
 * S3_ENDPOINT is the RGW endpoint; the access key pair comes from the bucket's secret
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the pod environment). Nothing leaves the site.
 */
${S3_IMPORT}

const endpoint = process.env.S3_ENDPOINT;
if (endpoint === undefined || endpoint === "") throw new Error("S3_ENDPOINT (the Ceph RGW endpoint) is required");
const s3 = new S3Client({ endpoint, forcePathStyle: true, region: process.env.S3_REGION ?? "us-east-1" });
${S3_BODY}`,
};

/** Google Cloud Storage, credentials from the workload's service account. */
export const GCS_STORAGE: Source = {
  deps: depsOf("@google-cloud/storage"),
  content: `/** Object storage on Cloud Storage (gs://bucket/object); credentials come from the workload's service account. */
import { Storage } from "@google-cloud/storage";

const storage = new Storage();

${splitBucketUri("gs")}
export async function readText(uri: string): Promise<string> {
  const { bucket, key } = split(uri);
  const [contents] = await storage.bucket(bucket).file(key).download();
  return contents.toString("utf8");
}

export async function writeText(uri: string, body: string, contentType: string): Promise<void> {
  const { bucket, key } = split(uri);
  await storage.bucket(bucket).file(key).save(body, { contentType });
}

export async function listUris(prefixUri: string): Promise<string[]> {
  const { bucket, key } = split(prefixUri);
  const [files] = await storage.bucket(bucket).getFiles({ prefix: key });
  return files.map((f) => \`gs://\${bucket}/\${f.name}\`);
}
`,
};

/** Azure Blob Storage, credentials from the managed identity. */
export const BLOB_STORAGE: Source = {
  deps: depsOf("@azure/identity", "@azure/storage-blob"),
  content: `/**
 * Object storage on Azure Blob Storage (https://<account>.blob.core.windows.net/<container>/<blob>);
 * credentials come from the workload's managed identity through DefaultAzureCredential.
 */
import { DefaultAzureCredential } from "@azure/identity";
import { ContainerClient } from "@azure/storage-blob";

const credential = new DefaultAzureCredential();

function split(uri: string): { container: ContainerClient; base: string; name: string } {
  const url = new URL(uri);
  if (url.protocol !== "https:" || !url.hostname.includes(".blob.")) throw new Error(\`not a blob URL: \${uri}\`);
  const [container = "", ...rest] = url.pathname.slice(1).split("/");
  const base = \`\${url.origin}/\${container}\`;
  return { container: new ContainerClient(base, credential), base, name: decodeURIComponent(rest.join("/")) };
}

export async function readText(uri: string): Promise<string> {
  const { container, name } = split(uri);
  return (await container.getBlobClient(name).downloadToBuffer()).toString("utf8");
}

export async function writeText(uri: string, body: string, contentType: string): Promise<void> {
  const { container, name } = split(uri);
  await container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body), { blobHTTPHeaders: { blobContentType: contentType } });
}

export async function listUris(prefixUri: string): Promise<string[]> {
  const { container, base, name } = split(prefixUri);
  const out: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix: name })) out.push(\`\${base}/\${blob.name}\`);
  return out;
}
`,
};
