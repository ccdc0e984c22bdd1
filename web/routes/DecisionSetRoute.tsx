import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { SharingControl } from "../components/SharingControl";
import { WorkflowContainer } from "../components/WorkflowContainer";
import type { ViewerRole } from "../../worker/contract/api";
import { api, traceUrl } from "../lib/api";
import { formatDateTime } from "../lib/format";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** `/d/:decisionSetId`: the shareable page of one run, live or finished. */
export function DecisionSetRoute() {
  const { decisionSetId = "" } = useParams();
  const id = decisionSetId.toLowerCase();
  if (!UUID.test(id)) {
    return (
      <div className="page">
        <h1>Not a decision set link</h1>
        <p>
          “{decisionSetId}” is not a decision set id. Find your runs in <Link to="/history">History</Link>.
        </p>
      </div>
    );
  }
  return <DecisionSetPage key={id} id={id} />;
}

function DecisionSetPage({ id }: { id: string }) {
  const [meta, setMeta] = useState<{ title: string; created_at: string; role: ViewerRole } | null>(null);
  const [copied, setCopied] = useState(false);

  // The title is a nicety: the stream alone renders the run, so a failure here is ignored.
  // The role hides the gates' forms from a watcher; the server refuses a watcher's answer regardless.
  useEffect(() => {
    let live = true;
    api.getDecisionSet(id).then(
      (d) => {
        if (live) setMeta({ title: d.title, created_at: d.created_at, role: d.role });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id]);

  // The tab says which run it is: several may be open side by side.
  useEffect(() => {
    if (meta === null || meta.title === "") return;
    const before = document.title;
    document.title = `${meta.title} · Reasonstream`;
    return () => {
      document.title = before;
    };
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
        <h1 className="ds-title">{meta?.title !== undefined && meta.title !== "" ? meta.title : "Decision set"}</h1>
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
      <SharingControl decisionSetId={id} />
      <WorkflowContainer decisionSetId={id} watchOnly={meta?.role === "watcher"} showGraph />
    </div>
  );
}
