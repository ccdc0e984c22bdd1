/**
 * The CI workflow and, for Kubernetes designs, the manifests. CI tests the service, checks
 * the Terraform, scans the repository, and deploys from main through a protected
 * environment, signing in to the design's target the way that target federates (OIDC on
 * the public clouds, a kubeconfig secret on a self-hosted runner); see targets/.
 */
import type { Design, GeneratedFile, Requirements } from "../schema";
import { asActionsVars, targetOf } from "./targets";
import { requiredVariables } from "./terraform";

/** Terraform inputs CI sets from somewhere other than a same-named repository variable. */
const TF_INPUTS: Record<string, string> = { image_tag: "${{ github.sha }}" };

/** Placeholders in k8s/deployment.yaml that the deploy job replaces before applying. */
const MODEL_BUCKET_PLACEHOLDER = "replaced-by-terraform-output-model-bucket";
const S3_ENDPOINT_PLACEHOLDER = "replaced-by-the-ceph-rgw-endpoint";

/** The repository variable a Terraform input without a default is read from. */
export function repoVariableOf(input: string): string {
  return input.toUpperCase();
}

/** The GitHub Actions workflow for the repository. */
export function ciWorkflow(serviceDir: string, design: Design, req: Requirements): GeneratedFile {
  const target = targetOf(design.cloud);
  const ci = target.ci;
  const region = design.regions.primary;
  const has = (id: string) => design.components.some((c) => c.id === id);
  const hasImage = has("ecr");
  const k8s = design.pattern === "kubernetes" && has("eks");
  const approvals = req.compliance.some((c) => c === "SOX" || c === "PCI-DSS" || c === "HIPAA" || c === "SOC2");
  const tfVars = requiredVariables(design.cloud, has, design.pattern).map(
    (v) => `          TF_VAR_${v}: ${TF_INPUTS[v] ?? `\${{ vars.${repoVariableOf(v)} }}`}`,
  );
  const jobEnv = Object.entries(ci.env);
  const backend = target.state
    .config(region)
    .map((c) => `-backend-config="${asActionsVars(c)}"`)
    .join(" ");
  const outputs = [
    ...(hasImage
      ? [
          `REPOSITORY="$(terraform output -raw image_repository)"`,
          `echo "image_repository=$REPOSITORY" >> "$GITHUB_OUTPUT"`,
          `echo "REGISTRY=\${REPOSITORY%%/*}" >> "$GITHUB_ENV"`,
        ]
      : []),
    ...(k8s ? [`echo "cluster_name=$(terraform output -raw cluster_name)" >> "$GITHUB_OUTPUT"`] : []),
  ];
  const readOutputs =
    outputs.length === 0
      ? ""
      : `
      - name: Read Terraform outputs
        id: tf
        working-directory: infra/terraform
        run: |
${outputs.map((l) => `          ${l}`).join("\n")}`;
  const image = hasImage
    ? `
${ci.registryLogin(region)}
      - name: Build and push the service image
        working-directory: ${serviceDir}
        env:
          IMAGE: \${{ steps.tf.outputs.image_repository }}:\${{ github.sha }}
        run: |
          docker build --tag "$IMAGE" .
          docker push "$IMAGE"`
    : "";
  const kubectl = k8s
    ? `
${ci.clusterCredentials(region)}
      - name: Roll out to the cluster
        working-directory: k8s
        run: |
          sed -i "s#${MODEL_BUCKET_PLACEHOLDER}#$(terraform -chdir=../infra/terraform output -raw model_bucket)#" deployment.yaml${design.cloud === "self_hosted" ? `\n          sed -i "s#${S3_ENDPOINT_PLACEHOLDER}#\${{ vars.S3_ENDPOINT }}#" deployment.yaml` : ""}${hasImage ? '\n          kustomize edit set image "service=${{ steps.tf.outputs.image_repository }}:${{ github.sha }}"' : ""}
          kubectl apply -k .
          kubectl rollout status deployment/model-server -n models --timeout=10m`
    : "";
  const content = `name: ci

on:
  push:
    branches: [main]
  pull_request:

# ${ci.permissionsNote}
permissions:
  contents: read${ci.oidc ? "\n  id-token: write" : ""}

concurrency:
  group: \${{ github.workflow }}-\${{ github.ref }}
  cancel-in-progress: false

jobs:
  service:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: ${serviceDir}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - run: npm install --no-audit --no-fund
      - run: npm run typecheck
      - run: npm test

  terraform:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: infra/terraform
    steps:
      - uses: actions/checkout@v4
      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_version: 1.9.8
      - run: terraform fmt -check -recursive
      - run: terraform init -backend=false
      - run: terraform validate

  security:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Scan IaC and Dockerfile for misconfigurations
        uses: aquasecurity/trivy-action@0.28.0
        with:
          scan-type: config
          exit-code: "1"
          severity: HIGH,CRITICAL
      - name: Scan for committed secrets
        uses: gitleaks/gitleaks-action@v2

  deploy:
    needs: [service, terraform, security]
    if: github.ref == 'refs/heads/main' && github.event_name == 'push'
    runs-on: ${ci.runsOn}
    # ${approvals ? `${req.compliance.join(", ")}: the production environment requires a reviewer's approval (separation of duties).` : "Protect this environment with required reviewers before go-live."}
    environment: production${jobEnv.length > 0 ? `\n    env:\n${jobEnv.map(([k, v]) => `      ${k}: ${v}`).join("\n")}` : ""}
    steps:
      - uses: actions/checkout@v4
${ci.auth(region)}
      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_version: 1.9.8
          terraform_wrapper: false
      - name: Terraform init (${target.state.type} state)
        working-directory: infra/terraform
        run: terraform init -input=false ${backend}${readOutputs}${image}
      - name: Terraform apply
        working-directory: infra/terraform
        env:
${tfVars.join("\n")}
        run: terraform apply -auto-approve -input=false${kubectl}
`;
  return { path: ".github/workflows/ci.yml", content };
}

/** Kubernetes manifests (kustomize) for the model server on the design's cluster. */
export function kubernetesFiles(design: Design): GeneratedFile[] {
  const target = targetOf(design.cloud);
  const s = design.serving;
  const replicas = Math.max(1, s?.replicas ?? 2);
  const gpu = s?.gpu === true;
  const internal = design.network.exposure === "private";
  const resources = gpu
    ? `          resources:
            requests:
              cpu: "2"
              memory: 12Gi
              nvidia.com/gpu: "1"
            limits:
              memory: 14Gi
              nvidia.com/gpu: "1"`
    : `          resources:
            requests:
              cpu: 500m
              memory: 1Gi
            limits:
              memory: 2Gi`;
  const files: GeneratedFile[] = [
    {
      path: "k8s/kustomization.yaml",
      content: `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: models
resources:
  - namespace.yaml
  - deployment.yaml
  - service.yaml
  - ingress.yaml
  - hpa.yaml
  - pdb.yaml${internal ? "\n  - networkpolicy.yaml" : ""}
images:
  - name: service
    newTag: replaced-by-ci
`,
    },
    {
      path: "k8s/namespace.yaml",
      content: `apiVersion: v1
kind: Namespace
metadata:
  name: models
  labels:
    pod-security.kubernetes.io/enforce: restricted
`,
    },
    {
      path: "k8s/deployment.yaml",
      content: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: model-server
  labels:
    app: model-server
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: model-server
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        app: model-server
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: model-server
      nodeSelector:
        workload: models${
          gpu
            ? `
      tolerations:
        - key: nvidia.com/gpu
          operator: Exists
          effect: NoSchedule`
            : ""
        }
      containers:
        - name: model-server
          image: service
          ports:
            - containerPort: 8080
          env:
            # The bucket is the Terraform output model_bucket; the deploy job patches it in.
            - name: MODEL_URI
              value: "${target.docs.modelUri(MODEL_BUCKET_PLACEHOLDER, "current/model.json")}"${
                design.cloud === "self_hosted"
                  ? `
            - name: S3_ENDPOINT
              value: "${S3_ENDPOINT_PLACEHOLDER}"`
                  : ""
              }
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
            periodSeconds: 5
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
            periodSeconds: 15
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
${resources}
`,
    },
    {
      path: "k8s/service.yaml",
      content: `apiVersion: v1
kind: Service
metadata:
  name: model-server
spec:
  selector:
    app: model-server
  ports:
    - port: 80
      targetPort: 8080
`,
    },
    { path: "k8s/ingress.yaml", content: target.k8s.ingress(internal, design.network.waf) },
    {
      path: "k8s/hpa.yaml",
      content: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: model-server
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: model-server
  minReplicas: ${replicas}
  maxReplicas: ${replicas * 3}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 60
`,
    },
    {
      path: "k8s/pdb.yaml",
      content: `# Keeps serving through node drains and upgrades: never below ${Math.max(1, replicas - 1)} ready pod(s).
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: model-server
spec:
  minAvailable: ${Math.max(1, replicas - 1)}
  selector:
    matchLabels:
      app: model-server
`,
    },
  ];
  if (internal) {
    files.push({
      path: "k8s/networkpolicy.yaml",
      content: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: model-server
spec:
  podSelector:
    matchLabels:
      app: model-server
  policyTypes: [Ingress]
  ingress:
    - from:
        - ipBlock:
            cidr: 10.0.0.0/8
      ports:
        - port: 8080
`,
    });
  }
  return files;
}
