/**
 * Static checks of a generated repository, run in JS inside the Worker: the files parse
 * as what they claim to be (JSON, YAML, HCL, TypeScript), required files exist, Terraform
 * references resolve, Dockerfiles follow the basics, no secret is committed, and the
 * policy that applies to the design holds in the code itself (`terraform-policy.ts`: no
 * public buckets or endpoints under PCI-DSS, KMS for restricted data, EU regions under GDPR).
 */
import { component } from "./catalogue/components";
import { result, type ValidationContext } from "./check-result";
import { isSafePath } from "./paths";
import type { Cloud, Design, GeneratedFile, ValidationCheck, ValidationReport } from "./schema";
import { allExpressions, parseHcl, referencesIn, type HclBody } from "./syntax/hcl";
import { scanTypeScript } from "./syntax/typescript";
import { parseYaml, type YamlValue } from "./syntax/yaml";
import { policyChecks } from "./terraform-policy";

/** Runs every check over the files. */
export function validateRepository(files: GeneratedFile[], ctx: ValidationContext = {}): ValidationReport {
  const hcl = parseTerraform(files);
  const checks: ValidationCheck[] = [
    checkPaths(files),
    checkRequired(files, ctx),
    checkJson(files),
    checkYaml(files),
    hcl.check,
    checkReferences(hcl.bodies),
    ...(ctx.design === undefined
      ? []
      : [checkTarget(hcl.bodies, ctx.design.cloud), checkRoles(hcl.bodies, ctx.design)]),
    checkTypeScript(files),
    checkDockerfiles(files),
    checkSecrets(files),
    checkCi(files),
    ...policyChecks(files, hcl.bodies, ctx),
  ];
  return {
    checks,
    passed: checks.filter((c) => c.status === "pass").length,
    warned: checks.filter((c) => c.status === "warn").length,
    failed: checks.filter((c) => c.status === "fail").length,
  };
}

function checkPaths(files: GeneratedFile[]): ValidationCheck {
  const bad = files
    .filter((f) => !isSafePath(f.path))
    .map((f) => `unsafe path: ${JSON.stringify(f.path.slice(0, 120))}`);
  return result("paths", "File paths are relative and sanitised", bad, [], `${files.length} paths safe`);
}

function serviceDirOf(files: GeneratedFile[]): string | null {
  const docker = files.find((f) => f.path.endsWith("/Dockerfile"));
  return docker === undefined ? null : docker.path.slice(0, -"/Dockerfile".length);
}

function checkRequired(files: GeneratedFile[], ctx: ValidationContext): ValidationCheck {
  const have = new Set(files.map((f) => f.path));
  const service = serviceDirOf(files);
  const required = [
    "README.md",
    "DEPLOYMENT.md",
    ".github/workflows/ci.yml",
    "infra/terraform/versions.tf",
    "infra/terraform/providers.tf",
    "infra/terraform/variables.tf",
    "infra/terraform/serving.tf",
    "infra/terraform/outputs.tf",
  ];
  if (service !== null) required.push(`${service}/Dockerfile`, `${service}/package.json`, `${service}/src/model.ts`);
  if (ctx.design?.pattern === "kubernetes")
    required.push("k8s/kustomization.yaml", "k8s/deployment.yaml", "k8s/pdb.yaml");
  const missing = required.filter((p) => !have.has(p)).map((p) => `missing ${p}`);
  // Each target writes its pipeline in its own format: SageMaker or KFP JSON, Azure ML or Argo YAML.
  if (ctx.design?.components.some((c) => c.id === "sagemaker_training") === true) {
    required.push("pipelines/training_pipeline.{json,yml}");
    if (![...have].some((p) => /^pipelines\/training_pipeline\.(?:json|ya?ml)$/.test(p)))
      missing.push("missing pipelines/training_pipeline.json or .yml");
  }
  if (service === null) missing.push("no service Dockerfile");
  return result("required-files", "Required files exist", missing, [], `${required.length} required files present`);
}

function checkJson(files: GeneratedFile[]): ValidationCheck {
  const fails: string[] = [];
  let n = 0;
  for (const f of files.filter((x) => x.path.endsWith(".json"))) {
    n += 1;
    try {
      JSON.parse(f.content);
    } catch (err) {
      fails.push(`${f.path}: ${err instanceof Error ? err.message : "invalid JSON"}`);
    }
  }
  return result("json", "JSON files parse", fails, [], `${n} JSON files parse`);
}

function checkYaml(files: GeneratedFile[]): ValidationCheck {
  const fails: string[] = [];
  let n = 0;
  for (const f of files.filter((x) => /\.ya?ml$/.test(x.path))) {
    n += 1;
    let doc: YamlValue;
    try {
      doc = parseYaml(f.content);
    } catch (err) {
      fails.push(`${f.path}: ${err instanceof Error ? err.message : "invalid YAML"}`);
      continue;
    }
    const map = asMap(doc);
    if (f.path.startsWith(".github/workflows/")) {
      if (map === null || !("on" in map) || asMap(map.jobs ?? null) === null)
        fails.push(`${f.path}: a workflow needs "on" and "jobs"`);
      for (const [name, job] of Object.entries(asMap(map?.jobs ?? null) ?? {})) {
        const j = asMap(job);
        if (j === null || !("runs-on" in j) || !Array.isArray(j.steps))
          fails.push(`${f.path}: job ${name} needs runs-on and steps`);
      }
    } else if (f.path.startsWith("k8s/")) {
      if (map === null || typeof map.apiVersion !== "string" || typeof map.kind !== "string")
        fails.push(`${f.path}: a manifest needs apiVersion and kind`);
    }
  }
  return result("yaml", "YAML files parse (workflows and manifests well-formed)", fails, [], `${n} YAML files parse`);
}

function asMap(v: YamlValue): Record<string, YamlValue> | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : null;
}

function parseTerraform(files: GeneratedFile[]): { check: ValidationCheck; bodies: Map<string, HclBody> } {
  const bodies = new Map<string, HclBody>();
  const fails: string[] = [];
  for (const f of files.filter((x) => x.path.endsWith(".tf"))) {
    try {
      bodies.set(f.path, parseHcl(f.content));
    } catch (err) {
      fails.push(`${f.path}: ${err instanceof Error ? err.message : "invalid HCL"}`);
    }
  }
  return {
    check: result("hcl", "Terraform files parse as HCL", fails, [], `${bodies.size} Terraform files parse`),
    bodies,
  };
}

function checkReferences(bodies: Map<string, HclBody>): ValidationCheck {
  const declared = new Set<string>();
  const used = new Set<string>();
  const fails: string[] = [];
  const warns: string[] = [];
  for (const body of bodies.values()) {
    for (const b of body.blocks) {
      if (b.type === "variable" && b.labels[0] !== undefined) declared.add(`var.${b.labels[0]}`);
      if (b.type === "resource" && b.labels.length === 2) {
        const address = `${b.labels[0] ?? ""}.${b.labels[1] ?? ""}`;
        if (declared.has(address)) fails.push(`duplicate resource ${address}`);
        declared.add(address);
      }
      if (b.type === "data" && b.labels.length === 2) declared.add(`data.${b.labels[0] ?? ""}.${b.labels[1] ?? ""}`);
      if (b.type === "locals") for (const name of b.body.attributes.keys()) declared.add(`local.${name}`);
      if (b.type === "resource" || b.type === "data" || b.type === "variable" || b.type === "output") {
        if (b.labels.length !== (b.type === "resource" || b.type === "data" ? 2 : 1))
          fails.push(`${b.type} block at line ${b.line} has ${b.labels.length} labels`);
      }
    }
  }
  for (const [path, body] of bodies) {
    for (const { expr, line } of allExpressions(body)) {
      for (const ref of referencesIn(expr)) {
        used.add(ref);
        if (!declared.has(ref)) fails.push(`${path}:${line}: ${ref} is not declared`);
      }
    }
  }
  for (const d of declared) if (d.startsWith("var.") && !used.has(d)) warns.push(`${d} is declared but never used`);
  return result(
    "terraform-references",
    "Terraform references resolve",
    fails,
    warns,
    `${declared.size} declarations, every reference resolves`,
  );
}

/** The Terraform resource prefixes of each target's providers; self-hosted has no cloud provider. */
const PROVIDER_PREFIXES: Record<Cloud, string[]> = {
  aws: ["aws_"],
  gcp: ["google_"],
  azure: ["azurerm_", "azapi_"],
  self_hosted: [],
};
const CLOUD_PREFIXES = Object.values(PROVIDER_PREFIXES).flat();

/** Every resource and data source is on the design's target, none on another cloud. */
function checkTarget(bodies: Map<string, HclBody>, cloud: Cloud): ValidationCheck {
  const own = PROVIDER_PREFIXES[cloud];
  const foreign = new Map<string, number>();
  for (const body of bodies.values()) {
    for (const b of body.blocks) {
      if (b.type !== "resource" && b.type !== "data") continue;
      const type = b.labels[0] ?? "";
      const onCloud = (prefixes: string[]) => prefixes.some((p) => type.startsWith(p));
      if (onCloud(CLOUD_PREFIXES) && !onCloud(own)) foreign.set(type, (foreign.get(type) ?? 0) + 1);
    }
  }
  const fails = [...foreign].map(([type, n]) => `${type} (${n}) is not a ${cloud} resource`);
  return result("terraform-target", `Terraform targets ${cloud} only`, fails, [], `every resource is on ${cloud}`);
}

/**
 * Every role the design places has its catalogue resource in the Terraform (the type the
 * target's table names, or the Helm chart self-hosted). A role the writers do not build yet
 * is a warning, named, so the card never claims more than the code holds.
 */
function checkRoles(bodies: Map<string, HclBody>, design: Design): ValidationCheck {
  const types = new Set<string>();
  const charts = new Set<string>();
  for (const body of bodies.values())
    for (const b of body.blocks) {
      if (b.type !== "resource") continue;
      types.add(b.labels[0] ?? "");
      const chart = b.body.attributes.get("chart")?.expr;
      if (b.labels[0] === "helm_release" && chart !== undefined) charts.add(chart.replace(/"/g, ""));
    }
  const warns: string[] = [];
  let checked = 0;
  for (const id of new Set(design.components.filter((c) => c.region === "primary").map((c) => c.id))) {
    const row = component(id, design.cloud);
    const helm = /^helm_release: [\w-]+\/([\w-]+)/.exec(row.terraform);
    const type = /^([a-z][a-z0-9]*_[a-z0-9_]+)\b/.exec(row.terraform)?.[1];
    if (helm?.[1] !== undefined) {
      checked += 1;
      if (!charts.has(helm[1])) warns.push(`${row.name}: no ${helm[1]} release in the Terraform`);
    } else if (type !== undefined && type !== "helm_release") {
      checked += 1;
      if (!types.has(type)) warns.push(`${row.name}: no ${type} in the Terraform`);
    }
  }
  return result("terraform-roles", "Every placed role is built by the Terraform", [], warns, `${checked} roles built`);
}

function checkTypeScript(files: GeneratedFile[]): ValidationCheck {
  const fails: string[] = [];
  const paths = new Set(files.map((f) => f.path));
  let n = 0;
  for (const f of files.filter((x) => x.path.endsWith(".ts"))) {
    n += 1;
    let imports: string[];
    try {
      imports = scanTypeScript(f.content).imports;
    } catch (err) {
      fails.push(`${f.path}: ${err instanceof Error ? err.message : "syntax error"}`);
      continue;
    }
    const dir = f.path.split("/").slice(0, -1);
    const pkg = packageOf(files, f.path);
    for (const spec of imports) {
      if (spec.startsWith(".")) {
        const target = joinPath(dir, spec).replace(/\.js$/, ".ts");
        if (!paths.has(target)) fails.push(`${f.path}: import ${spec} does not resolve`);
      } else if (!spec.startsWith("node:")) {
        const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? spec);
        if (pkg !== null && !pkg.has(name)) fails.push(`${f.path}: package ${name} is not in package.json`);
      }
    }
  }
  return result(
    "typescript",
    "TypeScript is well-formed and imports resolve",
    fails,
    [],
    `${n} TypeScript files scanned`,
  );
}

function joinPath(dir: string[], rel: string): string {
  const parts = [...dir];
  for (const seg of rel.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return parts.join("/");
}

/** Declared packages of the nearest package.json above a file. */
function packageOf(files: GeneratedFile[], path: string): Set<string> | null {
  const dir = path.split("/");
  while (dir.length > 0) {
    dir.pop();
    const candidate = [...dir, "package.json"].join("/");
    const file = files.find((f) => f.path === candidate);
    if (file !== undefined) {
      try {
        const pkg: unknown = JSON.parse(file.content);
        if (pkg === null || typeof pkg !== "object") return new Set();
        const record = pkg as Record<string, unknown>;
        const names = [record.dependencies, record.devDependencies].flatMap((d) =>
          d !== null && typeof d === "object" ? Object.keys(d) : [],
        );
        return new Set(names);
      } catch {
        return new Set();
      }
    }
  }
  return null;
}

function checkDockerfiles(files: GeneratedFile[]): ValidationCheck {
  const fails: string[] = [];
  const warns: string[] = [];
  for (const f of files.filter((x) => x.path.endsWith("Dockerfile"))) {
    const lines = f.content
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    const first = lines[0] ?? "";
    if (!/^(FROM|ARG)\s/i.test(first)) fails.push(`${f.path}: the first instruction must be FROM`);
    const lambda = lines.some((l) => /^FROM\s+public\.ecr\.aws\/lambda\//i.test(l));
    const froms = lines.filter((l) => /^FROM\s/i.test(l));
    for (const from of froms) {
      const image = from.split(/\s+/)[1] ?? "";
      if (image.endsWith(":latest") || (!image.includes(":") && !image.includes("@") && !/^\w+$/.test(image)))
        warns.push(`${f.path}: pin the base image tag (${image})`);
    }
    if (!lambda) {
      const lastUser = lines.findLast((l) => /^USER\s/i.test(l));
      if (lastUser === undefined || /^USER\s+(root|0)\b/i.test(lastUser))
        fails.push(`${f.path}: the final image runs as root`);
      if (!lines.some((l) => /^HEALTHCHECK\s/i.test(l))) warns.push(`${f.path}: no HEALTHCHECK`);
    }
    if (lines.some((l) => /^ADD\s+https?:/i.test(l)))
      warns.push(`${f.path}: ADD from a URL is unverified; download and check a digest instead`);
    if (!lines.some((l) => /^(CMD|ENTRYPOINT)\s/i.test(l))) fails.push(`${f.path}: no CMD or ENTRYPOINT`);
  }
  return result("dockerfile", "Dockerfiles: FROM first, non-root user, health check, pinned base", fails, warns);
}

/** Patterns of committed credentials; each hit fails the check (values are redacted in details). */
const SECRET_PATTERNS: { name: string; re: RegExp }[] = [
  { name: "AWS access key id", re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "AWS secret access key", re: /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}/i },
  { name: "private key", re: /-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP |ENCRYPTED )?PRIVATE KEY-----/ },
  { name: "GitHub token", re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: "Slack token", re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: "OpenAI-style API key", re: /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}\b/ },
  { name: "Stripe live key", re: /\b[rs]k_live_[A-Za-z0-9]{16,}\b/ },
  { name: "JSON web token", re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  {
    name: "hard-coded password or key",
    re: /\b(?:password|passwd|secret|api[_-]?key|access[_-]?token|client[_-]?secret)\s*[:=]\s*["'][^"'\s$<{]{8,}["']/i,
  },
];

/** Scans every file, line by line, for committed credentials. */
export function checkSecrets(files: GeneratedFile[]): ValidationCheck {
  const fails: string[] = [];
  for (const f of files) {
    for (const [i, line] of f.content.split("\n").entries()) {
      for (const { name, re } of SECRET_PATTERNS) {
        if (re.test(line)) fails.push(`${f.path}:${i + 1}: ${name}`);
      }
    }
  }
  return result("secrets", "No secrets committed", fails, [], `${files.length} files scanned`);
}

function checkCi(files: GeneratedFile[]): ValidationCheck {
  const fails: string[] = [];
  const warns: string[] = [];
  for (const f of files.filter((x) => x.path.startsWith(".github/workflows/"))) {
    if (/aws-secret-access-key|aws-access-key-id/i.test(f.content))
      fails.push(`${f.path}: uses long-lived AWS keys; use OIDC (role-to-assume)`);
    if (/role-to-assume/.test(f.content) && !/id-token:\s*write/.test(f.content))
      fails.push(`${f.path}: OIDC needs permissions.id-token: write`);
    for (const m of f.content.matchAll(/uses:\s*([^\s#]+)/g)) {
      const ref = m[1] ?? "";
      const version = ref.split("@")[1];
      if (version === undefined || /^(main|master|latest|HEAD)$/.test(version))
        warns.push(`${f.path}: ${ref} is not pinned to a version`);
    }
  }
  return result("ci", "CI uses OIDC and pinned actions", fails, warns);
}
