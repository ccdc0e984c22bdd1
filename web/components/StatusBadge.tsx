import type { Status } from "../../worker/contract/status";
import { STATUS_LABEL, STATUS_SYMBOL } from "../lib/status";

/** The workflow's status as text, a symbol and a colour. */
export function StatusBadge({ status }: { status: Status }) {
  return (
    <span className={`badge status status-${status}`} data-status={status}>
      <span aria-hidden="true">{STATUS_SYMBOL[status]}</span> {STATUS_LABEL[status]}
    </span>
  );
}
