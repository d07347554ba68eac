// frontend/*.js has no build step: what ESLint can see without one. A name used but never
// defined, an import or variable left unused, a key twice, code after a return.
import globals from "globals";

const rules = {
  "no-undef": "error",
  "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
  "no-dupe-keys": "error",
  "no-unreachable": "error",
  "no-const-assign": "error",
  "no-redeclare": "error",
};

export default [
  { files: ["**/*.js"], languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: globals.browser }, rules },
  // the service worker: a classic script (Workbox comes by importScripts, its global declared there)
  { files: ["**/sw.js"], languageOptions: { sourceType: "script", globals: globals.serviceworker } },
];
