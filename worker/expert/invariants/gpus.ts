/**
 * GPUs: a brief that names a GPU count for its training gets that count in the design,
 * with the runs and hours its cost stands on.
 */
import type { Invariant } from "./types";

export const gpus: Invariant = {
  id: "INV-GPUS",
  title: "A stated GPU count is sized and priced, with its runs and hours",
  check({ design, req }) {
    const n = req.training_gpus;
    if (n === null || req.training === "none") return { status: "n/a", detail: "No GPU count is stated for training." };
    const training = design.components.find((c) => c.id === "sagemaker_training");
    if (training === undefined) return { status: "fail", detail: `${n} GPUs stated; the design trains nowhere.` };
    if (!training.unit.includes(`${n} GPUs`) || !/\d+ h\b/.test(training.unit) || training.monthly_usd <= 0)
      return { status: "fail", detail: `${n} GPUs stated; training is sized as ${training.unit}.` };
    return { status: "pass", detail: `${training.quantity} ${training.unit}: $${training.monthly_usd}/month.` };
  },
};
