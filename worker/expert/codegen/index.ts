/**
 * Code generation: a real repository for the chosen design (Terraform for its services,
 * the model service with its Dockerfile, CI, README, DEPLOYMENT guide). Every path goes
 * through `sanitizePath`, because the project name comes from user text.
 */
import { sanitizePath } from "../paths";
import type { Design, GeneratedFile, Requirements } from "../schema";
import { slugify } from "../text";
import { ciWorkflow, kubernetesFiles } from "./ci";
import { architectureJson, deployment, readme, trainingPipeline } from "./docs";
import { serviceFiles } from "./service";
import { terraformFiles } from "./terraform";

/** Upper bound on one generated file, far above what the templates produce. */
const MAX_FILE_CHARS = 200_000;

/** The generated repository, paths sanitised and sorted. */
export function generateRepository(design: Design, req: Requirements): GeneratedFile[] {
  const project = slugify(req.project_name);
  const ids = new Set(design.components.map((c) => c.id));
  const serviceDir = sanitizePath(`services/${project}`);
  const files: GeneratedFile[] = [
    ...terraformFiles({ design, req, project, has: (id) => ids.has(id) }),
    ...serviceFiles(serviceDir, project, design, req),
    ciWorkflow(serviceDir, design, req),
    readme(serviceDir, design, req),
    deployment(serviceDir, design, req),
    architectureJson(design, req),
    { path: ".gitignore", content: "node_modules/\ndist/\n.terraform/\n*.tfstate\n*.tfstate.*\n*.tfplan\n.env\n" },
  ];
  if (design.pattern === "kubernetes") files.push(...kubernetesFiles(design));
  if (ids.has("sagemaker_training")) files.push(trainingPipeline(design, req));
  const seen = new Set<string>();
  const out: GeneratedFile[] = [];
  for (const f of files) {
    const path = sanitizePath(f.path);
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, content: f.content.slice(0, MAX_FILE_CHARS) });
  }
  return out.toSorted((a, b) => a.path.localeCompare(b.path));
}
