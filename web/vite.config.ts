// Vite builds the app into dist/, which the gateway serves at / (same origin as the API).
// `npm run dev` serves the sources with the API proxied to `make run`'s gateway on :8000.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const gateway = "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      "/v2": { target: gateway, ws: true },
      "/health": gateway,
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
