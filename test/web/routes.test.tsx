/**
 * The pages' loaders and actions in a memory router, against a stubbed `fetch`: a thread's
 * revisions fetched together, a failed list shown through the route's error element with
 * the API's envelope, and sharing saved through the page's action.
 */
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider, type RouteObject } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { initialView, reduceAll } from "../../worker/contract/reduce";
import { RevisionCompare } from "../../web/components/result/RevisionCompare";
import { SharingControl } from "../../web/components/SharingControl";
import { loadRevisions, revisionsLoader } from "../../web/lib/revisions-loader";
import { decisionSetAction } from "../../web/routes/DecisionSetRoute";
import { routes } from "../../web/routes/routes";
import { DS, runUntil } from "./fixtures";

/** A thread of four runs, oldest first: each revises the one before. */
const THREAD = [
  "0b8e9a52-6c1d-4f3e-8a7b-1c2d3e4f5a61",
  "1c9f0b63-7d2e-4a4f-9b8c-2d3e4f5a6b72",
  "2da01c74-8e3f-4b5a-8c9d-3e4f5a6b7c83",
  "3eb12d85-9f4a-4c6b-9dae-4f5a6b7c8d94",
];
const NEWEST = THREAD[3] ?? "";

function summary(id: string) {
  const i = THREAD.indexOf(id);
  return {
    decision_set_id: id,
    thread_id: "4fc23e96-a05b-4d7c-8ebf-5a6b7c8d9ea5",
    previous_id: i > 0 ? (THREAD[i - 1] ?? null) : null,
    title: `Design ${i + 1}`,
    status: "completed",
    created_at: `2026-11-2${i}T10:00:00.000Z`,
    updated_at: `2026-11-2${i}T10:01:00.000Z`,
  };
}

function detail(id: string) {
  return {
    ...summary(id),
    role: "owner",
    last_seq: 9,
    progress: 1,
    final_outputs: null,
    snapshot: reduceAll(initialView(id), runUntil("workflow-paused", "input")),
  };
}

const envelope = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

type Handler = (url: string, init: RequestInit | undefined) => Response | undefined;
let handler: Handler;
let requests: string[];
let inFlight: number;
let mostInFlight: number;

beforeEach(() => {
  requests = [];
  inFlight = 0;
  mostInFlight = 0;
  handler = () => undefined;
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    requests.push(`${init?.method ?? "GET"} ${url}`);
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    // Every answer takes a moment, so requests made together overlap.
    await new Promise((resolve) => setTimeout(resolve, 10));
    inFlight--;
    return handler(url, init) ?? envelope(404, "not_found", `nothing at ${url}`);
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** Answers a detail for each run of THREAD, and the list when `listed` holds some. */
function threadServer(listed: readonly string[]): Handler {
  return (url) => {
    if (url === "/api/decision-sets") return Response.json({ decision_sets: listed.map(summary).toReversed() });
    const id = url.replace("/api/decision-sets/", "");
    return THREAD.includes(id) ? Response.json(detail(id)) : undefined;
  };
}

describe("the revisions loader", () => {
  it("fetches the earlier revisions together once the caller's list has shown the chain", async () => {
    handler = threadServer(THREAD);
    const revisions = await loadRevisions(NEWEST);
    expect(revisions.map((r) => r.decisionSetId)).toEqual(THREAD);
    expect(requests).toHaveLength(5);
    expect(requests.slice(0, 2).toSorted()).toEqual(["GET /api/decision-sets", `GET /api/decision-sets/${NEWEST}`]);
    // The three earlier revisions were in flight at the same time, not one after another.
    expect(mostInFlight).toBe(3);
  });

  it("follows the chain link by link where the list does not know it (someone else's thread)", async () => {
    handler = threadServer([]);
    const revisions = await loadRevisions(NEWEST);
    expect(revisions.map((r) => r.decisionSetId)).toEqual(THREAD);
    expect(mostInFlight).toBe(2);
  });
});

function renderAt(routeTable: RouteObject[], path: string) {
  const router = createMemoryRouter(routeTable, { initialEntries: [path] });
  render(<RouterProvider router={router} />);
  return router;
}

describe("RevisionCompare", () => {
  it("shows the revisions its loader fetched side by side", async () => {
    handler = threadServer(THREAD);
    renderAt(
      [
        { path: "/", element: <RevisionCompare decisionSetId={NEWEST} /> },
        { path: "/d/:decisionSetId/revisions", loader: revisionsLoader },
      ],
      "/",
    );
    expect(screen.getByText("Loading the earlier revisions…")).toBeTruthy();
    const table = await screen.findByTestId("revision-compare");
    expect(table.querySelectorAll("thead th")).toHaveLength(5);
    // The revisions' records once each; the two newest revisions' zips for their file diffs.
    expect(requests.filter((r) => !r.endsWith("/artifacts.zip"))).toHaveLength(5);
    expect(requests.filter((r) => r.endsWith("/artifacts.zip"))).toHaveLength(2);
  });

  it("says in its tab, not in place of the page, that the revisions could not be loaded", async () => {
    handler = (url) => (url === "/api/decision-sets" ? undefined : envelope(500, "internal", "The store is down."));
    renderAt(
      [
        { path: "/", element: <RevisionCompare decisionSetId={NEWEST} /> },
        { path: "/d/:decisionSetId/revisions", loader: revisionsLoader },
      ],
      "/",
    );
    expect((await screen.findByRole("alert")).textContent).toBe(
      "The earlier revisions could not be loaded: The store is down.",
    );
  });
});

describe("the history page", () => {
  it("shows the API's error envelope when its list fails, and loads it on Try again", async () => {
    let fail = true;
    handler = (url) => {
      if (url === "/api/me") return Response.json({ kind: "browser", email: null, access: false });
      if (url !== "/api/decision-sets") return undefined;
      return fail
        ? envelope(503, "unavailable", "The database is not answering.")
        : Response.json({ decision_sets: [summary(NEWEST)] });
    };
    renderAt(routes, "/history");
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe(
      "Your decision sets could not be loaded",
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("The database is not answering.");
    expect(alert.getAttribute("data-error-code")).toBe("unavailable");

    fail = false;
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Try again" })));
    const link = await screen.findByRole("link", { name: "Design 4" });
    expect(link.getAttribute("href")).toBe(`/d/${NEWEST}`);
  });
});

describe("sharing", () => {
  it("saves the draft through the page's action and shows what the server stored", async () => {
    let posted: unknown = null;
    handler = (url, init) => {
      if (url !== `/api/decision-sets/${DS}/sharing` || init?.method !== "POST") return undefined;
      posted = JSON.parse(typeof init.body === "string" ? init.body : "null");
      return Response.json({ decision_set_id: DS, link: "none", people: [], approvers: [] });
    };
    renderAt(
      [
        {
          path: "/d/:decisionSetId",
          action: decisionSetAction,
          element: (
            <SharingControl
              decisionSetId={DS}
              load={{ kind: "owner", sharing: { decision_set_id: DS, link: "watch", people: [], approvers: [] } }}
              byEmail={false}
            />
          ),
        },
      ],
      `/d/${DS}`,
    );
    fireEvent.click(screen.getByRole("radio", { name: "Only this browser" }));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save sharing" })));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(posted).toEqual({ link: "none", people: [], approvers: [] });
    expect(screen.getByText("Sharing: only people you name")).toBeTruthy();
  });
});
