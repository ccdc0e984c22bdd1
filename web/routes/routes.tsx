/**
 * The app's routes as data: each page's one-off data comes from its loader (fetched before
 * the page renders, reloaded after its actions), a failed load renders the route's error
 * element, and the live stream stays with the components that show it.
 */
import type { RouteObject } from "react-router";
import { revisionsLoader, revisionsShouldRevalidate } from "../lib/revisions-loader";
import { ChatRoute } from "./ChatRoute";
import { decisionSetAction, decisionSetLoader, DecisionSetRoute } from "./DecisionSetRoute";
import { historyLoader, HistoryRoute } from "./HistoryRoute";
import { Layout, NotFound, PageLoading, RouteError } from "./Layout";

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <ChatRoute /> },
      {
        path: "d/:decisionSetId",
        loader: decisionSetLoader,
        action: decisionSetAction,
        element: <DecisionSetRoute />,
        hydrateFallbackElement: <PageLoading />,
        errorElement: <RouteError />,
      },
      // Not a page: the revision comparison loads its data from here through a fetcher.
      {
        path: "d/:decisionSetId/revisions",
        loader: revisionsLoader,
        shouldRevalidate: revisionsShouldRevalidate,
        element: <NotFound />,
      },
      {
        path: "history",
        loader: historyLoader,
        element: <HistoryRoute />,
        hydrateFallbackElement: <PageLoading />,
        errorElement: <RouteError what="Your decision sets could not be loaded" />,
      },
      // Loaded on demand: only the replay needs it, and it brings the result views with it,
      // so a replay needs no request once its page has loaded.
      {
        path: "replay",
        hydrateFallbackElement: <PageLoading />,
        lazy: async () => {
          const { ReplayRoute, replayLoader } = await import("./ReplayRoute");
          return { Component: ReplayRoute, loader: replayLoader };
        },
      },
      { path: "*", element: <NotFound /> },
    ],
  },
];
