/**
 * The relay tier's routing, defined once: when the home DecisionSet object sends a new
 * subscriber to a StreamRelay instead of taking it itself, which relay it names (decision
 * set, region, shard), and the URLs and statuses the edge, the home and the relays speak.
 * The home's sends per batch are then bounded by its relays (at most RELAY_SHARDS_MAX per
 * region) plus RELAY_THRESHOLD direct subscribers, whatever the audience.
 */
import { z } from "zod";
import type { TypeFilter } from "./filter";
import { subscribeUrl } from "./subscribe";

/** Edge subscribers one relay takes at most; past it the relay answers RELAY_FULL_STATUS. */
export const RELAY_SUBSCRIBERS_MAX = 500;
/** Relays per decision set and region at most (shards 0..RELAY_SHARDS_MAX-1). */
export const RELAY_SHARDS_MAX = 256;
/** Shards an edge tries, from the one the home named on, before it subscribes at the home directly. */
export const RELAY_PROBES = 4;

/** The home's answer "subscribe through a relay", naming the shard in RELAY_SHARD_HEADER. */
export const RELAY_ROUTE_STATUS = 307;
export const RELAY_SHARD_HEADER = "x-relay-shard";
/** A full relay's answer: the edge tries the next shard. */
export const RELAY_FULL_STATUS = 503;

/** Durable Object regions (the `locationHint` values), and `any` where the edge cannot tell. */
export const Region = z.enum(["wnam", "enam", "sam", "weur", "eeur", "apac", "oc", "afr", "me", "any"]);
export type Region = z.infer<typeof Region>;

/** Who asks the home to subscribe: an edge (may be routed to a relay), an edge no relay could take, a relay. */
export const SubscribeRoute = z.enum(["edge", "direct", "relay"]);
export type SubscribeRoute = z.infer<typeof SubscribeRoute>;

/** What the edge reads of `request.cf` (absent locally). */
const EdgeLocation = z.object({ continent: z.string().optional(), longitude: z.string().optional() });

const CONTINENT_REGIONS: Record<string, Region> = {
  SA: "sam",
  EU: "weur",
  AS: "apac",
  OC: "oc",
  AF: "afr",
};

/**
 * The region nearest the edge that took the request, from the continent (and, in North
 * America, the longitude) Cloudflare puts on it; `any` without them (local runs, tests).
 */
export function regionOf(cf: unknown): Region {
  const where = EdgeLocation.safeParse(cf);
  const continent = where.success ? where.data.continent : undefined;
  if (continent === undefined) return "any";
  if (continent === "NA") return Number(where.data?.longitude ?? "0") < -100 ? "wnam" : "enam";
  return CONTINENT_REGIONS[continent] ?? "any";
}

/** The home's subscribe URL with who asks and from where. */
export function routedSubscribeUrl(after: number, filter: TypeFilter, route: SubscribeRoute, region: Region): string {
  return `${subscribeUrl(after, filter)}&route=${route}&region=${region}`;
}

/** A relay's subscribe URL: the home's, with the decision set it relays. */
export function relaySubscribeUrl(decisionSetId: string, after: number, filter: TypeFilter): string {
  return `${subscribeUrl(after, filter)}&set=${encodeURIComponent(decisionSetId)}`;
}

/** What the home writes in a relay's socket attachment, so that it tells relays from edges after a wake. */
const RelayAttachment = z.object({ relay: z.literal(true) });

/** Marks a socket the home accepted as a relay's upstream. */
export function markRelay(ws: WebSocket): void {
  ws.serializeAttachment({ relay: true });
}

/** How many of the object's sockets are relays (O(sockets): the home holds at most the threshold and its relays). */
export function countRelays(ctx: DurableObjectState): number {
  let relays = 0;
  for (const ws of ctx.getWebSockets()) if (RelayAttachment.safeParse(ws.deserializeAttachment()).success) relays++;
  return relays;
}

/**
 * The home's side of routing. Below `threshold` direct subscribers a new one is taken
 * directly (the path without relays, unchanged); from it on, new subscribers of a region
 * fill shard 0 with `perShard`, then shard 1, and so on, wrapping at RELAY_SHARDS_MAX. The
 * counts live in memory: after a wake they start again at shard 0, and a relay that is
 * full sends the edge on to the next shard, so no relay holds more than RELAY_SUBSCRIBERS_MAX.
 * Bounded: one counter per region.
 */
export class RelayRouter {
  /** Direct subscribers the home takes before routing (RELAY_THRESHOLD). */
  threshold: number;
  /** New subscribers per shard before the next is used. */
  perShard = RELAY_SUBSCRIBERS_MAX;
  private readonly routed = new Map<Region, number>();

  constructor(threshold: number) {
    this.threshold = threshold;
  }

  /** The shard a new subscriber from `region` goes to, or null when the home takes it itself. */
  shardFor(direct: number, region: Region): number | null {
    if (direct < this.threshold) return null;
    const n = this.routed.get(region) ?? 0;
    this.routed.set(region, n + 1);
    return Math.floor(n / this.perShard) % RELAY_SHARDS_MAX;
  }

  /** Subscribers sent to relays since the object woke. */
  get routedTotal(): number {
    let total = 0;
    for (const n of this.routed.values()) total += n;
    return total;
  }
}

/** The home's answer that routes a subscriber to relay `shard`. */
export function routeToRelay(shard: number): Response {
  return new Response(null, { status: RELAY_ROUTE_STATUS, headers: { [RELAY_SHARD_HEADER]: String(shard) } });
}

/** The relay of a decision set, region and shard; created in `region` (its location hint) on first use. */
export function relayStub(env: Env, decisionSetId: string, region: Region, shard: number): DurableObjectStub {
  const id = env.STREAM_RELAY.idFromName(`${decisionSetId}:${region}:${shard}`);
  return env.STREAM_RELAY.get(id, region === "any" ? undefined : { locationHint: region });
}

/** What subscribing needs of the home object: its subscribe endpoint (the object imports this module). */
type Home = { fetch(input: string, init: RequestInit): Promise<Response> };

/**
 * An edge's subscription: asks the home; when the home routes it to a relay, subscribes
 * there (the next shards while they are full), and at the home directly when none takes
 * it. The answer is the home's or the relay's, which speak the same subscribe protocol.
 */
export async function subscribe(
  env: Env,
  home: Home,
  decisionSetId: string,
  after: number,
  filter: TypeFilter,
  region: Region,
): Promise<Response> {
  const upgrade = { headers: { upgrade: "websocket" } };
  const answer = await home.fetch(routedSubscribeUrl(after, filter, "edge", region), upgrade);
  if (answer.status !== RELAY_ROUTE_STATUS) return answer;
  const named = Number(answer.headers.get(RELAY_SHARD_HEADER));
  const shard = Number.isSafeInteger(named) ? named : 0;
  for (let i = 0; i < RELAY_PROBES; i++) {
    const relay = relayStub(env, decisionSetId, region, (shard + i) % RELAY_SHARDS_MAX);
    const relayed = await relay.fetch(relaySubscribeUrl(decisionSetId, after, filter), upgrade);
    if (relayed.status !== RELAY_FULL_STATUS) return relayed;
  }
  return home.fetch(routedSubscribeUrl(after, filter, "direct", region), upgrade);
}
