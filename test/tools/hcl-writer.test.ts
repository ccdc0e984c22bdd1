/**
 * The HCL writer checked by HashiCorp's own parser: user text survives any quoting or
 * interpolation attempt as a literal, heredocs and nested blocks parse, and the project's
 * own HCL reader (used by the validator in the Worker) reads the same blocks.
 */
import { parse as parseHcl2 } from "@cdktf/hcl2json";
import { describe, expect, test } from "vitest";
import { block, blocksOf, expr, formatHcl, heredoc, parseHcl, renderHcl, resource } from "../../worker/expert";

const HOSTILE = [
  'a "quoted" name',
  "back\\slash",
  "${var.secret}",
  "%{ if true }x%{ endif }",
  "line one\nline two\ttab",
  '"\n}\nresource "aws_iam_user" "evil" {',
  "ünïcødé ✓",
  "$${already doubled}",
];

describe("HCL writer", () => {
  test.each(HOSTILE)("user text %j is written as a literal string", async (text) => {
    const hcl = renderHcl([resource("google_storage_bucket", "models", { name: "m", labels: { note: text } })]);
    const json = await parseHcl2("main.tf", hcl);
    // hcl2json answers in Terraform's JSON syntax, where a literal `${` or `%{` is doubled.
    const literal = text.replace(/([$%])\{/g, "$1$1{");
    expect(json).toEqual({
      resource: { google_storage_bucket: { models: [{ name: "m", labels: { note: literal } }] } },
    });
    const own = parseHcl(hcl);
    expect(blocksOf(own, "resource").map((b) => b.labels)).toEqual([["google_storage_bucket", "models"]]);
  });

  test("references, nested blocks, lists and heredocs parse and keep their shape", async () => {
    const hcl = formatHcl(
      renderHcl([
        { type: "variable", labels: ["region"], attrs: { type: expr("string"), default: "europe-west3" } },
        resource(
          "google_cloud_run_v2_service",
          "service",
          { name: expr('"${var.project}-svc"'), location: expr("var.region"), deletion_protection: false },
          [
            block("template", { max_instance_request_concurrency: 80 }, [
              block("containers", { args: ["serve", "--port", "8080"] }),
            ]),
          ],
        ),
        resource("google_monitoring_alert_policy", "errors", {
          display_name: "5xx",
          documentation: heredoc("Runbook:\n  check ${the} logs\nEOT\n"),
        }),
      ]),
    );
    const json = await parseHcl2("main.tf", hcl);
    const run = json.resource?.google_cloud_run_v2_service?.service?.[0];
    expect(run?.location).toBe("${var.region}");
    expect(run?.template?.[0]?.containers?.[0]?.args).toEqual(["serve", "--port", "8080"]);
    const doc = json.resource?.google_monitoring_alert_policy?.errors?.[0]?.documentation;
    expect(doc).toBe("Runbook:\n  check $${the} logs\nEOT\n");
    expect(json.variable?.region?.[0]?.default).toBe("europe-west3");
    expect(parseHcl(hcl).blocks.length).toBe(3);
  });

  test("names that are not identifiers are refused", () => {
    expect(() => renderHcl([{ type: "resource x", labels: [] }])).toThrow();
    expect(() => renderHcl([resource("a", "b", { "bad name": 1 })])).toThrow();
  });
});
