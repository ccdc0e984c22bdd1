import { useState, type FormEvent } from "react";
import { useFetcher } from "react-router";
import type { Sharing } from "../../worker/contract/identity";

/** How the run is shared, as its page's loader found it. */
export type SharingLoad =
  | { kind: "owner"; sharing: Sharing }
  | { kind: "watcher" }
  | { kind: "failed"; message: string };

/** What saving answers: the setting as stored, or why it was not. */
export type SharingSaved = { ok: true; sharing: Sharing } | { ok: false; message: string };

interface Props {
  decisionSetId: string;
  load: SharingLoad;
  /** People can be named by email (signed in with Access). */
  byEmail: boolean;
}

/**
 * Who may watch this run. The owner chooses "anyone with the link" or "only the people
 * named" (by email, with Cloudflare Access); anyone else is told they are only watching.
 */
export function SharingControl({ decisionSetId, load, byEmail }: Props) {
  if (load.kind === "watcher") {
    return (
      <p className="notice" data-testid="watch-only">
        You are watching this run. Only its owner can answer its questions, approve its plan or cancel it.
      </p>
    );
  }
  if (load.kind === "failed") {
    return (
      <p className="notice notice-warn" role="alert">
        How this run is shared could not be loaded: {load.message}.
      </p>
    );
  }
  return <SharingForm decisionSetId={decisionSetId} stored={load.sharing} byEmail={byEmail} />;
}

function SharingForm({ decisionSetId, stored, byEmail }: { decisionSetId: string; stored: Sharing; byEmail: boolean }) {
  // The draft is posted to the page's action, which saves it and reloads the page's data.
  const fetcher = useFetcher<SharingSaved>();
  const [draft, setDraft] = useState<Sharing>(stored);
  const [email, setEmail] = useState("");
  // Once saved, the draft becomes what the server stored (it may have tidied the addresses).
  const [seen, setSeen] = useState<SharingSaved | undefined>(undefined);
  if (fetcher.data !== seen) {
    setSeen(fetcher.data);
    if (fetcher.data?.ok === true) setDraft(fetcher.data.sharing);
  }
  const saving = fetcher.state !== "idle";
  const message =
    saving || fetcher.data === undefined ? null : fetcher.data.ok ? "Saved." : `Not saved: ${fetcher.data.message}`;
  const current = draft;

  function addPerson(e: FormEvent) {
    e.preventDefault();
    const address = email.trim().toLowerCase();
    if (address === "" || current.people.includes(address)) return;
    setDraft({ ...current, people: [...current.people, address] });
    setEmail("");
  }

  function save() {
    void fetcher.submit(
      { link: current.link, people: current.people },
      { method: "post", encType: "application/json", action: `/d/${decisionSetId}` },
    );
  }

  return (
    <details className="sharing" data-testid="sharing">
      <summary>Sharing: {current.link === "watch" ? "anyone with the link can watch" : "only people you name"}</summary>
      <fieldset disabled={saving}>
        <legend className="sr-only">Who may watch this run</legend>
        <label>
          <input
            type="radio"
            name="link"
            checked={current.link === "watch"}
            onChange={() => setDraft({ ...current, link: "watch" })}
          />{" "}
          Anyone with the link can watch
        </label>
        <label>
          <input
            type="radio"
            name="link"
            checked={current.link === "none"}
            onChange={() => setDraft({ ...current, link: "none" })}
          />{" "}
          {byEmail ? "Only you and the people named below" : "Only this browser"}
        </label>
        {byEmail ? (
          <>
            <ul aria-label="People who may watch">
              {current.people.map((p) => (
                <li key={p}>
                  {p}{" "}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setDraft({ ...current, people: current.people.filter((x) => x !== p) })}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
            <form onSubmit={addPerson}>
              <label>
                Email{" "}
                <input
                  type="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  placeholder="name@example.com"
                />
              </label>{" "}
              <button type="submit" className="small">
                Add
              </button>
            </form>
          </>
        ) : null}
        <p className="muted small">
          Whoever may watch can only watch: answering, approving and cancelling stay with you.
        </p>
        <button type="button" className="small" onClick={save}>
          {saving ? "Saving…" : "Save sharing"}
        </button>{" "}
        {message !== null ? (
          <span className="small" role="status">
            {message}
          </span>
        ) : null}
      </fieldset>
    </details>
  );
}
