/** k8s/ingress.yaml per target: the cluster's load balancer in front of the model server. */
import type { KubernetesTarget } from "./types";

function ingress(className: string, annotations: string[]): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: model-server
  annotations:
${annotations.map((a) => `    ${a}`).join("\n")}
spec:
  ingressClassName: ${className}
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: model-server
                port:
                  number: 80
`;
}

/** The AWS Load Balancer Controller's ALB, with the WAF web ACL when the design has one. */
export const ALB_INGRESS: KubernetesTarget = {
  ingress: (internal, waf) =>
    ingress("alb", [
      `alb.ingress.kubernetes.io/scheme: ${internal ? "internal" : "internet-facing"}`,
      "alb.ingress.kubernetes.io/target-type: ip",
      `alb.ingress.kubernetes.io/listen-ports: '[{"HTTPS": 443}]'`,
      "alb.ingress.kubernetes.io/ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06",
      ...(waf ? ["alb.ingress.kubernetes.io/wafv2-acl-arn: replaced-by-terraform-output-waf_acl_arn"] : []),
    ]),
};

/** GKE Ingress: an external or internal Application Load Balancer; Cloud Armor through a BackendConfig. */
export const GKE_INGRESS: KubernetesTarget = {
  ingress: (internal, waf) =>
    ingress(internal ? "gce-internal" : "gce", [
      'kubernetes.io/ingress.allow-http: "false"',
      ...(waf
        ? ["# Cloud Armor: the Service's cloud.google.com/backend-config names a BackendConfig with securityPolicy."]
        : []),
      "networking.gke.io/pre-shared-cert: replaced-by-terraform-output-certificate",
    ]),
};

/** Application Gateway Ingress Controller, with the WAF policy when the design has one. */
export const AGIC_INGRESS: KubernetesTarget = {
  ingress: (internal, waf) =>
    ingress("azure-application-gateway", [
      'appgw.ingress.kubernetes.io/ssl-redirect: "true"',
      `appgw.ingress.kubernetes.io/use-private-ip: "${internal}"`,
      ...(waf ? ["appgw.ingress.kubernetes.io/waf-policy-for-path: replaced-by-terraform-output-waf_policy_id"] : []),
    ]),
};

/** Envoy Gateway (Gateway API): an HTTPRoute on the site's gateway; Coraza filters at the gateway. */
export const ENVOY_ROUTE: KubernetesTarget = {
  ingress: (internal, waf) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: model-server
  annotations:
    # ${internal ? "The internal gateway: reachable from the site network only." : "The edge gateway behind the MetalLB address."}${waf ? "\n    # Coraza with the OWASP Core Rule Set filters requests at this gateway." : ""}
    reasonstream.dev/gateway: ${internal ? "internal" : "edge"}
spec:
  parentRefs:
    - name: ${internal ? "internal" : "edge"}
      namespace: envoy-gateway-system
      sectionName: https
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /
      backendRefs:
        - name: model-server
          port: 80
`,
};
