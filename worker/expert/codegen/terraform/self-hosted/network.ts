/**
 * The cluster network: Cilium with its egress gateway to the site firewall, default-deny
 * NetworkPolicies in the app namespace when networking is private, and the edge: Envoy
 * Gateway (Gateway API, with the Coraza WAF) and Kong as the API gateway.
 */
import type { TfContext } from "../context";
import { block, expr, type HclBlockSpec, type HclValue } from "../hcl";
import { APP_NS, CHARTS, appNs, k8s, manifest, metadata, release, type ChartId } from "./k8s";
import { upstream } from "./serving";

/** network.tf: Cilium, the app namespace's policies, the egress gateway. */
export function network(ctx: TfContext): HclBlockSpec[] {
  const out: HclBlockSpec[] = [
    release("cilium", {
      values: {
        kubeProxyReplacement: true,
        egressGateway: { enabled: ctx.has("nat_gateway") },
        bpf: { masquerade: true },
        encryption: { enabled: ctx.design.encryption.in_transit_tls, type: "wireguard" },
        hubble: { enabled: true, relay: { enabled: true } },
        policyEnforcementMode: ctx.design.network.private_networking ? "always" : "default",
      },
    }),
  ];
  if (ctx.has("nat_gateway"))
    out.push(
      manifest(
        "egress_gateway",
        "cilium.io/v2",
        "CiliumEgressGatewayPolicy",
        { name: "site-egress" },
        {
          spec: {
            selectors: [{ podSelector: { matchLabels: { "io.kubernetes.pod.namespace": "models" } } }],
            destinationCIDRs: ["0.0.0.0/0"],
            egressGateway: { nodeSelector: { matchLabels: { "egress-gateway": "true" } } },
          },
        },
        { dependsOn: ["helm_release.cilium"] },
      ),
    );
  if (ctx.design.network.private_networking) out.push(...policies(ctx));
  return out;
}

/** A NetworkPolicy in the app namespace. */
function policy(name: string, types: string[], rules: HclBlockSpec[]): HclBlockSpec {
  return k8s("network_policy_v1", name, "primary", {}, [
    metadata(name.replace(/_/g, "-"), appNs()),
    block("spec", { policy_types: types }, [block("pod_selector", {}), ...rules]),
  ]);
}

/** A peer: every pod of the named namespaces. */
function namespaces(names: string[]): HclBlockSpec {
  return block("namespace_selector", {}, [
    block("match_expressions", { key: "kubernetes.io/metadata.name", operator: "In", values: names }),
  ]);
}

/** The namespaces of the platform pieces the design has, for one direction. */
function peers(ctx: TfContext, ids: [string, ChartId][]): string[] {
  return [...new Set(ids.filter(([role]) => ctx.has(role)).map(([, chart]) => CHARTS[chart].namespace))];
}

/** Default deny in both directions, then DNS, the edge in, the data services out. */
function policies(ctx: TfContext): HclBlockSpec[] {
  const inbound = peers(ctx, [
    ["alb", "envoy_gateway"],
    ["waf", "envoy_gateway"],
    ["api_gateway", "kong"],
    ["cloudwatch", "kube_prometheus_stack"],
    ["step_functions", "argo_workflows"],
  ]);
  if (ctx.has("lambda")) inbound.push("knative-serving");
  const outbound = peers(ctx, [
    ["s3_models", "rook_ceph"],
    ["kinesis", "strimzi"],
    ["dynamodb", "valkey"],
    ["kms", "openbao"],
    ["mlflow", "mlflow"],
    ["sagemaker_registry", "mlflow"],
  ]);
  if (ctx.has("kinesis") || ctx.has("msk")) outbound.push("kafka");
  return [
    policy("default_deny", ["Ingress", "Egress"], []),
    policy(
      "allow_dns",
      ["Egress"],
      [
        block("egress", {}, [
          block("to", {}, [namespaces(["kube-system"])]),
          block("ports", { port: "53", protocol: "UDP" }),
          block("ports", { port: "53", protocol: "TCP" }),
        ]),
      ],
    ),
    policy(
      "allow_in_app",
      ["Ingress", "Egress"],
      [
        block("ingress", {}, [block("from", {}, [block("pod_selector", {})])]),
        block("egress", {}, [block("to", {}, [block("pod_selector", {})])]),
      ],
    ),
    ...(inbound.length === 0
      ? []
      : [policy("allow_platform_in", ["Ingress"], [block("ingress", {}, [block("from", {}, [namespaces(inbound)])])])]),
    ...(outbound.length === 0
      ? []
      : [policy("allow_data_out", ["Egress"], [block("egress", {}, [block("to", {}, [namespaces(outbound)])])])]),
  ];
}

/** A Gateway API object in the edge namespace. */
function edgeObject(name: string, kind: string, spec: Record<string, HclValue>, dependsOn: string[]): HclBlockSpec {
  const group =
    kind === "GatewayClass" || kind === "Gateway" || kind === "HTTPRoute"
      ? "gateway.networking.k8s.io/v1"
      : "gateway.envoyproxy.io/v1alpha1";
  return manifest(
    name,
    group,
    kind,
    {
      name: kind === "GatewayClass" ? "envoy" : "edge",
      namespace: kind === "GatewayClass" ? undefined : CHARTS.envoy_gateway.namespace,
    },
    { spec },
    { dependsOn },
  );
}

/** The service the edge hands requests to: Kong when there is an API gateway, else the service. */
function edgeBackend(ctx: TfContext): { name: string; namespace: string; port: number } {
  return ctx.has("api_gateway")
    ? { name: "kong-kong-proxy", namespace: CHARTS.kong.namespace, port: 80 }
    : upstream(ctx);
}

/** entry.tf: the site gateway (Envoy Gateway + WAF) and the API gateway (Kong), as the design has them. */
export function entry(ctx: TfContext): HclBlockSpec[] {
  const out: HclBlockSpec[] = [];
  const edge = ctx.has("alb") || ctx.has("waf");
  const internal = ctx.design.network.exposure === "private";
  if (edge) {
    const backend = edgeBackend(ctx);
    const after = ["helm_release.envoy_gateway"];
    out.push(
      release("envoy_gateway"),
      edgeObject(
        "gateway_class",
        "GatewayClass",
        { controllerName: "gateway.envoyproxy.io/gatewayclass-controller" },
        after,
      ),
      edgeObject(
        "gateway",
        "Gateway",
        {
          gatewayClassName: "envoy",
          listeners: [
            {
              name: "https",
              protocol: "HTTPS",
              port: 443,
              hostname: expr("var.service_domain"),
              tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: expr("var.tls_secret_name") }] },
              allowedRoutes: { namespaces: { from: "Same" } },
            },
          ],
        },
        ["kubernetes_manifest.gateway_class"],
      ),
      edgeObject(
        "route",
        "HTTPRoute",
        {
          parentRefs: [{ name: "edge" }],
          hostnames: [expr("var.service_domain")],
          rules: [{ backendRefs: [{ name: backend.name, namespace: backend.namespace, port: backend.port }] }],
        },
        ["kubernetes_manifest.gateway"],
      ),
      // The route crosses into the backend's namespace, which must allow it.
      manifest(
        "route_grant",
        "gateway.networking.k8s.io/v1beta1",
        "ReferenceGrant",
        { name: "from-edge", namespace: backend.namespace },
        {
          spec: {
            from: [
              { group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: CHARTS.envoy_gateway.namespace },
            ],
            to: [{ group: "", kind: "Service", name: backend.name }],
          },
        },
        { dependsOn: [backend.namespace === APP_NS ? "kubernetes_namespace_v1.app" : "helm_release.kong", ...after] },
      ),
    );
    if (internal)
      out.push(
        edgeObject(
          "client_allowlist",
          "SecurityPolicy",
          {
            targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "edge" }],
            authorization: {
              defaultAction: "Deny",
              rules: [{ action: "Allow", principal: { clientCIDRs: expr("var.allowed_cidrs") } }],
            },
          },
          ["kubernetes_manifest.gateway"],
        ),
      );
    if (ctx.has("waf")) out.push(waf());
  }
  if (ctx.has("api_gateway")) out.push(...kong(ctx, edge, internal));
  return out;
}

/** The Coraza WASM filter with the OWASP Core Rule Set, on the Gateway. */
function waf(): HclBlockSpec {
  return edgeObject(
    "waf",
    "EnvoyExtensionPolicy",
    {
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "edge" }],
      wasm: [
        {
          name: "coraza",
          rootID: "",
          failOpen: false,
          code: {
            type: "Image",
            image: { url: expr(`"\${var.image_registry}/mirror/corazawaf/coraza-proxy-wasm:0.5.0"`) },
          },
          config: {
            directives_map: {
              default: [
                "Include @recommended-conf",
                "SecRuleEngine On",
                "Include @crs-setup-conf",
                "Include @owasp_crs/*.conf",
              ],
            },
            default_directives: "default",
          },
        },
      ],
    },
    ["kubernetes_manifest.gateway"],
  );
}

/** Kong (OSS) with its ingress controller, and the /predict route to the model. */
function kong(ctx: TfContext, behindEdge: boolean, internal: boolean): HclBlockSpec[] {
  const target = upstream(ctx);
  const service: Record<string, HclValue> = { type: behindEdge ? "ClusterIP" : "LoadBalancer" };
  if (!behindEdge && internal) service.loadBalancerSourceRanges = expr("var.allowed_cidrs");
  return [
    release("kong", {
      values: {
        ingressController: { enabled: true, installCRDs: false },
        proxy: { ...service, tls: { enabled: !behindEdge } },
        env: { database: "off" },
      },
    }),
    k8s("ingress_v1", "api", "primary", {}, [
      metadata("api", appNs(), {
        annotations: {
          "konghq.com/strip-path": "false",
          "konghq.com/host-header": `${target.name}.${target.namespace}.svc.cluster.local`,
        },
      }),
      block("spec", { ingress_class_name: "kong" }, [
        block("rule", { host: expr("var.service_domain") }, [
          block("http", {}, [
            block("path", { path: "/predict", path_type: "Prefix" }, [
              block("backend", {}, [block("service", { name: target.name }, [block("port", { number: target.port })])]),
            ]),
          ]),
        ]),
        ...(behindEdge
          ? []
          : [block("tls", { hosts: [expr("var.service_domain")], secret_name: expr("var.tls_secret_name") })]),
      ]),
    ]),
  ];
}
