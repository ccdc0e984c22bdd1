import { useState, type FormEvent } from "react";
import { useFetcher } from "react-router";
import type { ViewerRole } from "../../worker/contract/api";
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
  /** The caller's role, when known: an approver is told what it may do. */
  role?: ViewerRole | undefined;
}

type PersonRole = "watch" | "approve";

/** Who may watch or approve this run, and the caller's own part in it. */
export function SharingControl({ decisionSetId, load, byEmail, role }: Props) {
  if (load.kind === "watcher" && role === "approver") {
    return (
      <p className="notice" data-testid="approver">
        You are an approver of this run: you can answer its questions and approve its plan, as its owner can. Only its
        owner can cancel it or change who sees it.
      </p>
    );
  }
  if (load.kind === "watcher") {
    return (
      <p className="notice" data-testid="watch-only">
        You are watching this run. Only its owner and the approvers it names can answer its questions or approve its
        plan; only its owner can cancel it.
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

/**
 * The owner's form: "anyone with the link" or "only the people named" (by email, with
 * Cloudflare Access), and each person named as a watcher or an approver.
 */
function SharingForm({ decisionSetId, stored, byEmail }: { decisionSetId: string; stored: Sharing; byEmail: boolean }) {
  // The draft is posted to the page's action, which saves it and reloads the page's data.
  const fetcher = useFetcher<SharingSaved>();
  const [draft, setDraft] = useState<Sharing>(stored);
  const [email, setEmail] = useState("");
  const [newRole, setNewRole] = useState<PersonRole>("watch");
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

  const named: { email: string; role: PersonRole }[] = [
    ...current.approvers.map((p) => ({ email: p, role: "approve" as const })),
    ...current.people.map((p) => ({ email: p, role: "watch" as const })),
  ];

  /** The draft with `address` named as `role`, or removed when `role` is null. */
  function withPerson(address: string, role: PersonRole | null): Sharing {
    const people = current.people.filter((x) => x !== address);
    const approvers = current.approvers.filter((x) => x !== address);
    if (role === "watch") people.push(address);
    if (role === "approve") approvers.push(address);
    return { ...current, people, approvers };
  }

  function addPerson(e: FormEvent) {
    e.preventDefault();
    const address = email.trim().toLowerCase();
    if (address === "") return;
    setDraft(withPerson(address, newRole));
    setEmail("");
  }

  function save() {
    void fetcher.submit(
      { link: current.link, people: current.people, approvers: current.approvers },
      { method: "post", encType: "application/json", action: `/d/${decisionSetId}` },
    );
  }

  return (
    <details className="sharing" data-testid="sharing">
      <summary>Sharing: {current.link === "watch" ? "anyone with the link can watch" : "only people you name"}</summary>
      <fieldset disabled={saving}>
        <legend className="sr-only">Who may watch or approve this run</legend>
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
            <ul aria-label="People who may watch or approve">
              <li>You: owner</li>
              {named.map((p) => (
                <li key={p.email}>
                  {p.email}{" "}
                  <select
                    aria-label={`Role of ${p.email}`}
                    value={p.role}
                    onChange={(e) => setDraft(withPerson(p.email, e.target.value === "approve" ? "approve" : "watch"))}
                  >
                    <option value="watch">watcher</option>
                    <option value="approve">approver</option>
                  </select>{" "}
                  <button type="button" className="link-button" onClick={() => setDraft(withPerson(p.email, null))}>
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
              <select
                aria-label="Role"
                value={newRole}
                onChange={(e) => setNewRole(e.target.value === "approve" ? "approve" : "watch")}
              >
                <option value="watch">watcher</option>
                <option value="approve">approver</option>
              </select>{" "}
              <button type="submit" className="small">
                Add
              </button>
            </form>
          </>
        ) : null}
        <p className="muted small">
          {byEmail
            ? "Watchers only watch. Approvers may also answer the questions and approve the plan; the first answer, yours or theirs, is the one taken. Cancelling stays with you."
            : "Whoever may watch can only watch: answering, approving and cancelling stay with you."}
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
