/**
 * Blocks every Terraform module repeats: IAM roles, their inline policies and managed
 * attachments, encrypted log groups, and scheduled starts. One writer each, so a change
 * to how roles or schedules are written lands in every module at once.
 */
import type { TfContext } from "../context";
import { block, expr, renderBlock, resource } from "../hcl";

/** One Allow statement: HCL expressions for its actions and resources. */
export interface Statement {
  action: string;
  resource: string;
}

/** The trust policy that lets `service` assume a role. */
export function assume(service: string): string {
  return `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "${service}" }
      Action    = "sts:AssumeRole"
    }]
  })`;
}

/** Encrypts a log group with the design's key, when it has one. */
export function kmsLogs(ctx: TfContext): string {
  return ctx.has("kms") ? "\n  kms_key_id        = aws_kms_key.main.arn" : "";
}

/** An IAM role `service` assumes, named after the deployment and `suffix`. */
export function role(name: string, service: string, suffix = name.replace(/_/g, "-")): string {
  return `resource "aws_iam_role" "${name}" {
  name               = "\${local.name}-${suffix}"
  assume_role_policy = ${assume(service)}
}`;
}

/**
 * An inline policy on `roleName`'s role allowing each statement. A single statement is
 * written inline unless `list` asks for the list form (a policy whose statements vary).
 */
export function rolePolicy(
  roleName: string,
  policyName: string,
  statements: Statement[],
  options: { resource?: string; list?: boolean } = {},
): string {
  const body = (s: Statement, indent: string) =>
    `${indent}Effect   = "Allow"\n${indent}Action   = ${s.action}\n${indent}Resource = ${s.resource}`;
  const first = statements[0];
  const list =
    options.list === true || statements.length !== 1 || first === undefined
      ? `[\n${statements.map((s) => `      {\n${body(s, "        ")}\n      }`).join(",\n")}\n    ]`
      : `[{\n${body(first, "      ")}\n    }]`;
  return `resource "aws_iam_role_policy" "${options.resource ?? roleName}" {
  name = "${policyName}"
  role = aws_iam_role.${roleName}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = ${list}
  })
}`;
}

/** Attaches a managed policy to `roleName`'s role. */
export function attachment(name: string, policyArn: string, roleName = name): string {
  return `resource "aws_iam_role_policy_attachment" "${name}" {
  role       = aws_iam_role.${roleName}.name
  policy_arn = "${policyArn}"
}`;
}

/** A log group kept 90 days, encrypted with the design's key when it has one. */
export function logGroup(ctx: TfContext, name: string, path: string): string {
  return `resource "aws_cloudwatch_log_group" "${name}" {
  name              = "${path}"
  retention_in_days = 90${kmsLogs(ctx)}
}`;
}

/** A schedule that starts `target` through its own role, allowed only `action` on `resource`. */
export function scheduledStart(x: {
  roleName: string;
  policyName: string;
  action: string;
  resource: string;
  schedule: string;
  expression: string;
  target: string;
  input?: string;
}): string {
  const input = x.input === undefined ? "" : `\n    input    = ${x.input}`;
  return `${role(x.roleName, "scheduler.amazonaws.com")}

${rolePolicy(x.roleName, x.policyName, [{ action: x.action, resource: x.resource }])}

resource "aws_scheduler_schedule" "${x.schedule}" {
  name                = "\${local.name}-${x.schedule}"
  schedule_expression = "${x.expression}"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = ${x.target}
    role_arn = aws_iam_role.${x.roleName}.arn${input}
  }
}`;
}

/** One TCP rule of a security group: from (ingress) or to (egress) CIDRs or other groups. */
export interface SgRule {
  kind: "ingress" | "egress";
  description: string;
  port: number;
  /** An HCL list expression of CIDR blocks. */
  cidrs?: string;
  /** An HCL list expression of security group ids. */
  groups?: string;
}

/** A security group in the VPC, named after the deployment and `suffix`, with its TCP rules. */
export function securityGroup(name: string, description: string, rules: SgRule[], suffix = name): string {
  const rule = (r: SgRule) =>
    block(r.kind, {
      description: r.description,
      from_port: r.port,
      to_port: r.port,
      protocol: "tcp",
      cidr_blocks: r.cidrs === undefined ? undefined : expr(r.cidrs),
      security_groups: r.groups === undefined ? undefined : expr(r.groups),
    });
  const attrs = { name: expr(`"\${local.name}-${suffix}"`), description, vpc_id: expr("aws_vpc.main.id") };
  return renderBlock(resource("aws_security_group", name, attrs, rules.map(rule)));
}

/** Application Auto Scaling of `resourceId`'s `dimension` between `min` and `max`, tracking `config`. */
export function autoscaling(x: {
  name: string;
  namespace: string;
  resourceId: string;
  dimension: string;
  min: number;
  max: number;
  policySuffix: string;
  /** The body of `target_tracking_scaling_policy_configuration`, as HCL. */
  config: string;
}): string {
  const target = `aws_appautoscaling_target.${x.name}`;
  return `resource "aws_appautoscaling_target" "${x.name}" {
  service_namespace  = "${x.namespace}"
  resource_id        = "${x.resourceId}"
  scalable_dimension = "${x.dimension}"
  min_capacity       = ${x.min}
  max_capacity       = ${x.max}
}

resource "aws_appautoscaling_policy" "${x.name}" {
  name               = "\${local.name}-${x.policySuffix}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = ${target}.service_namespace
  resource_id        = ${target}.resource_id
  scalable_dimension = ${target}.scalable_dimension

  target_tracking_scaling_policy_configuration {
    ${x.config}
  }
}`;
}

/** A statement of a resource policy: Sid, effect, principal, action, resource and an optional condition, as HCL. */
export type PolicyStatement = [
  sid: string,
  effect: "Allow" | "Deny",
  principal: string,
  action: string,
  resource: string,
  condition?: string,
];

/** A resource policy document (`jsonencode`) of the statements, written at the attribute's indentation. */
export function policyDocument(statements: PolicyStatement[]): string {
  const entry = ([sid, effect, principal, action, resource, condition]: PolicyStatement) => {
    const lines = [
      `Sid = "${sid}"`,
      `Effect = "${effect}"`,
      `Principal = ${principal}`,
      `Action = ${action}`,
      `Resource = ${resource}`,
    ];
    if (condition !== undefined) lines.push(`Condition = ${condition}`);
    return `      {\n${lines.map((l) => `        ${l}`).join("\n")}\n      }`;
  };
  return `jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n${statements.map(entry).join(",\n")}\n    ]\n  })`;
}
