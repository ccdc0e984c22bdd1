/**
 * dr.tf: the second site. Every DR tier copies the model bucket to the DR site's object
 * store (a claim there, filled by the pipeline's replication job); a warm standby or an
 * active second site also runs the service there, and k8gb answers the service's DNS name
 * from whichever site is healthy (failover, the primary first).
 */
import type { TfContext } from "../context";
import { expr, type HclBlockSpec } from "../hcl";
import { APP_NS, k8s, manifest, metadata, release, tpl } from "./k8s";
import { bucketClaim } from "./storage";

/** dr.tf for the design's DR tier, or nothing without a DR site. */
export function dr(ctx: TfContext): HclBlockSpec[] {
  if (ctx.design.regions.dr === null || ctx.design.dr === "none") return [];
  const out: HclBlockSpec[] = [
    k8s("namespace_v1", "app_dr", "dr", {}, [metadata(APP_NS)]),
    bucketClaim("model_bucket_dr", tpl("${var.project}-${var.environment}-models-${var.dr_region}"), "dr"),
  ];
  if (ctx.has("route53_failover")) {
    out.push(
      release("k8gb", {
        values: { k8gb: { clusterGeoTag: expr("var.region"), extGslbsGeoTag: expr("var.dr_region") } },
      }),
      release("k8gb", {
        name: "k8gb_dr",
        site: "dr",
        values: { k8gb: { clusterGeoTag: expr("var.dr_region"), extGslbsGeoTag: expr("var.region") } },
      }),
      manifest(
        "service_gslb",
        "k8gb.absa.oss/v1beta1",
        "Gslb",
        { name: "service", namespace: expr("kubernetes_namespace_v1.app.metadata[0].name") },
        {
          spec: {
            resourceRef: {
              apiVersion: "gateway.networking.k8s.io/v1",
              kind: "HTTPRoute",
              matchLabels: { app: "service" },
            },
            strategy: { type: "failover", primaryGeoTag: expr("var.region"), dnsTtlSeconds: 30 },
          },
        },
        { dependsOn: ["helm_release.k8gb"] },
      ),
    );
  }
  return out;
}
