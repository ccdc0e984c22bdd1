/** network.tf: the VPC across zones, subnets, NAT, flow logs, the service security group and PrivateLink endpoints. */
import { logGroup, role, rolePolicy, securityGroup } from "./iam";
import type { TfContext } from "../context";

/** network.tf: the VPC the design's compute runs in. */
export function network(ctx: TfContext): string {
  const { design } = ctx;
  const nat = design.network.nat_gateways;
  const endpoints = ["ecr.api", "ecr.dkr", "logs", "kms", "sts", "monitoring"];
  if (ctx.has("sagemaker_endpoint")) endpoints.push("sagemaker.runtime");
  if (ctx.has("api_gateway") && design.network.exposure === "private") endpoints.push("execute-api");
  if (ctx.has("kinesis")) endpoints.push("kinesis-streams");
  const privateEndpoints = design.network.private_networking
    ? `
${securityGroup("endpoints", "HTTPS from inside the VPC to AWS service endpoints", [
  { kind: "ingress", description: "HTTPS from the VPC", port: 443, cidrs: "[aws_vpc.main.cidr_block]" },
])}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.\${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = aws_route_table.private[*].id
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(${JSON.stringify(endpoints).replace(/,/g, ", ")})
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.\${var.region}.\${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}
`
    : "";
  const natBlocks =
    nat > 0
      ? `
resource "aws_eip" "nat" {
  count  = ${nat}
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  count         = ${nat}
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
}
`
      : "";
  const natRoute =
    nat > 0
      ? `

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main[min(count.index, ${nat - 1})].id
  }`
      : "";
  return `data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = local.name
  }
}

resource "aws_subnet" "private" {
  count             = var.az_count
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 4, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]

  tags = {
    Name = "\${local.name}-private-\${count.index}"
    Tier = "private"
  }
}

resource "aws_subnet" "public" {
  count                   = var.az_count
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(aws_vpc.main.cidr_block, 4, count.index + 8)
  availability_zone       = data.aws_availability_zones.available.names[count.index]
  map_public_ip_on_launch = false

  tags = {
    Name = "\${local.name}-public-\${count.index}"
    Tier = "public"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  count          = var.az_count
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}
${natBlocks}
resource "aws_route_table" "private" {
  count  = var.az_count
  vpc_id = aws_vpc.main.id${natRoute}
}

resource "aws_route_table_association" "private" {
  count          = var.az_count
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "REJECT"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow_logs.arn
}

${logGroup(ctx, "flow", `/vpc/\${local.name}/flow`)}

${role("flow_logs", "vpc-flow-logs.amazonaws.com")}

${rolePolicy("flow_logs", "write-flow-logs", [{ action: `["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]`, resource: `"\${aws_cloudwatch_log_group.flow.arn}:*"` }])}

${securityGroup("service", "Model service tasks and functions", [
  ...(ctx.has("alb")
    ? [
        {
          kind: "ingress" as const,
          description: "Service port from the load balancer",
          port: 8080,
          groups: "[aws_security_group.alb.id]",
        },
      ]
    : []),
  { kind: "egress", description: "HTTPS out (AWS APIs, package mirrors)", port: 443, cidrs: `["0.0.0.0/0"]` },
])}
${privateEndpoints}`;
}
