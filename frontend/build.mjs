// Compiles application.scss into ../static/govuk/ and copies GOV.UK Frontend's JavaScript.
// Run with `make frontend`; the output is committed so running the app needs no Node.
import { compile } from "sass";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";

const out = new URL("../static/govuk/", import.meta.url);
mkdirSync(out, { recursive: true });

const result = compile(new URL("application.scss", import.meta.url).pathname, {
  loadPaths: [new URL("node_modules/", import.meta.url).pathname],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(new URL("application.css", out), result.css);

copyFileSync(
  new URL("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", import.meta.url),
  new URL("govuk-frontend.min.js", out),
);
// GOV.UK's accessible autocomplete: a borough chosen by typing, enhancing a <select>
// that works as it is without JavaScript.
const autocomplete = new URL("../static/autocomplete/", import.meta.url);
mkdirSync(autocomplete, { recursive: true });
// Their source maps too: the scripts name them, and collectstatic checks every name.
for (const name of [
  "accessible-autocomplete.min.js",
  "accessible-autocomplete.min.js.map",
  "accessible-autocomplete.min.css",
  "accessible-autocomplete.min.css.map",
]) {
  copyFileSync(
    new URL(`node_modules/accessible-autocomplete/dist/${name}`, import.meta.url),
    new URL(name, autocomplete),
  );
}
console.log("Built static/govuk/application.css, govuk-frontend.min.js and the autocomplete");
