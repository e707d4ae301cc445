import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Static files only: the API (embedded mode) or nginx (the frontend role) serves dist/ at /.
// Relative asset URLs so the same build works under any prefix; nothing is fetched from a CDN.
export default defineConfig({
  plugins: [react()],
  base: "./",
  build: { outDir: "dist", sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: { "/api": "http://localhost:8000", "/openapi": "http://localhost:8000" } },
});
