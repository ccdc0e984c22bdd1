/**
 * Shape: volumes by the night, day or month are served in batch; a continuous stream with
 * seconds to act is streamed. The design names the brief's words that made the choice.
 */
import { cadenceOf } from "../extract/cadence";
import { decisionOn, type Invariant } from "./types";

export const shape: Invariant = {
  id: "INV-SHAPE",
  title: "The design has the shape the brief's words give the work",
  check({ design, req }) {
    const cadence = cadenceOf(req.description);
    if (cadence === null) return { status: "n/a", detail: "The brief states no cadence or stream." };
    const workload = cadence.shape === "batch" ? "batch_inference" : "streaming";
    const patterns = cadence.shape === "batch" ? ["batch_analytics"] : ["streaming"];
    if (!req.workloads.includes(workload))
      return {
        status: "fail",
        detail: `"${cadence.words}" asks for ${cadence.shape}; the workloads are ${req.workloads.join(", ")}.`,
      };
    const named = decisionOn(design, "Workload shape");
    if (named === undefined || !named.reason.includes(cadence.words))
      return {
        status: "fail",
        detail: `The design does not name the words ("${cadence.words}") that made it ${cadence.shape}.`,
      };
    if (!patterns.includes(design.pattern) && !req.workloads.includes("realtime_inference"))
      return {
        status: "fail",
        detail: `"${cadence.words}" asks for ${cadence.shape}; the design is ${design.pattern_name}.`,
      };
    return { status: "pass", detail: `${cadence.shape}, from "${cadence.words}".` };
  },
};
