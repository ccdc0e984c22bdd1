import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

function App() {
  return <h1>Reasonstream</h1>;
}

const root = document.getElementById("root");
if (root !== null) createRoot(root).render(<StrictMode><App /></StrictMode>);
