/**
 * A small page that drives a run with the SDK's React `useStream` against
 * `/api/langgraph`, for the browser test. It is served by the dev server from here
 * (never part of the product's bundle) and shows what the hook holds, as text.
 */
import { createElement as h, useEffect, useRef } from "react";
import { createRoot } from "react-dom/client";
import { useStream } from "@langchain/langgraph-sdk/react";

const BRIEF = "Document classification for a bank, PCI-DSS, high availability, budget $6k per month";

function field(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return Object.entries(value).find(([k]) => k === key)?.[1];
}

/** Every `last_seq` the values carried, in the order the page saw them. */
const seen: number[] = [];
Object.assign(window, { lgSeen: seen });

function Page() {
  const url = new URL(window.location.href);
  const stream = useStream({
    apiUrl: `${window.location.origin}/api/langgraph`,
    assistantId: "mlops",
    threadId: url.searchParams.get("thread"),
    reconnectOnMount: true,
    onThreadId: (id) => {
      url.searchParams.set("thread", id);
      window.history.replaceState(null, "", url);
    },
  });
  const values = stream.values;
  const lastSeq = field(values, "last_seq");
  const previous = useRef<unknown>(undefined);
  useEffect(() => {
    if (typeof lastSeq === "number" && lastSeq !== previous.current) seen.push(lastSeq);
    previous.current = lastSeq;
  }, [lastSeq]);
  const interruptValue = stream.interrupt?.value;
  const gate = text(field(interruptValue, "gate"), "");
  const report = field(field(values, "final_outputs"), "report_markdown");
  const answer = () => {
    const resume =
      gate === "input" ? { responses: field(interruptValue, "smart_defaults") ?? {} } : { decision: "approved" };
    void stream.submit(null, { command: { resume } });
  };
  const completed = field(values, "completed_nodes");
  return h(
    "main",
    null,
    h(
      "button",
      { id: "start", onClick: () => void stream.submit({ messages: [{ role: "user", content: BRIEF }] }) },
      "Start",
    ),
    h("button", { id: "answer", onClick: answer, disabled: gate === "" }, "Answer"),
    h("p", { id: "status" }, text(field(values, "status"), "none")),
    h("p", { id: "gate" }, gate),
    h("p", { id: "steps" }, String(Array.isArray(completed) ? completed.length : 0)),
    h("p", { id: "report" }, typeof report === "string" && report.length > 0 ? "report" : ""),
    h(
      "p",
      { id: "error" },
      stream.error === undefined
        ? ""
        : stream.error instanceof Error
          ? stream.error.message
          : JSON.stringify(stream.error),
    ),
  );
}

const root = document.getElementById("root");
if (root !== null) createRoot(root).render(h(Page));

/** A field shown as text: strings as they are, anything else as the fallback. */
function text(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}
