/**
 * Residency: every region the design names (primary, DR) lies in the stated jurisdiction.
 * Where the named target has no region there, the design must say so and name the lawful
 * options; a DR copy that cannot leave a one-region country goes across its zones.
 */
import { inJurisdiction, jurisdictionName, regionsIn } from "../catalogue/regions";
import { decisionOn, type Invariant } from "./types";

export const residency: Invariant = {
  id: "INV-RESIDENCY",
  title: "Every region lies in the jurisdiction the data must stay in",
  check({ design, req }) {
    if (req.residency === null) return { status: "n/a", detail: "No residency is stated." };
    const { jurisdiction } = req.residency;
    const place = jurisdictionName(jurisdiction);
    const named = [design.regions.primary, design.regions.dr].filter((r): r is string => r !== null);
    const outside = named.filter((r) => !inJurisdiction(r, jurisdiction));
    if (outside.length === 0) return { status: "pass", detail: `${named.join(", ")} in ${place}.` };
    const unmet = decisionOn(design, "Residency cannot be met");
    if (regionsIn(design.cloud, jurisdiction).length === 0 && unmet !== undefined && design.regions.dr === null)
      return { status: "warn", detail: unmet.reason };
    return { status: "fail", detail: `${outside.join(", ")} outside ${place}.` };
  },
};
