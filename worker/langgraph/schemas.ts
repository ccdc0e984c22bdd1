/**
 * Request shapes of the LangGraph Platform API subset, as `@langchain/langgraph-sdk`
 * sends them. Fields the SDK always sends but this server does not use are accepted and
 * ignored (loose objects); fields it acts on are checked.
 */
import { z } from "zod";
import { LIMITS } from "../contract/api";

/** A thread or run id: any UUID (the SDK's own ids are v4; a client may pick its own). */
export const LgId = z.uuid();

const Metadata = z.record(z.string().max(200), z.unknown()).nullish();
const Limit = z.coerce.number().int().min(1).max(LIMITS.MAX_LIST);
const Offset = z.coerce.number().int().min(0).max(10_000);

/** The SDK's stream modes. `messages`, `events` and `debug` are accepted; only the first four carry parts. */
export const STREAM_MODES = ["values", "updates", "custom", "messages-tuple", "messages", "events", "debug"] as const;
export type StreamMode = (typeof STREAM_MODES)[number];

export const StreamModeParam = z.enum(STREAM_MODES);
const StreamModes = z.union([StreamModeParam, z.array(StreamModeParam).max(STREAM_MODES.length)]);

const MessageContent = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).max(LIMITS.MAX_MESSAGES),
]);

/** A message as LangChain clients write it: `{role, content}` or `{type, content}`. */
export const InputMessage = z.looseObject({
  role: z.enum(["user", "human", "assistant", "ai", "system"]).optional(),
  type: z.enum(["human", "ai", "system"]).optional(),
  content: MessageContent,
});

/** A run's input: the brief as messages (what `useStream`'s `submit` sends). */
export const RunInput = z.looseObject({
  messages: z.array(InputMessage).min(1).max(LIMITS.MAX_MESSAGES),
});

export const Command = z.looseObject({
  resume: z.unknown().optional(),
  update: z.unknown().optional(),
  goto: z.unknown().optional(),
});

export const RunCreate = z.looseObject({
  assistant_id: z.string().min(1).max(200),
  input: z.unknown().optional(),
  command: Command.nullish(),
  stream_mode: StreamModes.nullish(),
  multitask_strategy: z.enum(["reject", "interrupt", "rollback", "enqueue"]).nullish(),
  metadata: Metadata,
  on_disconnect: z.enum(["cancel", "continue"]).nullish(),
});
export type RunCreate = z.infer<typeof RunCreate>;

export const ThreadCreate = z.looseObject({
  thread_id: LgId.nullish(),
  metadata: Metadata,
  if_exists: z.enum(["raise", "do_nothing"]).nullish(),
});

export const ThreadSearch = z.looseObject({
  ids: z.array(LgId).max(LIMITS.MAX_LIST).nullish(),
  status: z.enum(["idle", "busy", "interrupted", "error"]).nullish(),
  limit: Limit.nullish(),
  offset: Offset.nullish(),
});

export const AssistantSearch = z.looseObject({
  graph_id: z.string().max(200).nullish(),
  name: z.string().max(200).nullish(),
  limit: Limit.nullish(),
  offset: Offset.nullish(),
});

const CheckpointId = z.string().min(1).max(200);

export const HistoryRequest = z.looseObject({
  limit: Limit.nullish(),
  before: z
    .union([CheckpointId, z.looseObject({ configurable: z.looseObject({ checkpoint_id: CheckpointId }) })])
    .nullish(),
});

export const RunsListQuery = z.looseObject({
  limit: Limit.optional(),
  offset: Offset.optional(),
});

export const CancelQuery = z.looseObject({
  wait: z.enum(["0", "1", "true", "false"]).optional(),
  action: z.enum(["interrupt", "rollback"]).optional(),
});

/** A join's query: the modes to stream (repeated `stream_mode`); the SDK's other fields are ignored. */
export const RunStreamQuery = z.looseObject({ stream_mode: StreamModes.optional() });

// The agent streaming protocol (`ThreadStream` of the SDK): its stream request and its commands.

/** The channels a stream request may name (`custom:<name>` narrows custom events to one name). */
export const Channel = z.union([
  z.enum(["values", "updates", "messages", "tools", "lifecycle", "input", "checkpoints", "tasks", "custom"]),
  z.string().regex(/^custom:[\w.-]{1,100}$/),
]);

const Namespace = z.array(z.string().max(200)).max(20);

/** `POST /threads/:thread_id/stream/events`: the connection's filter and replay cursor. */
export const EventStreamRequest = z.looseObject({
  channels: z.array(Channel).min(1).max(20),
  namespaces: z.array(Namespace).max(20).optional(),
  depth: z.number().int().min(0).max(100).optional(),
  since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type EventStreamRequest = z.infer<typeof EventStreamRequest>;

/**
 * `POST /threads/:thread_id/commands`: any command's envelope. Its params are checked by
 * method once the method is known, so that an unknown method or bad params are answered
 * with the protocol's error result rather than refused as a request.
 */
export const CommandEnvelope = z.looseObject({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  method: z.string().min(1).max(100),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type CommandEnvelope = z.infer<typeof CommandEnvelope>;

/** `run.start`: the brief as input, on the thread's assistant. */
export const RunStartParams = z.looseObject({
  assistant_id: z.string().min(1).max(200),
  input: z.unknown().optional(),
  metadata: Metadata,
  multitask_strategy: z.enum(["reject", "interrupt", "rollback", "enqueue"]).nullish(),
});

const InputResponse = z.object({
  namespace: Namespace,
  interrupt_id: z.string().min(1).max(200),
  response: z.unknown(),
});

/** `input.respond`: one answer, alone or as the only entry of `responses` (the product opens one gate at a time). */
export const InputRespondParams = z.union([
  InputResponse,
  z.object({ responses: z.array(InputResponse).min(1).max(1) }),
]);

/** `state.get`: the root namespace's values (keys narrow them). */
export const StateGetParams = z.looseObject({
  namespace: Namespace.optional(),
  keys: z.array(z.string().max(200)).max(100).optional(),
});

/** `state.listCheckpoints`: the newest run's checkpoints, newest first. */
export const ListCheckpointsParams = z.looseObject({
  namespace: Namespace.optional(),
  limit: z.number().int().min(1).max(LIMITS.MAX_LIST).optional(),
  before: CheckpointId.optional(),
});
