/** Kubernetes serving: the EKS cluster, its node groups and their IAM. */
import { attachment, logGroup, role, securityGroup } from "../iam";
import type { TfContext } from "../../context";

/** The EKS cluster, its node groups and their roles. */
export function eksTf(ctx: TfContext): string {
  const s = ctx.design.serving;
  const isPrivate = ctx.design.network.exposure === "private" || ctx.design.network.private_networking;
  const nodes = ctx.design.components.find((c) => c.id === "eks_nodes")?.quantity ?? 2;
  const instance = (s?.instance ?? "m6i.large node").replace(/ .*$/, "");
  const gpu = s?.gpu === true;
  return `${role("eks_cluster", "eks.amazonaws.com")}

${attachment("eks_cluster", `arn:aws:iam::aws:policy/AmazonEKSClusterPolicy`)}

${logGroup(ctx, "eks", `/aws/eks/\${local.name}/cluster`)}

resource "aws_eks_cluster" "main" {
  name     = local.name
  role_arn = aws_iam_role.eks_cluster.arn
  version  = "1.31"

  enabled_cluster_log_types = ["api", "audit", "authenticator"]

  vpc_config {
    subnet_ids              = aws_subnet.private[*].id
    endpoint_private_access = true
    endpoint_public_access  = ${!isPrivate}
  }${
    ctx.has("kms")
      ? `

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = aws_kms_key.main.arn
    }
  }`
      : ""
  }

  depends_on = [aws_iam_role_policy_attachment.eks_cluster, aws_cloudwatch_log_group.eks]
}

${role("eks_nodes", "ec2.amazonaws.com")}

resource "aws_iam_role_policy_attachment" "eks_nodes" {
  for_each   = toset(["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"])
  role       = aws_iam_role.eks_nodes.name
  policy_arn = "arn:aws:iam::aws:policy/\${each.value}"
}

${nodeGroup("system", "m6i.large", "", 2, 4, "")}

${nodeGroup(
  "models",
  instance,
  `\n  ami_type        = "${gpu ? "AL2_x86_64_GPU" : "AL2023_x86_64_STANDARD"}"`,
  nodes,
  nodes * 3,
  `${
    gpu
      ? `
  taint {
    key    = "nvidia.com/gpu"
    value  = "true"
    effect = "NO_SCHEDULE"
  }
`
      : ""
  }
  labels = {
    workload = "models"
  }
`,
)}

resource "aws_eks_addon" "core" {
  for_each     = toset(["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent"])
  cluster_name = aws_eks_cluster.main.name
  addon_name   = each.value
  depends_on   = [aws_eks_node_group.system]
}

${securityGroup(
  "alb",
  "HTTPS into the cluster ingress",
  [
    {
      kind: "ingress",
      description: "HTTPS",
      port: 443,
      cidrs: ctx.design.network.exposure === "private" ? "var.allowed_cidrs" : `["0.0.0.0/0"]`,
    },
  ],
  "ingress",
)}
${
  ctx.has("mlflow")
    ? `
# MLflow's backing store; the tracking server runs in the cluster (helm chart in k8s/).
resource "aws_db_subnet_group" "mlflow" {
  name       = "\${local.name}-mlflow"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "mlflow" {
  identifier                  = "\${local.name}-mlflow"
  engine                      = "postgres"
  engine_version              = "16"
  instance_class              = "db.t4g.small"
  allocated_storage           = 20
  db_name                     = "mlflow"
  username                    = "mlflow"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.mlflow.name
  vpc_security_group_ids      = [aws_security_group.service.id]
  storage_encrypted           = true${ctx.has("kms") ? "\n  kms_key_id                  = aws_kms_key.main.arn" : ""}
  multi_az                    = false
  backup_retention_period     = 7
  deletion_protection         = true
  skip_final_snapshot         = false
  final_snapshot_identifier   = "\${local.name}-mlflow-final"
}
`
    : ""
}`;
}

/** A managed node group of `instance` nodes, `min` to `max`, with the lines `ami` and `body` add. */
function nodeGroup(name: string, instance: string, ami: string, min: number, max: number, body: string): string {
  return `resource "aws_eks_node_group" "${name}" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "${name}"
  node_role_arn   = aws_iam_role.eks_nodes.arn
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = ["${instance}"]${ami}

  scaling_config {
    desired_size = ${min}
    min_size     = ${min}
    max_size     = ${max}
  }
${body}
  depends_on = [aws_iam_role_policy_attachment.eks_nodes]
}`;
}
