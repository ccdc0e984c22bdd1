/**
 * The catalogue's data, one JSON table per target (`clouds/*.json`) and one list of the
 * cloud-neutral roles (`roles.json`), validated here once at load. A table says where its
 * prices come from (`source`, `as_of`, `region`, `basis`); self-hosted prices come from a
 * stated cost model (hardware amortised over its life, power, rack space, operations
 * time), so its rows count units of that model instead of dollars.
 *
 * A malformed table, a role missing from a cloud or a cloud naming a role that does not
 * exist fails the import: the catalogue is closed, and every target covers every role.
 */
import { z } from "zod";
import { Cloud, Compliance, COMPLIANCE, type ModelSize } from "../schema";
import aws from "./clouds/aws.json";
import azure from "./clouds/azure.json";
import gcp from "./clouds/gcp.json";
import selfHosted from "./clouds/self-hosted.json";
import roleData from "./roles.json";

/** Hours in the month every monthly figure is priced at. */
export const HOURS_PER_MONTH = 730;

export const CATEGORIES = [
  "ingress",
  "compute",
  "serving",
  "storage",
  "data",
  "streaming",
  "pipeline",
  "registry",
  "monitoring",
  "security",
  "network",
] as const;
export type Category = (typeof CATEGORIES)[number];

const Role = z.object({ category: z.enum(CATEGORIES), role: z.string().min(1) }).strict();

/** Units of the self-hosted cost model; priced by `priceOf`. */
const Amortised = z
  .object({
    cpu_units: z.number().nonnegative().default(0),
    gpu_units: z.number().nonnegative().default(0),
    ops_hours: z.number().nonnegative().default(0),
  })
  .strict();
/** A monthly figure: list-price dollars, or units of the table's cost model. */
const Usd = z.union([z.number().nonnegative(), Amortised]);
type Usd = z.infer<typeof Usd>;

const Row = z
  .object({
    name: z.string().min(1),
    service: z.string().min(1),
    fixed_usd: Usd,
    per_rps_usd: z.number().nonnegative(),
    // Defaults: off the request path, private, zone-redundant, eligible for every regime.
    latency_ms: z.number().nonnegative().default(0),
    availability: z.number().min(90).max(100),
    compliance: z.union([z.literal("all"), z.literal("most"), z.array(Compliance)]).default("all"),
    public_by_default: z.boolean().default(false),
    multi_az: z.boolean().default(true),
    terraform: z.string().min(1),
    /** Set when the target has no product for the role: what stands in for it, and how it differs. */
    equivalent: z.string().min(1).optional(),
  })
  .strict();

const Replica = z
  .object({
    instance: z.string().min(1),
    monthly_usd: Usd,
    capacity_rps: z.number().positive(),
    gpu: z.boolean(),
    inference_ms: z.number().nonnegative(),
  })
  .strict();
const FunctionSize = z
  .object({
    per_rps_usd: z.number().positive(),
    inference_ms: z.number().positive(),
    cold_start_ms: z.number().nonnegative(),
    memory: z.string().min(1),
  })
  .strict();
/** One training run; an amortised hourly price is its units' monthly cost over 730 hours. */
const Training = z.object({ instance: z.string().min(1), hours: z.number().positive(), usd_per_hour: Usd }).strict();
const bySize = <T extends z.ZodType>(item: T) => z.object({ small: item, medium: item, large: item, xlarge: item });

/** One kind of self-hosted capacity: a server's list price shared by the units it holds. */
const Unit = z
  .object({
    description: z.string().min(1),
    server_usd: z.number().positive(),
    units_per_server: z.number().positive(),
    power_watts: z.number().positive(),
    usd_per_kwh: z.number().positive(),
    pue: z.number().min(1),
    rack_usd_month: z.number().nonnegative(),
  })
  .strict();
const CostModel = z
  .object({
    summary: z.string().min(1),
    amortisation_months: z.number().int().positive(),
    ops_usd_per_hour: z.number().positive(),
    cpu_unit: Unit,
    gpu_unit: Unit,
  })
  .strict();
export type CostModel = z.infer<typeof CostModel>;

const Table = z
  .object({
    cloud: Cloud,
    title: z.string().min(1),
    /** The public price page the figures were read from (or, self-hosted, the cost model). */
    source: z.string().min(1),
    /** The date the list prices are as of. */
    as_of: z.iso.date(),
    /** The region the list prices are for. */
    region: z.string().min(1),
    basis: z.string().min(1),
    /** The regimes a role marked "most" is eligible for on this target. */
    compliance_most: z.array(Compliance),
    cost_model: CostModel.optional(),
    /** Roles every design on this target carries (self-hosted: the cluster everything runs on). */
    always: z.array(z.string()).default([]),
    rates: z
      .object({
        storage_gb_month: z.number().positive(),
        batch_task_hour: Usd,
        query_tb_scanned: z.number().nonnegative(),
        /** The stream's unit of capacity; `rps: null` = one unit scales on its own. */
        stream_unit: z.object({ label: z.string().min(1), usd_month: Usd, rps: z.number().positive().nullable() }),
        warm_function_month: z.object({ small: Usd, medium: Usd }),
      })
      .strict(),
    replicas: z
      .object({
        containers: bySize(Replica.nullable()),
        kubernetes: bySize(Replica.nullable()),
        managed: bySize(Replica.nullable()),
      })
      .strict(),
    functions: bySize(FunctionSize.nullable()),
    training: bySize(Training),
    roles: z.record(z.string(), Row),
  })
  .strict();

/** A role's product on one target, with its prices resolved to dollars. */
export interface ResolvedRow {
  id: string;
  category: Category;
  role: string;
  name: string;
  service: string;
  fixed_usd: number;
  per_rps_usd: number;
  latency_ms: number;
  availability: number;
  compliance: Compliance[];
  public_by_default: boolean;
  multi_az: boolean;
  terraform: string;
  equivalent?: string;
}

/** A serving replica: its instance, monthly price, sustained rps and p95 inference time. */
export interface ReplicaSpec {
  instance: string;
  monthly_usd: number;
  capacity_rps: number;
  gpu: boolean;
  inference_ms: number;
}
export interface FunctionSpec {
  per_rps_usd: number;
  inference_ms: number;
  cold_start_ms: number;
  memory: string;
}
export interface TrainingRun {
  instance: string;
  hours: number;
  usd_per_hour: number;
}
export type BySize<T> = Record<ModelSize, T>;

/** Where a target's prices come from: the page, the date, the region and how they were read. */
export interface PriceSource {
  cloud: Cloud;
  /** The target's name, e.g. "Google Cloud". */
  title: string;
  source: string;
  as_of: string;
  region: string;
  basis: string;
  /** Self-hosted: the amortised hardware and operations model its prices come from. */
  cost_model: CostModel | null;
}

/** One target's catalogue, its prices in dollars. */
export interface ResolvedTable extends PriceSource {
  always: string[];
  rates: {
    storage_gb_month: number;
    batch_task_hour: number;
    query_tb_scanned: number;
    stream_unit: { label: string; usd_month: number; rps: number | null };
    warm_function_month: { small: number; medium: number };
  };
  replicas: Record<"containers" | "kubernetes" | "managed", BySize<ReplicaSpec | null>>;
  functions: BySize<FunctionSpec | null>;
  training: BySize<TrainingRun>;
  roles: ReadonlyMap<string, ResolvedRow>;
}

/** The cloud-neutral roles: id, category, what the role does. */
export const ROLES: Readonly<Record<string, z.infer<typeof Role>>> = z.record(z.string(), Role).parse(roleData);

/** Monthly dollars of one unit of `unit`: its server's share, power and rack space. */
export function unitMonthUsd(model: CostModel, unit: "cpu_unit" | "gpu_unit"): number {
  const u = model[unit];
  const power = ((u.power_watts * HOURS_PER_MONTH) / 1000) * u.usd_per_kwh * u.pue;
  return (u.server_usd / model.amortisation_months + power + u.rack_usd_month) / u.units_per_server;
}

/** Dollars a month of a figure: as given, or its units priced by the cost model. */
function priceOf(figure: Usd, model: CostModel | undefined, where: string): number {
  if (typeof figure === "number") return figure;
  if (model === undefined) throw new Error(`${where}: amortised units need the table's cost_model`);
  const usd =
    figure.cpu_units * unitMonthUsd(model, "cpu_unit") +
    figure.gpu_units * unitMonthUsd(model, "gpu_unit") +
    figure.ops_hours * model.ops_usd_per_hour;
  return Math.round(usd * 100) / 100;
}

function mapSizes<A, B>(sizes: BySize<A>, f: (a: A, size: ModelSize) => B): BySize<B> {
  return {
    small: f(sizes.small, "small"),
    medium: f(sizes.medium, "medium"),
    large: f(sizes.large, "large"),
    xlarge: f(sizes.xlarge, "xlarge"),
  };
}

/** Validates one table and resolves its prices; throws on anything the catalogue cannot stand on. */
export function loadTable(data: unknown): ResolvedTable {
  const t = Table.parse(data);
  const model = t.cost_model;
  const at = (where: string) => `${t.cloud} ${where}`;
  const missing = Object.keys(ROLES).filter((id) => !(id in t.roles));
  const unknown = [...Object.keys(t.roles), ...t.always].filter((id) => !(id in ROLES));
  if (missing.length > 0) throw new Error(`${t.cloud} catalogue lacks roles: ${missing.join(", ")}`);
  if (unknown.length > 0) throw new Error(`${t.cloud} catalogue names unknown roles: ${unknown.join(", ")}`);
  const roles = new Map<string, ResolvedRow>();
  for (const [id, row] of Object.entries(t.roles)) {
    const role = ROLES[id];
    if (role === undefined) continue;
    roles.set(id, {
      ...row,
      id,
      category: role.category,
      role: role.role,
      fixed_usd: priceOf(row.fixed_usd, model, at(id)),
      compliance:
        row.compliance === "all" ? [...COMPLIANCE] : row.compliance === "most" ? t.compliance_most : row.compliance,
    });
  }
  const replica = (r: z.infer<typeof Replica> | null, where: string): ReplicaSpec | null =>
    r === null ? null : { ...r, monthly_usd: priceOf(r.monthly_usd, model, at(where)) };
  const hourly = (figure: Usd, where: string) =>
    typeof figure === "number"
      ? figure
      : Math.round((priceOf(figure, model, at(where)) / HOURS_PER_MONTH) * 1000) / 1000;
  return {
    cloud: t.cloud,
    title: t.title,
    source: t.source,
    as_of: t.as_of,
    region: t.region,
    basis: t.basis,
    cost_model: model ?? null,
    always: t.always,
    rates: {
      storage_gb_month: t.rates.storage_gb_month,
      batch_task_hour: hourly(t.rates.batch_task_hour, "batch task hour"),
      query_tb_scanned: t.rates.query_tb_scanned,
      stream_unit: {
        ...t.rates.stream_unit,
        usd_month: priceOf(t.rates.stream_unit.usd_month, model, at("stream unit")),
      },
      warm_function_month: {
        small: priceOf(t.rates.warm_function_month.small, model, at("warm function")),
        medium: priceOf(t.rates.warm_function_month.medium, model, at("warm function")),
      },
    },
    replicas: {
      containers: mapSizes(t.replicas.containers, (r, s) => replica(r, `containers ${s}`)),
      kubernetes: mapSizes(t.replicas.kubernetes, (r, s) => replica(r, `kubernetes ${s}`)),
      managed: mapSizes(t.replicas.managed, (r, s) => replica(r, `managed ${s}`)),
    },
    functions: t.functions,
    training: mapSizes(t.training, (r, s) => ({ ...r, usd_per_hour: hourly(r.usd_per_hour, `training ${s}`) })),
    roles,
  };
}

/** Every target's table, validated at load; each file must be the table of the target it is imported as. */
export const TABLES: Readonly<Record<Cloud, ResolvedTable>> = {
  aws: tableOf("aws", aws),
  gcp: tableOf("gcp", gcp),
  azure: tableOf("azure", azure),
  self_hosted: tableOf("self_hosted", selfHosted),
};

function tableOf(cloud: Cloud, data: unknown): ResolvedTable {
  const table = loadTable(data);
  if (table.cloud !== cloud) throw new Error(`the ${cloud} catalogue file holds the ${table.cloud} table`);
  return table;
}
