/**
 * The generated CI, guides, service and training pipeline speak the design's target: each
 * cloud's sign-in, registry, cluster credentials and state backend in the workflow, its CLI
 * and state store in DEPLOYMENT.md, its SDK in the service, its pipeline format, and none
 * of another cloud's.
 */
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import {
  CLOUDS,
  emptyConstraints,
  generateRepository,
  planDesign,
  resolveRequirements,
  type Cloud,
  type GeneratedFile,
  type PatternId,
  type Workload,
} from "../../worker/expert";

/** The workloads a pattern is planned for; the rest serve real-time requests. */
const WORKLOADS: Partial<Record<PatternId, Workload[]>> = {
  batch_analytics: ["batch_inference", "analytics"],
  streaming: ["streaming"],
};

function repo(cloud: Cloud, pattern: PatternId, drop: string[] = []): GeneratedFile[] {
  const c = emptyConstraints(`Fraud scoring for card payments, ${pattern} on ${cloud}.`);
  const workload_types = WORKLOADS[pattern] ?? ["realtime_inference"];
  const req = { ...resolveRequirements({ ...c, project_name: `fraud-${pattern}`, workload_types }), cloud };
  const { design } = planDesign(req, undefined, 0, pattern);
  expect(design.cloud).toBe(cloud);
  const kept = { ...design, components: design.components.filter((x) => !drop.includes(x.id)) };
  return generateRepository(kept, req);
}

function file(files: GeneratedFile[], path: string | RegExp): string {
  const f = files.find((x) => (typeof path === "string" ? x.path === path : path.test(x.path)));
  if (f === undefined) throw new Error(`no ${String(path)} in ${files.map((x) => x.path).join(", ")}`);
  return f.content;
}

function dependencies(files: GeneratedFile[]): string[] {
  const pkg = z
    .object({ dependencies: z.record(z.string(), z.string()) })
    .parse(JSON.parse(file(files, /^services\/[^/]+\/package\.json$/)));
  return Object.keys(pkg.dependencies);
}

const Step = z.object({ uses: z.string().optional(), run: z.string().optional() });
const Job = z.object({ "runs-on": z.unknown(), steps: z.array(Step) });

function deployJob(files: GeneratedFile[]): z.infer<typeof Job> {
  const wf = z.object({ jobs: z.record(z.string(), Job) }).parse(parse(file(files, ".github/workflows/ci.yml")));
  expect(Object.keys(wf.jobs)).toEqual(["service", "terraform", "security", "deploy"]);
  const deploy = wf.jobs.deploy;
  if (deploy === undefined) throw new Error("no deploy job");
  return deploy;
}

/** What each target's generated files must say. */
const EXPECT: Record<
  Cloud,
  { auth: RegExp; registry: RegExp; cluster: RegExp; backend: RegExp; cli: RegExp; upload: RegExp; sdk: string[] }
> = {
  aws: {
    auth: /aws-actions\/configure-aws-credentials/,
    registry: /aws-actions\/amazon-ecr-login/,
    cluster: /aws eks update-kubeconfig/,
    backend: /-backend-config="bucket=\$\{\{ vars\.TF_STATE_BUCKET \}\}".*use_lockfile=true/,
    cli: /AWS CLI v2/,
    upload: /aws s3 cp model\.json s3:\/\//,
    sdk: ["@aws-sdk/client-s3"],
  },
  gcp: {
    auth: /google-github-actions\/auth@v2[\s\S]*workload_identity_provider:[\s\S]*service_account:/,
    registry: /gcloud auth configure-docker [a-z0-9-]+-docker\.pkg\.dev/,
    cluster: /google-github-actions\/get-gke-credentials/,
    backend: /-backend-config="prefix=\$\{\{ vars\.PROJECT \}\}"/,
    cli: /Google Cloud CLI \(`gcloud`\)/,
    upload: /gcloud storage cp model\.json gs:\/\//,
    sdk: ["@google-cloud/storage"],
  },
  azure: {
    auth: /azure\/login@v2[\s\S]*client-id:[\s\S]*tenant-id:[\s\S]*subscription-id:/,
    registry: /az acr login/,
    cluster: /az aks get-credentials/,
    backend: /-backend-config="storage_account_name=\$\{\{ vars\.TF_STATE_STORAGE_ACCOUNT \}\}"/,
    cli: /Azure CLI \(`az`\)/,
    upload: /az storage blob upload/,
    sdk: ["@azure/identity", "@azure/storage-blob"],
  },
  self_hosted: {
    auth: /secrets\.KUBECONFIG/,
    registry: /docker login "\$REGISTRY" --username "\$\{\{ vars\.HARBOR_ROBOT_ACCOUNT \}\}" --password-stdin/,
    cluster: /kubectl cluster-info/,
    backend: /-backend-config="secret_suffix=\$\{\{ vars\.PROJECT \}\}"/,
    cli: /kubectl/,
    upload: /mc cp model\.json[\s\S]*--endpoint-url "\$S3_ENDPOINT"/,
    sdk: ["@aws-sdk/client-s3"],
  },
};

/** Markers of a cloud's tooling that must not appear in another target's workflow. */
const FOREIGN_CI: Record<Cloud, RegExp> = {
  aws: /aws-actions\/|\baws (eks|s3|sts)\b|AWS_DEPLOY_ROLE_ARN/,
  gcp: /google-github-actions\/|\bgcloud\b|docker\.pkg\.dev/,
  azure: /azure\/login|\baz (acr|aks|login)\b|ARM_CLIENT_ID/,
  self_hosted: /secrets\.KUBECONFIG|HARBOR_ROBOT|self-hosted/,
};

const STATE: Record<Cloud, string> = { aws: "s3", gcp: "gcs", azure: "azurerm", self_hosted: "kubernetes" };

describe.each(CLOUDS)("generated repository speaks %s", (cloud) => {
  const want = EXPECT[cloud];
  const others = CLOUDS.filter((c) => c !== cloud);

  test("CI signs in, pushes and reaches the cluster in this cloud's terms only", () => {
    const files = repo(cloud, "kubernetes");
    const ci = file(files, ".github/workflows/ci.yml");
    for (const re of [want.auth, want.registry, want.cluster, want.backend]) expect(ci).toMatch(re);
    for (const other of others) expect(ci, other).not.toMatch(FOREIGN_CI[other]);
    const deploy = deployJob(files);
    const uses = deploy.steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses.split("@")[0]]));
    expect(uses.filter((u) => u !== "actions/checkout" && u !== "hashicorp/setup-terraform").length).toBe(
      cloud === "self_hosted" ? 0 : cloud === "aws" ? 2 : cloud === "gcp" ? 3 : 1,
    );
    if (cloud === "self_hosted") {
      expect(deploy["runs-on"]).toEqual(["self-hosted", "linux"]);
      expect(ci).not.toMatch(/id-token: write/);
    } else {
      expect(deploy["runs-on"]).toBe("ubuntu-latest");
      expect(ci).toMatch(/id-token: write/);
    }
    // The tests, Terraform checks and scans stay the same on every target.
    for (const check of [
      "npm test",
      "terraform fmt -check -recursive",
      "terraform validate",
      "trivy-action",
      "gitleaks",
    ])
      expect(ci).toContain(check);
  });

  test("a design without a cluster or image registry gets no such step", () => {
    const ci = file(repo(cloud, "batch_analytics", ["ecr"]), ".github/workflows/ci.yml");
    expect(ci).not.toMatch(want.registry);
    expect(ci).not.toMatch(want.cluster);
    expect(ci).not.toContain("docker push");
    expect(ci).toMatch(want.backend);
  });

  test("DEPLOYMENT.md names this cloud's CLI, state backend and upload, and no other cloud's", () => {
    const files = repo(cloud, "containers");
    const guide = file(files, "DEPLOYMENT.md");
    expect(guide).toMatch(want.cli);
    expect(guide).toContain(`(${STATE[cloud]} backend)`);
    expect(guide).toMatch(want.upload);
    expect(guide).toMatch(/## 1\. Bootstrap[\s\S]*```sh\n\S/);
    if (cloud !== "aws") expect(guide).not.toMatch(/aws s3api|AWS Budgets|CloudTrail|SNS/);
    if (cloud !== "gcp") expect(guide).not.toMatch(/gcloud|Cloud Billing|Cloud Armor/);
    if (cloud !== "azure") expect(guide).not.toMatch(/\baz (storage|group|ml)\b|Cost Management|Key Vault/);
    const budget = {
      aws: /AWS Budgets/,
      gcp: /Cloud Billing budget/,
      azure: /Cost Management budget/,
      self_hosted: /No budget alert: the cost is the amortised/,
    };
    expect(guide).toMatch(budget[cloud]);
    const readme = file(files, "README.md");
    const waf = {
      aws: /AWS WAF/,
      gcp: /Cloud Armor/,
      azure: /WAF policy on Application Gateway/,
      self_hosted: /Coraza/,
    };
    expect(readme).toMatch(waf[cloud]);
  });

  test("the service depends on this cloud's SDK and no other cloud's", () => {
    for (const pattern of ["containers", "streaming", "batch_analytics"] as const) {
      const files = repo(cloud, pattern);
      const deps = dependencies(files);
      for (const sdk of want.sdk) expect(deps, pattern).toContain(sdk);
      if (cloud !== "gcp")
        expect(
          deps.filter((d) => d.startsWith("@google-cloud/")),
          pattern,
        ).toEqual([]);
      if (cloud !== "azure")
        expect(
          deps.filter((d) => d.startsWith("@azure/")),
          pattern,
        ).toEqual([]);
      if (cloud === "gcp" || cloud === "azure")
        expect(
          deps.filter((d) => d.startsWith("@aws-sdk/")),
          pattern,
        ).toEqual([]);
      if (cloud === "self_hosted") {
        expect(
          deps.filter((d) => d.startsWith("@aws-sdk/")),
          pattern,
        ).toEqual(["@aws-sdk/client-s3"]);
        const storage = file(files, /^services\/[^/]+\/src\/storage\.ts$/);
        expect(storage).toContain("process.env.S3_ENDPOINT");
        expect(storage).toContain("forcePathStyle: true");
      }
    }
    const stream = {
      aws: ["@aws-sdk/client-kinesis", "@aws-sdk/client-dynamodb"],
      gcp: ["@google-cloud/pubsub", "@google-cloud/firestore"],
      azure: ["@azure/event-hubs", "@azure/cosmos"],
      self_hosted: ["kafkajs", "ioredis"],
    };
    expect(dependencies(repo(cloud, "streaming"))).toEqual(expect.arrayContaining(stream[cloud]));
    expect(dependencies(repo(cloud, "containers"))).not.toEqual(expect.arrayContaining([stream[cloud][0]]));
  });

  test("the model URI and serverless image fit the target", () => {
    const k8s = repo(cloud, "kubernetes");
    const deployment = file(k8s, "k8s/deployment.yaml");
    const scheme = {
      aws: /"s3:\/\/replaced-by-terraform-output-model-bucket\//,
      gcp: /"gs:\/\/replaced-by-terraform-output-model-bucket\//,
      // On Azure model_bucket is the container's URL, so the placeholder stands for the whole prefix.
      azure: /"replaced-by-terraform-output-model-bucket\/current\/model\.json"/,
      self_hosted: /"s3:\/\/replaced-by-terraform-output-model-bucket\/[\s\S]*S3_ENDPOINT/,
    };
    expect(deployment).toMatch(scheme[cloud]);
    const ci = file(k8s, ".github/workflows/ci.yml");
    expect(ci).toContain(
      'sed -i "s#replaced-by-terraform-output-model-bucket#$(terraform -chdir=../infra/terraform output -raw model_bucket)#"',
    );
    expect(ci.includes("replaced-by-the-ceph-rgw-endpoint#${{ vars.S3_ENDPOINT }}")).toBe(cloud === "self_hosted");
    const example = {
      aws: "s3://your-bucket/",
      gcp: "gs://your-bucket/",
      azure: "https://youraccount.blob.core.windows.net/models/",
      self_hosted: "s3://your-bucket/",
    };
    expect(file(repo(cloud, "batch_analytics"), "README.md")).toContain(`INPUT_URI=${example[cloud]}input/`);
    const files = repo(cloud, "serverless");
    const docker = file(files, /^services\/[^/]+\/Dockerfile$/);
    if (cloud === "aws") {
      expect(docker).toMatch(/^FROM public\.ecr\.aws\/lambda\/nodejs:22/m);
    } else {
      expect(docker).not.toContain("public.ecr.aws");
      expect(docker).toMatch(/^FROM node:22[\w.-]*/m);
      expect(files.some((f) => f.path.endsWith("/src/server.ts"))).toBe(true);
      expect(files.some((f) => f.path.endsWith("/src/handler.ts"))).toBe(false);
    }
  });

  test("the training pipeline is this cloud's format, and only with managed training", () => {
    const files = repo(cloud, "containers");
    const pipelines = files.filter((f) => f.path.startsWith("pipelines/"));
    expect(pipelines).toHaveLength(1);
    const [p] = pipelines;
    if (p === undefined) throw new Error("no pipeline");
    if (cloud === "aws") {
      expect(p.path).toBe("pipelines/training_pipeline.json");
      expect(
        z
          .object({ Steps: z.array(z.object({ Type: z.string() })) })
          .parse(JSON.parse(p.content))
          .Steps.map((s) => s.Type),
      ).toContain("Training");
    } else if (cloud === "gcp") {
      expect(p.path).toBe("pipelines/training_pipeline.json");
      const spec = z.record(z.string(), z.unknown()).parse(JSON.parse(p.content));
      expect(Object.keys(spec)).toEqual(
        expect.arrayContaining(["pipelineInfo", "root", "deploymentSpec", "schemaVersion"]),
      );
      expect(p.content).not.toMatch(/SageMaker|S3Uri/);
    } else if (cloud === "azure") {
      expect(p.path).toBe("pipelines/training_pipeline.yml");
      const job = z.object({ type: z.string(), $schema: z.string() }).parse(parse(p.content));
      expect(job.type).toBe("pipeline");
      expect(job.$schema).toContain("pipelineJob.schema.json");
    } else {
      expect(p.path).toBe("pipelines/training_pipeline.yml");
      const wf = z
        .object({
          kind: z.string(),
          spec: z.object({ templates: z.array(z.object({ resource: z.object({ manifest: z.string() }).optional() })) }),
        })
        .parse(parse(p.content));
      expect(wf.kind).toBe("WorkflowTemplate");
      const manifest = wf.spec.templates.find((t) => t.resource !== undefined)?.resource?.manifest ?? "";
      expect(z.object({ kind: z.string() }).parse(parse(manifest)).kind).toBe("PyTorchJob");
    }
    expect(repo(cloud, "containers", ["sagemaker_training"]).some((f) => f.path.startsWith("pipelines/"))).toBe(false);
  });
});
