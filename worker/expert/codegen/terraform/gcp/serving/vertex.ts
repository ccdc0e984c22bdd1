/** Vertex AI online prediction: the endpoint models are deployed to by the pipeline. */
import type { TfContext } from "../../context";
import { block, expr, resource, type HclBlockSpec } from "../../hcl";
import { afterKeyGrant, kmsKey } from "../shared";

/** A stable numeric endpoint id (Vertex AI wants digits, no leading zero, at most 10). */
export function endpointId(project: string): string {
  let h = 2166136261;
  for (const ch of project) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0;
  return String(1_000_000_000 + (h % 1_000_000_000));
}

/** The endpoint, encrypted with the design's key, reachable only through Private Service Connect when private. */
export function vertexEndpoint(ctx: TfContext): HclBlockSpec {
  const blocks: HclBlockSpec[] = [];
  const key = kmsKey(ctx);
  if (key !== undefined) blocks.push(block("encryption_spec", { kms_key_name: key }));
  if (ctx.design.network.private_networking)
    blocks.push(
      block("private_service_connect_config", {
        enable_private_service_connect: true,
        project_allowlist: expr("[data.google_project.current.project_id]"),
      }),
    );
  return resource(
    "google_vertex_ai_endpoint",
    "main",
    {
      name: endpointId(ctx.project),
      display_name: expr("local.name"),
      description: "Online predictions; the training pipeline deploys approved model versions here.",
      location: expr("var.region"),
      region: expr("var.region"),
      depends_on: afterKeyGrant(ctx, "google_project_service.apis"),
    },
    blocks,
  );
}
