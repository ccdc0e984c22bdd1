import { useEffect, useState, type FormEvent } from "react";
import type { Sharing } from "../../worker/contract/identity";
import { useMe } from "../hooks/useMe";
import { api, ApiError, errorMessage } from "../lib/api";

type Load =
  | { kind: "loading" }
  | { kind: "owner"; sharing: Sharing }
  | { kind: "watcher" }
  | { kind: "failed"; message: string };

/**
 * Who may watch this run. The owner chooses "anyone with the link" or "only the people
 * named" (by email, with Cloudflare Access); anyone else is told they are only watching.
 */
export function SharingControl({ decisionSetId }: { decisionSetId: string }) {
  const me = useMe();
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [draft, setDraft] = useState<Sharing | null>(null);
  const [email, setEmail] = useState("");
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.sharing(decisionSetId).then(
      (sharing) => {
        if (!live) return;
        setLoad({ kind: "owner", sharing });
        setDraft(sharing);
      },
      (err: unknown) => {
        if (!live) return;
        // The server says 403 to anyone but the owner: they may watch, not act.
        if (err instanceof ApiError && err.status === 403) setLoad({ kind: "watcher" });
        else setLoad({ kind: "failed", message: errorMessage(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [decisionSetId]);

  if (load.kind === "loading") return null;
  if (load.kind === "watcher") {
    return (
      <p className="notice" data-testid="watch-only">
        You are watching this run. Only its owner can answer its questions, approve its plan or cancel it.
      </p>
    );
  }
  if (load.kind === "failed" || draft === null) {
    return (
      <p className="notice notice-warn" role="alert">
        How this run is shared could not be loaded{load.kind === "failed" ? `: ${load.message}` : ""}.
      </p>
    );
  }

  const current = draft;
  const byEmail = me?.access === true;

  function addPerson(e: FormEvent) {
    e.preventDefault();
    const address = email.trim().toLowerCase();
    if (address === "" || current.people.includes(address)) return;
    setDraft({ ...current, people: [...current.people, address] });
    setEmail("");
  }

  async function save() {
    setSaving(true);
    setMessage(null);
    try {
      const saved = await api.setSharing(decisionSetId, { link: current.link, people: current.people });
      setDraft(saved);
      setLoad({ kind: "owner", sharing: saved });
      setMessage("Saved.");
    } catch (err) {
      setMessage(`Not saved: ${errorMessage(err)}`);
    } finally {
      setSaving(false);
    }
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
        <button type="button" className="small" onClick={() => void save()}>
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
