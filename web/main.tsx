import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { ChatRoute } from "./routes/ChatRoute";
import { DecisionSetRoute } from "./routes/DecisionSetRoute";
import { HistoryRoute } from "./routes/HistoryRoute";
import { Layout, NotFound, RouteError } from "./routes/Layout";
import "./styles.css";

const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <ChatRoute /> },
      { path: "d/:decisionSetId", element: <DecisionSetRoute /> },
      { path: "history", element: <HistoryRoute /> },
      // Loaded on demand: only the replay needs it, and it brings the result views with it,
      // so a replay needs no request once its page has loaded.
      { path: "replay", lazy: async () => ({ Component: (await import("./routes/ReplayRoute")).ReplayRoute }) },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <RouterProvider router={router} />
    </StrictMode>,
  );
}
