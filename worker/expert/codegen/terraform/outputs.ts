/**
 * outputs.tf from a target's table of outputs (`<target>/outputs.json`): each row names the
 * output, its value (an HCL expression), what it is for, and when it exists: every role id
 * listed is in the design, and `pattern:<id>` is its pattern.
 */
import { z } from "zod";
import type { TfContext } from "./context";
import { expr, renderHcl } from "./hcl";

export const OutputRows = z.array(
  z
    .object({
      name: z.string().regex(/^[a-z_]+$/),
      value: z.string().min(1),
      description: z.string().min(1),
      when: z.array(z.string().min(1)).default([]),
    })
    .strict(),
);
export type OutputRows = z.infer<typeof OutputRows>;

/** The outputs whose conditions the design meets, in the table's order. */
export function outputsFrom(ctx: TfContext, rows: OutputRows): string {
  const holds = (c: string) => (c.startsWith("pattern:") ? ctx.design.pattern === c.slice(8) : ctx.has(c));
  return renderHcl(
    rows
      .filter((r) => r.when.every(holds))
      .map((r) => ({
        type: "output",
        labels: [r.name],
        attrs: { description: r.description, value: expr(r.value) },
      })),
  );
}
