/** The target as a question: asked with its default and the reason when a round is asked, read back from the answer. */
import { describe, expect, test } from "vitest";
import { applyAnswers, buildQuestions, extractConstraints, resolveRequirements } from "../../worker/expert";

describe("which cloud", () => {
  test("a brief that names no cloud is asked, with AWS as the default and why", () => {
    const { questions, defaults } = buildQuestions(extractConstraints("A churn model for our shop."));
    const q = questions.find((x) => x.id === "cloud");
    expect(q?.choices).toEqual(["aws", "gcp", "azure", "self_hosted"]);
    expect(defaults.cloud).toBe("aws");
    expect(q?.why).toMatch(/Default AWS: no cloud was named/);
  });

  test("a region in one cloud's naming makes that cloud the default, and says so", () => {
    const { questions, defaults } = buildQuestions(extractConstraints("A churn model served from europe-west4."));
    expect(defaults.cloud).toBe("gcp");
    expect(questions.find((x) => x.id === "cloud")?.why).toContain("europe-west4 is a Google Cloud region");
  });

  test("a brief that names its cloud is not asked", () => {
    const { questions } = buildQuestions(extractConstraints("A churn model on Azure for our shop."));
    expect(questions.map((x) => x.id)).not.toContain("cloud");
  });

  test("the answer moves the design, the place named earlier follows it, and the assumption is gone", () => {
    const base = extractConstraints("A churn model for our shop in Frankfurt.");
    expect(resolveRequirements(base).assumptions.some((a) => a.startsWith("Target: AWS"))).toBe(true);
    const { constraints, applied } = applyAnswers(base, { cloud: "Google Cloud", latency_p95_ms: "p99 150 ms" });
    expect(applied).toEqual(["cloud", "latency_p95_ms"]);
    const req = resolveRequirements(constraints);
    expect(req.cloud).toBe("gcp");
    expect(req.regions).toEqual(["europe-west3"]);
    expect(req.latency_p95_ms).toBe(150);
    expect(req.latency_percentile).toBe("p99");
    expect(req.assumptions.some((a) => a.startsWith("Target:"))).toBe(false);
    expect(applyAnswers(base, { cloud: "self hosted" }).constraints.cloud).toBe("self_hosted");
    expect(applyAnswers(base, { cloud: "mainframe" }).ignored).toEqual(["cloud"]);
  });
});
