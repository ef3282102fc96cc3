// Entry point: mounts the app (the gateway serves the built files at /).

import "@xyflow/react/dist/style.css";
import "./styles.css";

import { createRoot } from "react-dom/client";

import { App } from "./App";
import { ErrorBoundary } from "./ErrorBoundary";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <ErrorBoundary>
      <App />
    </ErrorBoundary>,
  );
}
