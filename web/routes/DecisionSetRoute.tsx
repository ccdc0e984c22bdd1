import { useEffect, useState } from "react";
import { Link, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs } from "react-router";
import { SharingControl, type SharingLoad, type SharingSaved } from "../components/SharingControl";
import { WorkflowContainer } from "../components/WorkflowContainer";
import type { ViewerRole } from "../../worker/contract/api";
import { SharingUpdate } from "../../worker/contract/identity";
import { loadMe } from "../hooks/useMe";
import { api, ApiError, errorMessage, traceUrl } from "../lib/api";
import { formatDateTime } from "../lib/format";
import { setPageTitle } from "../lib/tab-title";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Meta {
  title: string;
  created_at: string;
  role: ViewerRole;
}

type DecisionSetData =
  | { kind: "not-an-id"; given: string }
  | { kind: "found"; id: string; meta: Meta | null; sharing: SharingLoad; byEmail: boolean };

// The title is a nicety: the stream alone renders the run (and says when there is none), so a failure here is ignored.
// The role hides the gates' forms from a watcher; the server refuses a watcher's answer regardless.
async function loadMeta(id: string): Promise<Meta | null> {
  try {
    const d = await api.getDecisionSet(id);
    return { title: d.title, created_at: d.created_at, role: d.role };
  } catch {
    return null;
  }
}

async function loadSharing(id: string): Promise<SharingLoad> {
  try {
    return { kind: "owner", sharing: await api.sharing(id) };
  } catch (err) {
    // The server says 403 to anyone but the owner: they may watch, not act.
    if (err instanceof ApiError && err.status === 403) return { kind: "watcher" };
    return { kind: "failed", message: errorMessage(err) };
  }
}

/** Whether people can be named by email: only with Access, where a person has one. */
async function canNameByEmail(): Promise<boolean> {
  try {
    return (await loadMe()).access;
  } catch {
    return false;
  }
}

/** The run's title and the caller's role, and how it is shared, fetched together before the page shows. */
export async function decisionSetLoader({ params }: LoaderFunctionArgs): Promise<DecisionSetData> {
  const given = params.decisionSetId ?? "";
  const id = given.toLowerCase();
  if (!UUID.test(id)) return { kind: "not-an-id", given };
  const [m, s, e] = await Promise.all([loadMeta(id), loadSharing(id), canNameByEmail()]);
  return { kind: "found", id, meta: m, sharing: s, byEmail: e };
}

/** Saves how the run is shared (the sharing control's fetcher posts its draft here as JSON). */
export async function decisionSetAction({ params, request }: ActionFunctionArgs): Promise<SharingSaved> {
  const body = SharingUpdate.safeParse(await request.json().catch(() => null));
  if (!body.success) return { ok: false, message: "the setting is not valid" };
  try {
    return { ok: true, sharing: await api.setSharing((params.decisionSetId ?? "").toLowerCase(), body.data) };
  } catch (err) {
    return { ok: false, message: errorMessage(err) };
  }
}

/** `/d/:decisionSetId`: the shareable page of one run, live or finished. */
export function DecisionSetRoute() {
  const data = useLoaderData<DecisionSetData>();
  if (data.kind === "not-an-id") {
    return (
      <div className="page">
        <h1>Not a decision set link</h1>
        <p>
          “{data.given}” is not a decision set id. Find your runs in <Link to="/history">History</Link>.
        </p>
      </div>
    );
  }
  return <DecisionSetPage key={data.id} {...data} />;
}

function DecisionSetPage({ id, meta, sharing, byEmail }: Extract<DecisionSetData, { kind: "found" }>) {
  const [copied, setCopied] = useState(false);

  // The tab says which run it is: several may be open side by side.
  useEffect(() => {
    if (meta === null || meta.title === "") return undefined;
    return setPageTitle(`${meta.title} · Reasonstream`);
  }, [meta]);

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="ds-title">{meta !== null && meta.title !== "" ? meta.title : "Decision set"}</h1>
        <div className="page-actions">
          {meta !== null ? <span className="muted small">Started {formatDateTime(meta.created_at)}</span> : null}
          <button type="button" className="small" onClick={() => void copyLink()}>
            {copied ? "Link copied" : "Copy link"}
          </button>
          <a className="button small" href={traceUrl(id)} download data-testid="trace-download">
            Export trace
          </a>
        </div>
      </div>
      <SharingControl decisionSetId={id} load={sharing} byEmail={byEmail} role={meta?.role} />
      <WorkflowContainer
        decisionSetId={id}
        {...(meta !== null && meta.title !== "" ? { name: meta.title } : {})}
        watchOnly={meta?.role === "watcher"}
        showGraph
      />
    </div>
  );
}
