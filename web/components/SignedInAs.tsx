import { useMe } from "../hooks/useMe";

/** Who is signed in, in the header; without Access, that the history lives in this browser only. */
export function SignedInAs() {
  const me = useMe();
  if (me === null) return null;
  if (me.kind === "person") {
    return (
      <span className="signed-in muted small" data-testid="signed-in">
        Signed in as <strong>{me.email ?? "a person without an email"}</strong>
      </span>
    );
  }
  if (me.kind === "machine") {
    return (
      <span className="signed-in muted small" data-testid="signed-in">
        Signed in with the API token
      </span>
    );
  }
  return (
    <span
      className="signed-in muted small"
      data-testid="signed-in"
      title="Without a sign-in, your decision sets are tied to this browser's cookie: another browser or device will not see them."
    >
      Not signed in: your history lives in this browser only
    </span>
  );
}
